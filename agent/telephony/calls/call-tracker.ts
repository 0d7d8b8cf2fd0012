import type { Logger } from 'pino'
import { ChannelState, DialStatus, HangupCategory } from '../ami/call-facts.js'
import type {
  AgentEvent, AmiEvent, BridgeEvent, ChannelEvent, ChannelSnapshot, CoreShowChannelEvent,
  DialEvent, HangupEvent, QueueCallerEvent, QueueEntryEvent, TransferEvent
} from '../ami/events.js'
import type { ErrorCode } from '../../errors.js'
import { CallState, CallResult, type Call, type CallChange, type CallChangeKind } from '../../model/call.js'
import { CallRegistry } from './call-registry.js'
import { classifyDial, classifySnapshot, joinQueue, makeLeg, type RoleContext } from './call-roles.js'
import { transition } from './call-transitions.js'
import { extensionOf } from './channel-name.js'
import { answerLeg, answerRemote, closeLegs, dropAbsent, failDial, leaveTalk, markRinging } from './leg-progress.js'
import {
  resultOf, endedByOf, impliedState, legChannels, legViews, toCall, type DialProgress, type TrackedCall, type TrackedChannel
} from './tracked-call.js'

const ILLEGAL_TRANSITION: ErrorCode = 'RC_ERR_CALL_ILLEGAL_TRANSITION'

/** What a ringing leg's hangup means for that leg: busy and no-answer are the phone's doing, anything else a cancel. */
const HANGUP_OUTCOME: Readonly<Record<HangupCategory, DialProgress>> = {
  [HangupCategory.Busy]: 'busy',
  [HangupCategory.NoAnswer]: 'noanswer',
  [HangupCategory.Normal]: 'cancelled',
  [HangupCategory.Rejected]: 'cancelled',
  [HangupCategory.Congestion]: 'cancelled',
  [HangupCategory.AnsweredElsewhere]: 'cancelled',
  [HangupCategory.Other]: 'cancelled'
}

export interface CallTrackerOptions {
  /**
   * The PBX whose events this tracker applies (`default` for the one PBX
   * configured today). It prefixes every call id and is on every {@link Call}.
   */
  readonly pbxId: string
  /** Wall clock in epoch ms; every timestamp on a {@link Call} comes from it. */
  readonly now: () => number
  readonly logger: Logger
  /**
   * Which extensions of this PBX are operator phones. Optional: without it the tracker
   * relies on the dial structure alone (see {@link CallTracker}). With it, a
   * dialed destination that is not an operator is never shown as a leg, and a
   * call dialed out from an operator's own phone is recognised as outbound.
   */
  readonly isOperatorExtension?: (extension: string) => boolean
  /** How long an ended call stays readable through `get()`. Default 15 min. */
  readonly keepEndedMs?: number
  /** At most this many ended calls are kept. Default 1000. */
  readonly keepEndedMax?: number
}

