/**
 * One PBX as the rest of the agent sees it: its live call events, whether the
 * link is up, and nothing of AMI's actions. It owns the PBX's AMI adapter and,
 * after every login, brings the call tracker up to date before it says `up`.
 *
 * ```
 *  AMI login ──► resync: boot id, live channels, queue callers ──► tracker.resync ──► up
 *      ▲                                                                             │
 *      └──────────── reconnect ◄──── down ◄──── session lost (close, Ping timeout) ◄─┘
 * ```
 */
import type { Logger } from 'pino'
import { isPbxId } from '../model/pbx.js'
import type { AmiAdapter, AmiDisconnectInfo, AmiSession } from './ami/ami-adapter.js'
import { AmiErrorCode, isAmiError } from './ami/ami-error.js'
import type { AmiEvent } from './ami/events.js'
import { GuardedEmitter } from './ami/guarded-emitter.js'
import { queryBootId, queryLiveChannels } from './ami/pbx-queries.js'
import type { CallTracker } from './calls/call-tracker.js'

/**
 * The link as operators see it: `connected` once the PBX is logged in and
 * its calls were re-read, `connecting` while logging in or re-reading.
 */
export type PbxLinkStatus = 'connecting' | 'connected' | 'disconnected'

/** The link is up and the tracker has caught up (or tried to). */
export interface PbxUp {
  readonly pbxId: string
  /** The AMI session; grows by one per login. */
  readonly epoch: number
  /** False when re-reading the live calls failed: those calls stay `unverified` until the next login. */
  readonly resynced: boolean
}

/** The session ended; every call of this PBX is unconfirmed until the next {@link PbxUp}. */
export interface PbxDown {
  readonly pbxId: string
  readonly reason: string
  readonly code: AmiErrorCode
}

/** Event map of {@link PbxLink}. */
export interface PbxLinkEvents {
  /** Every live event of this PBX, in arrival order. */
  event: [AmiEvent]
  /** After each login, once the resync is done. */
  up: [PbxUp]
  /** Once per lost session (failed reconnect attempts while down do not repeat it). */
  down: [PbxDown]
}

/** The part of {@link AmiAdapter} a link uses. */
export type PbxLinkAmi = Pick<AmiAdapter, 'on' | 'off' | 'send' | 'sendList' | 'status' | 'start' | 'stop'>

/** Options of {@link PbxLink}. */
export interface PbxLinkOptions {
  /** The PBX's id (see `model/pbx.ts`); `DEFAULT_PBX_ID` for the one PBX configured today. */
  readonly pbxId: string
  readonly ami: PbxLinkAmi
  /** Where the resync's snapshot goes: the tracker of this PBX's calls. */
  readonly tracker: Pick<CallTracker, 'resync'>
  readonly logger: Logger
}

/**
 * Keeps one PBX's link and resyncs after every login. Listener exceptions are
 * logged (`RC_ERR_AMI_LISTENER_FAILED`), never rethrown.
 */
export class PbxLink extends GuardedEmitter<PbxLinkEvents> {
  /** The PBX this link talks to. */
  readonly pbxId: string
  readonly #ami: PbxLinkAmi
  readonly #tracker: Pick<CallTracker, 'resync'>
  readonly #log: Logger
  /** The logged-in AMI session; null while down. */
  #session: AmiSession | null = null
  /** The session that has been announced `up`. */
  #upEpoch: number | null = null

  /** @throws Error for a PBX id that does not match `PBX_ID_PATTERN`. */
  constructor (opts: PbxLinkOptions) {
    super()
    this.pbxId = opts.pbxId
    if (!isPbxId(this.pbxId)) throw new Error(`invalid PBX id ${JSON.stringify(this.pbxId)}`)
    this.#ami = opts.ami
    this.#tracker = opts.tracker
    this.#log = opts.logger.child({ pbxId: this.pbxId })
    this.#ami.on('event', this.#onEvent)
    this.#ami.on('connected', this.#onConnected)
    this.#ami.on('disconnected', this.#onDisconnected)
  }

  /** See {@link PbxLinkStatus}. */
  get status (): PbxLinkStatus {
    if (this.#session !== null && this.#upEpoch === this.#session.epoch) return 'connected'
    return this.#ami.status === 'disconnected' ? 'disconnected' : 'connecting'
  }

  /** Connects and keeps the link up until {@link stop}. Idempotent. */
  start (): void {
    this.#ami.start()
  }

  /** Closes the link; no reconnect after this. A resync in flight is abandoned. */
  async stop (): Promise<void> {
    await this.#ami.stop()
  }

  readonly #onEvent = (event: AmiEvent): void => {
    this.notify('event', event)
  }

  readonly #onConnected = (session: AmiSession): void => {
    this.#session = session
    void this.#catchUp(session)
  }

  readonly #onDisconnected = (info: AmiDisconnectInfo): void => {
    if (this.#session === null) return
    this.#session = null
    this.#upEpoch = null
    this.notify('down', { pbxId: this.pbxId, reason: info.reason, code: info.code })
  }

  /** Resyncs, then announces `up` unless the session ended meanwhile (its successor resyncs itself). */
  async #catchUp (session: AmiSession): Promise<void> {
    let resynced = false
    try {
      resynced = await this.#resync(session)
    } catch (err) {
      if (this.#session !== session) {
        this.#log.debug({ epoch: session.epoch }, 'resync abandoned: the AMI session ended')
        return
      }
      if (isAmiError(err)) {
        this.#log.warn({ err, code: err.code, epoch: session.epoch }, 'resync after AMI login failed; live calls stay unverified until the next login')
      } else {
        this.#log.error({ err, code: 'RC_ERR_INTERNAL', epoch: session.epoch }, 'resync after AMI login failed; live calls stay unverified until the next login')
      }
    }
    if (this.#session !== session) return
    this.#upEpoch = session.epoch
    this.notify('up', { pbxId: this.pbxId, epoch: session.epoch, resynced })
  }

  /**
   * Re-reads the live channels and queue callers, so the tracker keeps calls
   * that survived the outage and closes those that did not. False when the
   * session ended before the snapshot could be applied.
   */
  async #resync (session: AmiSession): Promise<boolean> {
    const bootId = await this.#bootId(session)
    const live = await queryLiveChannels(this.#ami)
    if (this.#session !== session) return false
    this.#tracker.resync({ ...session, bootId }, live.channels, live.queueEntries)
    return true
  }

  /**
   * The exact boot id keeps call ids stable across agent restarts; without it
   * the tracker estimates the boot from Uptime, which an agent restart can
   * shift by a second. A lost link fails the whole resync instead.
   */
  async #bootId (session: AmiSession): Promise<string | null> {
    let bootId: string | null
    try {
      bootId = await queryBootId(this.#ami)
    } catch (err) {
      if (isAmiError(err) && (err.code === AmiErrorCode.Disconnected || err.code === AmiErrorCode.NotConnected)) throw err
      const code = isAmiError(err) ? err.code : AmiErrorCode.ActionFailed
      this.#log.warn({ err, code, epoch: session.epoch }, 'CoreStatus failed; call ids fall back to the PBX uptime and may change when the agent restarts')
      return null
    }
    if (bootId === null) {
      this.#log.warn({ code: AmiErrorCode.MalformedFrame, epoch: session.epoch }, 'CoreStatus had no startup time; call ids fall back to the PBX uptime and may change when the agent restarts')
    }
    return bootId
  }

  protected override onListenerError (name: string, err: unknown): void {
    this.#log.error({ code: AmiErrorCode.ListenerFailed, listener: name, err }, 'PBX link listener threw')
  }
}
