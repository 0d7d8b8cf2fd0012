/**
 * Where the tracker's records live and how they are keyed: channels by
 * Uniqueid, calls by Linkedid (every Linkedid a call ever had), published
 * calls by id, and ended calls for a retention window. Also owns the PBX boot
 * marker that makes call ids unique across Asterisk restarts.
 */
import type { Logger } from 'pino'
import { ChannelState } from '../ami/call-facts.js'
import type { ChannelSnapshot } from '../ami/events.js'
import { CallState, callIdOf } from '../../model/call.js'
import { inheritFromSibling } from './call-roles.js'
import { newCall, newChannel, type TrackedCall, type TrackedChannel } from './tracked-call.js'

/** FullyBooted `Uptime` has 1 s resolution; two estimates of the same boot differ by less than this. */
const BOOT_TOLERANCE_MS = 2500

export interface CallRegistryOptions {
  readonly pbxId: string
  readonly now: () => number
  readonly logger: Logger
  readonly keepEndedMs: number
  readonly keepEndedMax: number
}

export interface Touched {
  readonly channel: TrackedChannel
  /** The call a channel left because its new Linkedid belongs to an older call. */
  readonly left: TrackedCall | null
}

export class CallRegistry {
  readonly #opts: CallRegistryOptions
  readonly #channels = new Map<string, TrackedChannel>()
  readonly #byLinkedid = new Map<string, TrackedCall>()
  readonly #byId = new Map<string, TrackedCall>()
  readonly #ended: TrackedCall[] = []
  #bootAtMs: number
  #bootKnown = false
  /** Exact boot identity from CoreStatus, when the PBX answered it. */
  #bootId: string | null = null

  constructor (opts: CallRegistryOptions) {
    this.#opts = opts
    this.#bootAtMs = opts.now()
  }

  channel (uniqueid: string): TrackedChannel | undefined {
    return this.#channels.get(uniqueid)
  }

  /** Every call not yet ended, published or not. */
  liveCalls (): TrackedCall[] {
    return [...new Set(this.#byLinkedid.values())].filter(call => call.state !== CallState.Ended)
  }

  published (id: string): TrackedCall | undefined {
    return this.#byId.get(id)
  }

  publishedCalls (): IterableIterator<TrackedCall> {
    return this.#byId.values()
  }

  markPublished (call: TrackedCall): void {
    this.#byId.set(call.id, call)
  }

  /**
   * Finds or creates the channel (and its call), follows a Linkedid change
   * (B.7: the call is re-keyed, or the channel joins the older call it was
   * bridged into), and refreshes the snapshot fields.
   */
  touch (snap: ChannelSnapshot): Touched {
    let ch = this.#channels.get(snap.uniqueid)
    let left: TrackedCall | null = null
    if (ch === undefined) {
      const call = this.#byLinkedid.get(snap.linkedid) ?? this.#createCall(snap.linkedid)
      ch = newChannel(snap.uniqueid, snap.linkedid, call)
      ch.name = snap.channel
      call.channels.add(ch)
      this.#channels.set(snap.uniqueid, ch)
      inheritFromSibling(ch)
    } else if (snap.linkedid !== ch.linkedid) {
      left = this.#relink(ch, snap.linkedid)
    }
    ch.name = snap.channel
    if (snap.state !== ChannelState.Unknown) ch.state = snap.state
    ch.callerNum = snap.callerNum
    ch.callerName = snap.callerName
    ch.connectedNum = snap.connectedNum
    ch.connectedName = snap.connectedName
    return { channel: ch, left }
  }

  #createCall (linkedid: string): TrackedCall {
    const id = callIdOf(this.#opts.pbxId, this.#bootId ?? String(Math.round(this.#bootAtMs / 1000)), linkedid)
    const call = newCall(id, this.#opts.pbxId, linkedid, this.#opts.now(), this.#opts.logger.child({ callId: id }))
    this.#byLinkedid.set(linkedid, call)
    return call
  }

  #relink (ch: TrackedChannel, linkedid: string): TrackedCall | null {
    const target = this.#byLinkedid.get(linkedid)
    ch.linkedid = linkedid
    if (target === undefined) {
      this.#byLinkedid.set(linkedid, ch.call)
      return null
    }
    if (target === ch.call || target.state === CallState.Ended) return null
    const old = ch.call
    old.channels.delete(ch)
    target.channels.add(ch)
    ch.call = target
    return old
  }

  /**
   * Records the PBX uptime from FullyBooted or a resync session, and the exact
   * boot id from CoreStatus when known (it then prefixes new call ids, so an
   * agent restart gives a live call the same id again). Returns true when
   * either shows a restart: the caller must end the old run's calls, then call
   * {@link forgetRun}.
   */
  noteBoot (uptimeS: number | null, bootId: string | null = null): boolean {
    let restarted = false
    if (bootId !== null) {
      restarted = this.#bootId !== null && this.#bootId !== bootId
      this.#bootId = bootId
    }
    if (uptimeS === null) return restarted
    const bootAt = this.#opts.now() - uptimeS * 1000
    if (this.#bootKnown && Math.abs(bootAt - this.#bootAtMs) <= BOOT_TOLERANCE_MS) return restarted
    restarted ||= this.#bootKnown
    this.#bootKnown = true
    this.#bootAtMs = bootAt
    if (restarted && bootId === null) this.#bootId = null
    return restarted
  }

  /** Uniqueids restart with Asterisk: the old run's keys must not catch the new run's channels. Ended calls stay readable by id. */
  forgetRun (): void {
    this.#channels.clear()
    this.#byLinkedid.clear()
  }

  /** Keeps an ended call for late events and `get()`, and forgets the oldest past the retention window. */
  retire (call: TrackedCall): void {
    this.#ended.push(call)
    const cutoff = this.#opts.now() - this.#opts.keepEndedMs
    while (this.#ended.length > 0) {
      const oldest = this.#ended[0] as TrackedCall
      if (this.#ended.length <= this.#opts.keepEndedMax && (oldest.endedAt ?? 0) >= cutoff) return
      this.#ended.shift()
      if (this.#byId.get(oldest.id) === oldest) this.#byId.delete(oldest.id)
      for (const ch of oldest.channels) {
        if (this.#channels.get(ch.uniqueid) === ch) this.#channels.delete(ch.uniqueid)
        if (this.#byLinkedid.get(ch.linkedid) === oldest) this.#byLinkedid.delete(ch.linkedid)
      }
      if (this.#byLinkedid.get(oldest.linkedid) === oldest) this.#byLinkedid.delete(oldest.linkedid)
    }
  }
}