/**
 * Turns AMI events into {@link Call} snapshots, one per Asterisk call chain.
 *
 * **Grouping.** Channels are keyed by Uniqueid (opaque, never parsed) and grouped
 * by Linkedid. When an event shows a channel with a new Linkedid the call is
 * re-keyed (it keeps its id) or the channel moves to the older call it joined.
 *
 * **Id.** `<pbxId>:<boot>:<first Linkedid>`. The boot is the PBX's exact
 * startup time when a resync session carries it (`bootId`, from CoreStatus), so
 * an agent restart gives a live call the same id again; otherwise it is the
 * epoch second estimated as `now() - Uptime` from FullyBooted (or the `resync`
 * session), kept as long as later estimates agree within 2.5 s. Either way a
 * reconnect to the same Asterisk run yields the same ids, while a restart
 * (Uniqueid counter back to 0) cannot collide with old ones. Before any uptime
 * is known the tracker's start time stands in.
 *
 * **Roles.** The destination of a DialBegin/AgentCalled with a caller is an
 * operator leg, its extension read from the queue Interface or the channel
 * name (`Local/1001@…;1`, `PJSIP/1001-…`), never from the caller leg's name.
 * The dialing channel is the customer side. A Local channel's other half shares
 * its role. Nothing pops on Newchannel: a call is published when it is first
 * queued, rung, answered, or (busy) ends with an attempt to show.
 *
 * **Direction.** Outbound when the channel that dials the remote party is
 * itself an operator: the destination of a caller-less DialBegin (Originate,
 * click-to-dial) that then dials out, or — with `isOperatorExtension` — a
 * channel of an operator extension dialing a non-operator. Everything else,
 * including every call found only in a resync snapshot, is inbound.
 * On outbound calls `remote` is the callee and `answeredAt` the callee's answer.
 *
 * **Times** (all from `now()` when the event is applied). `startedAt`: first
 * channel seen. Leg `ringingAt`: first ring (DialState ringing, Newstate ringing or
 * AgentCalled). `answeredAt`: first answer of any operator (DialEnd answer,
 * AgentConnect or BridgeEnter) — kept across transfers. `endedAt`: first hangup
 * of a party of the talking call (customer side, or the answering operator's
 * leg), AgentComplete, or for unanswered calls the customer's hangup. So ring
 * time = `answeredAt − ringingAt` of the answering leg, talk time =
 * `endedAt − answeredAt` (see `call-durations.ts`).
 *
 * **endedBy.** Answered: the side that hung up first (`customer`/`operator`).
 * Unanswered: `customer` when the caller left a queue or hung up while it
 * rang, else `system` (ring timeout, busy); `system` when the link lost it.
 *
 * **Changes.** `ringing`: at least one extension joined the call (rings, or was
 * found already talking) — each extension triggers this once per call;
 * `answered`: `answeredBy` changed; `ended`: exactly once; `updated`: any other
 * visible change. Consumers must not assume `ringing` comes first: a busy call
 * publishes only `ended`, a queued call starts with `updated`.
 *
 * AMI drops, repeats and reorders events: a state change the allow-list refuses
 * is counted and logged with `RC_ERR_CALL_ILLEGAL_TRANSITION`; an ended call
 * never re-opens.
 */
export class CallTracker {
  readonly #now: () => number
  readonly #log: Logger
  readonly #isOperator: ((extension: string) => boolean) | undefined
  readonly #registry: CallRegistry
  readonly #dirty = new Set<TrackedCall>()
  readonly #listeners = new Set<(change: CallChange) => void>()
  #illegal = 0
  #applied = 0

  constructor (opts: CallTrackerOptions) {
    this.#now = opts.now
    this.#log = opts.logger
    this.#isOperator = opts.isOperatorExtension
    this.#registry = new CallRegistry({
      pbxId: opts.pbxId,
      now: opts.now,
      logger: opts.logger,
      keepEndedMs: opts.keepEndedMs ?? 15 * 60_000,
      keepEndedMax: opts.keepEndedMax ?? 1000
    })
  }

  /** Applies one live event. Never throws: a failure is logged and the event skipped. */
  apply (event: AmiEvent): void {
    this.#applied++
    try {
      this.#dispatch(event)
    } catch (err) {
      this.#log.error({ err, event: event.type }, 'call tracker could not apply an AMI event; skipped')
    }
    this.#flush()
  }

  /** Subscribes to changes; returns the unsubscribe function. A listener that throws is logged and skipped. */
  onChange (listener: (change: CallChange) => void): () => void {
    this.#listeners.add(listener)
    return () => { this.#listeners.delete(listener) }
  }

  /** Published calls that have not ended. */
  calls (): Call[] {
    return [...this.#registry.publishedCalls()].flatMap(c => c.state !== CallState.Ended && c.last !== null ? [c.last] : [])
  }

  /** A published call by id, including recently ended ones. */
  get (id: string): Call | undefined {
    return this.#registry.published(id)?.last ?? undefined
  }

  /** The PBX link dropped: live calls are kept but marked `unverified` until {@link resync}. */
  linkDown (): void {
    for (const call of this.#registry.publishedCalls()) {
      if (call.state === CallState.Ended || call.unverified) continue
      call.unverified = true
      this.#dirty.add(call)
    }
    this.#flush()
  }

  /**
   * Merges a fresh CoreShowChannels + QueueStatus snapshot after (re)connect
   * (ami-reference B.9). A live call none of whose channels (or none of whose
   * customer-side channels) is listed ends as `unknown` by `system`; listed
   * calls are refreshed without a new `ringing` for extensions that already rang;
   * calls we did not know are created and pop if an operator leg rings or talks.
   * Channels whose Hangup was applied in the meantime stay hung up.
   */
  resync (session: { epoch: number; uptimeS: number | null; bootId?: string | null }, channels: readonly CoreShowChannelEvent[], queueEntries: readonly QueueEntryEvent[]): void {
    this.#noteBoot(session.uptimeS, session.bootId ?? null)
    this.#log.debug({ epoch: session.epoch, channels: channels.length, queueEntries: queueEntries.length }, 'resync')
    const rows = new Map(channels.map(row => [row.channel.uniqueid, row]))
    for (const call of this.#registry.liveCalls()) {
      if (dropAbsent(call, uid => rows.has(uid), this.#now())) {
        this.#end(call, 'system', CallResult.Unknown)
        continue
      }
      call.unverified = false
      this.#dirty.add(call)
    }
    const fresh = new Set<TrackedCall>()
    for (const row of channels) {
      const known = this.#registry.channel(row.channel.uniqueid)
      if (known !== undefined && known.hungUpAt !== null) continue
      const ch = this.#touch(row.channel)
      if (ch.call.state !== 'new') continue
      fresh.add(ch.call)
      if (row.durationS !== null) ch.call.startedAt = Math.min(ch.call.startedAt, this.#now() - row.durationS * 1000)
    }
    for (const entry of queueEntries) {
      const ch = this.#registry.channel(entry.uniqueid)
      if (ch === undefined || ch.call.state === CallState.Ended) continue
      joinQueue(ch, entry.queue, true)
    }
    for (const call of fresh) classifySnapshot(call, uid => rows.get(uid)?.dialed ?? false, this.#roles)
    for (const row of channels) {
      const ch = this.#registry.channel(row.channel.uniqueid)
      if (ch === undefined || ch.hungUpAt !== null || ch.call.state === CallState.Ended) continue
      if (ch.call.remote === ch && row.channel.state === ChannelState.Up) this.#remoteAnswered(ch.call)
      if (ch.leg !== ch) continue
      if (row.channel.state === ChannelState.Up) this.#answer(ch)
      else if (row.channel.state === ChannelState.Ringing) this.#ringing(ch)
    }
    this.#flush()
  }

  /** Counters for health checks and tests: refused state changes, events applied. */
  stats (): { illegalTransitions: number; eventsApplied: number } {
    return { illegalTransitions: this.#illegal, eventsApplied: this.#applied }
  }

  #dispatch (event: AmiEvent): void {
    switch (event.type) {
      case 'Newchannel': case 'Newstate': case 'NewCallerid': case 'NewConnectedLine':
        return this.#onChannel(event)
      case 'Hangup': return this.#onHangup(event)
      case 'DialBegin': case 'DialState': case 'DialEnd': return this.#onDial(event)
      case 'BridgeEnter': case 'BridgeLeave': return this.#onBridge(event)
      case 'QueueCallerJoin': case 'QueueCallerLeave': case 'QueueCallerAbandon': return this.#onQueueCaller(event)
      case 'AgentCalled': case 'AgentConnect': case 'AgentComplete': case 'AgentRingNoAnswer': return this.#onAgent(event)
      case 'BlindTransfer': case 'AttendedTransfer': return this.#onTransfer(event)
      case 'FullyBooted': return this.#noteBoot(event.uptimeS)
      case 'Shutdown': return this.linkDown()
      // Resync material (handled by resync()) and events without call state.
      case 'CoreShowChannel': case 'QueueEntry': case 'QueueMember': case 'QueueMemberStatus':
      case 'QueueMemberPause': case 'OriginateResponse': case 'Other':
        return
      default: {
        const unhandled: never = event
        return unhandled
      }
    }
  }

  #onChannel (e: ChannelEvent): void {
    const ch = this.#touch(e.channel)
    if (e.presentationRestricted === true) ch.call.presentationRestricted = true
    if (e.channel.state === ChannelState.Ringing) this.#ringing(ch)
  }

  #onDial (e: DialEvent): void {
    const dest = this.#touch(e.dest)
    if (e.caller === null) {
      // Originate: the destination's role shows only once it dials (operator) or is dialed for.
      dest.originated = true
      if (e.status === DialStatus.Ringing) this.#ringing(dest)
      if (e.type === 'DialEnd' && e.status === DialStatus.Answer) dest.upAt ??= this.#now()
      return
    }
    const caller = this.#touch(e.caller)
    if (dest.side === null && dest.leg === null) classifyDial(caller, dest, e.dialString, this.#roles)
    if (e.status === DialStatus.Ringing) this.#ringing(dest)
    if (e.type !== 'DialEnd' || e.status === null) return
    if (e.status === DialStatus.Answer) {
      if (dest.leg === dest) this.#answer(dest)
      else if (dest.call.remote === dest) this.#remoteAnswered(dest.call)
    } else if (dest.leg === dest && this.#live(dest.call, null)) {
      failDial(dest, e.status === DialStatus.Busy ? 'busy' : e.status === DialStatus.Cancel ? 'cancelled' : 'noanswer', this.#now())
    }
  }

  #onHangup (e: HangupEvent): void {
    const ch = this.#touch(e.channel)
    if (ch.hungUpAt !== null) return
    ch.hungUpAt = this.#now()
    const call = ch.call
    if (call.state === CallState.Ended) return
    if (ch.leg === ch && (ch.dial === 'dialing' || ch.dial === 'ringing')) {
      call.log.debug({ ext: ch.ext, category: e.category, cause: e.cause }, 'operator leg hung up before answering')
      failDial(ch, HANGUP_OUTCOME[e.category], this.#now())
    }
    if (call.talkingExt !== null) {
      if (ch.side === 'customer') return this.#end(call, 'customer')
      if (ch.leg !== null && ch.leg.ext === call.talkingExt && ch.leg.dial === 'answered') return this.#end(call, 'operator')
    } else if (ch.side === 'customer') {
      return this.#end(call, 'customer')
    } else if (call.direction === 'outbound' && ch.side === 'operator' && call.answeredAt === null) {
      return this.#end(call, 'operator')
    }
    if ([...call.channels].every(c => c.hungUpAt !== null)) this.#end(call, 'system')
  }

  #onBridge (e: BridgeEvent): void {
    const ch = this.#touch(e.channel)
    if (e.type === 'BridgeLeave') return
    if (ch.leg === ch) this.#answer(ch)
    else if (ch.call.remote === ch) this.#remoteAnswered(ch.call)
  }

  #onQueueCaller (e: QueueCallerEvent): void {
    const ch = this.#touch(e.channel)
    if (e.type === 'QueueCallerJoin') {
      if (this.#live(ch.call, CallState.Queued)) joinQueue(ch, e.queue, true)
    } else if (ch.call.state !== CallState.Ended) {
      ch.call.inQueue = false
    }
  }

  #onAgent (e: AgentEvent): void {
    const caller = e.caller === null ? null : this.#touch(e.caller)
    const dest = e.dest === null ? null : this.#touch(e.dest)
    const call = (caller ?? dest)?.call
    if (call === undefined) return
    const ext = (e.iface === null ? null : extensionOf(e.iface)) ?? (dest === null ? null : extensionOf(dest.name)) ?? e.memberName
    switch (e.type) {
      case 'AgentCalled':
        if (!this.#live(call, CallState.Ringing)) return
        if (caller !== null) joinQueue(caller, e.queue, false)
        if (dest === null) return
        if (dest.leg === null && ext !== null) makeLeg(dest, ext, this.#now())
        return this.#ringing(dest)
      case 'AgentConnect': {
        if (!this.#live(call, CallState.Connected)) return
        if (dest !== null && dest.leg === null && ext !== null) makeLeg(dest, ext, this.#now())
        const leg = dest?.leg ?? legChannels(call).get(ext ?? '')?.find(ch => ch.dial === 'ringing')
        if (leg !== undefined && leg !== null) this.#answer(leg)
        return
      }
      case 'AgentRingNoAnswer':
        if (dest !== null && dest.leg === dest && this.#live(call, null)) failDial(dest, 'noanswer', this.#now())
        return
      case 'AgentComplete':
        if (call.state === CallState.Ended || call.talkingExt === null || (ext !== null && ext !== call.talkingExt)) return
        if (e.reason === 'transfer') return leaveTalk(call, this.#now())
        // `other` or absent: the caller's side is the usual end of a queue call.
        return this.#end(call, e.reason === 'agent' ? 'operator' : 'customer')
    }
  }

  #onTransfer (e: TransferEvent): void {
    if (e.type === 'AttendedTransfer' || e.transferer === null || !e.succeeded) {
      this.#log.debug({ event: e.type, result: e.result }, 'transfer not modelled; legs follow from dial events')
      return
    }
    const by = this.#touch(e.transferer)
    const call = by.call
    const key = `${by.uniqueid}>${e.extension ?? ''}`
    if (call.state === CallState.Ended || call.transferKeys.has(key)) return
    call.transferKeys.add(key)
    if (by.side === 'operator' && by.leg?.ext === call.talkingExt) leaveTalk(call, this.#now())
    if (e.extension !== null && e.extension !== '') call.transfers.push(e.extension)
  }

  #touch (snap: ChannelSnapshot): TrackedChannel {
    const { channel, left } = this.#registry.touch(snap)
    this.#dirty.add(channel.call)
    if (left !== null) {
      this.#dirty.add(left)
      if ([...left.channels].every(ch => ch.hungUpAt !== null)) this.#end(left, 'system')
    }
    return channel
  }

  #ringing (ch: TrackedChannel): void {
    if (ch.leg === ch && !this.#live(ch.call, CallState.Ringing)) return
    markRinging(ch, this.#now())
  }

  #answer (ch: TrackedChannel): void {
    if (this.#live(ch.call, ch.call.direction === 'inbound' ? CallState.Connected : null)) answerLeg(ch, this.#now())
  }

  #remoteAnswered (call: TrackedCall): void {
    if (this.#live(call, CallState.Connected)) answerRemote(call, this.#now())
  }

  get #roles (): RoleContext {
    return { now: this.#now(), isOperator: this.#isOperator }
  }

  /**
   * False for an ended call. `implied` is the state the event would have
   * moved it to; asking the gate for it counts the illegal transition.
   */
  #live (call: TrackedCall, implied: CallState | null): boolean {
    if (call.state !== CallState.Ended) return true
    if (implied !== null && transition(call, implied) === 'illegal') this.#countIllegal(call, implied)
    return false
  }

  #countIllegal (call: TrackedCall, to: CallState): void {
    this.#illegal++
    call.log.debug({ code: ILLEGAL_TRANSITION, from: call.state, to }, 'illegal call state transition ignored')
  }

  #end (call: TrackedCall, trigger: 'customer' | 'operator' | 'system', result?: CallResult): void {
    if (call.state === CallState.Ended) return
    const now = this.#now()
    const legs = legViews(call)
    const rangOut = legs.some(l => l.state === 'ringing' || l.state === 'cancelled')
    closeLegs(call, now)
    call.unverified = false
    call.endedAt = now
    call.result = result ?? resultOf(call)
    call.endedBy = call.result === CallResult.Unknown ? 'system' : endedByOf(call, trigger, rangOut)
    const shown = call.state !== 'new' || legs.length > 0 || call.queue !== null
    transition(call, CallState.Ended)
    // Never shown (IVR only, or an Originate nobody picked up): kept only as a tombstone for late events.
    if (shown) this.#emit(call, 'ended')
    this.#registry.retire(call)
  }

  #noteBoot (uptimeS: number | null, bootId: string | null = null): void {
    if (!this.#registry.noteBoot(uptimeS, bootId)) return
    this.#log.info('Asterisk restarted: every call of the previous run ends as unknown')
    for (const call of this.#registry.liveCalls()) this.#end(call, 'system', CallResult.Unknown)
    this.#registry.forgetRun()
  }

  #flush (): void {
    for (const call of this.#dirty) this.#settle(call)
    this.#dirty.clear()
  }

  /** Moves the call to the state its legs imply and publishes what changed. */
  #settle (call: TrackedCall): void {
    if (call.state === CallState.Ended) return
    const legs = legViews(call)
    const target = impliedState(call, legs)
    if (target !== null && transition(call, target) === 'illegal') this.#countIllegal(call, target)
    if (call.state === 'new') return
    const kinds: CallChangeKind[] = []
    const joined = legs.filter(l => (l.state === 'ringing' || l.state === 'answered') && !call.announced.has(l.extension))
    for (const leg of joined) call.announced.add(leg.extension)
    if (joined.length > 0) kinds.push('ringing')
    if (call.answeredBy !== null && call.answeredBy !== call.lastAnsweredBy) kinds.push('answered')
    if (kinds.length === 0 && JSON.stringify(toCall(call, call.state)) !== call.lastJson) kinds.push('updated')
    for (const kind of kinds) this.#emit(call, kind)
  }

  #emit (call: TrackedCall, kind: CallChangeKind): void {
    if (call.state === 'new') return
    const snapshot = toCall(call, call.state)
    call.last = snapshot
    call.lastJson = JSON.stringify(snapshot)
    call.lastAnsweredBy = call.answeredBy
    this.#registry.markPublished(call)
    for (const listener of this.#listeners) {
      try {
        listener({ kind, call: snapshot })
      } catch (err) {
        call.log.error({ err, kind }, 'call change listener threw; it misses this change')
      }
    }
  }
}
