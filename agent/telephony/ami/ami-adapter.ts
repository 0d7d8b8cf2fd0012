/**
 * The only importer of `asterisk-manager` (the user's chosen package). It keeps
 * the library's parser and writer and fixes its defects from outside
 * (shared/docs/ami-reference.md A.12, option 2):
 *
 * - one fresh `Manager` per connection attempt (port 0: no auto-connect, no
 *   `keepConnected()`); on close its listeners go and the instance is dropped,
 *   so a frame cut by a disconnect can never glue onto the next session (A.6);
 * - the library's dispatcher is unhooked: its nextTick emits crash the process
 *   on a throwing listener or a repeated `UserEvent:` header, and an event named
 *   like one of its internal channels (`close`, `rawevent`) would be taken for
 *   a socket event (A.1). We read `rawevent` ourselves and hand the library
 *   only our Login response, so that it sets its `authenticated` flag;
 * - our own Login (with an `Events:` mask), ActionIDs, pending map, timeouts,
 *   list aggregation, Ping heartbeat, backoff and CR/LF guard.
 *
 * ```
 *  start()──► connecting ──TCP──► login ──ack──► booting ──FullyBooted/1 s──► up
 *                 │                 │               │                        │
 *                 └──error/timeout──┴──Error/close──┴────close/missed Pong───┴──► closed ──backoff──► connecting
 * ```
 */
import diagnostics from 'node:diagnostics_channel'
import { Socket } from 'node:net'
import Manager from 'asterisk-manager'
import type { Logger } from 'pino'
import { AmiError, AmiErrorCode, isAmiError } from './ami-error.js'
import { decodeEvent, header } from './events.js'
import type { AmiEvent, AmiFrame, FullyBootedEvent } from './events.js'
import { GuardedEmitter } from './guarded-emitter.js'
import { frameFromLib, parseAmiUrl, toLibAction } from './lib-codec.js'
import type { AmiEndpoint, LibAction } from './lib-codec.js'
import { PendingActions } from './pending-actions.js'
import type { ListResult } from './pending-actions.js'

/** Options of {@link AmiAdapter}. */
export interface AmiAdapterOptions {
  /** `ami://user:secret@host:5038`; user and secret may be percent-encoded. The secret is never logged. */
  url: string
  logger: Logger
  /** Login `Events:` mask. Default `system,call,agent` (FullyBooted needs `system`). */
  eventMask?: string
  /** Ping heartbeat period once connected. Default 15000. */
  pingIntervalMs?: number
  /** A Ping not answered within this is a dead link. Default 5000. */
  pingTimeoutMs?: number
  /** Deadline for any action (a list: until its Complete event), also for TCP connect and Login. Default 10000. */
  actionTimeoutMs?: number
  /** First reconnect delay. Default 500. */
  reconnectMinMs?: number
  /** Reconnect delay cap. Default 30000. */
  reconnectMaxMs?: number
  /** Wall clock in epoch ms, for timestamps in stats and logs. Default `Date.now`. */
  now?: () => number
}

/** Link state as operators see it. */
export type AmiLinkStatus = 'connecting' | 'connected' | 'disconnected'

/** One logged-in AMI session. */
export interface AmiSession {
  /** Increments per successful login; anything keyed to an older epoch is stale. */
  readonly epoch: number
  /** Asterisk uptime from the FullyBooted that came within ~1 s after login, else null. 0 after a restart. */
  readonly uptimeS: number | null
}

/** Why the link (or a connection attempt) ended. */
export interface AmiDisconnectInfo {
  readonly reason: string
  readonly code: AmiErrorCode
}

/** Counters for health checks and tests. */
export interface AmiAdapterStats {
  connectAttempts: number
  loginFailures: number
  pingTimeouts: number
  actionTimeouts: number
  malformedFrames: number
  listenerErrors: number
  eventsEmitted: number
  /** Epoch ms of the current session's login, null when not connected. */
  connectedSince: number | null
}

/** Event map of {@link AmiAdapter}. */
export interface AmiAdapterEvents {
  /** Every decoded live event. Items of our own list actions go only to {@link AmiAdapter.sendList}. */
  event: [AmiEvent]
  /** After login (+ FullyBooted, waited for at most ~1 s). Resync here. */
  connected: [AmiSession]
  /** Emitted each time the link or a connection attempt ends; all tracked state is now unknown. */
  disconnected: [AmiDisconnectInfo]
}

type ManagerInstance = ReturnType<typeof Manager>
type Phase = 'connecting' | 'login' | 'booting' | 'up' | 'closed'

interface Link {
  /** Connection attempt number; prefixes ActionIDs so late answers from an older instance can never match. */
  readonly gen: number
  readonly ami: ManagerInstance
  socket: Socket | null
  phase: Phase
  loginId: string | null
  /** The one deadline of the current phase (connect, login, FullyBooted wait). */
  phaseTimer: NodeJS.Timeout | undefined
  pingTimer: NodeJS.Timeout | undefined
  /** Events that arrived before `connected` was announced. */
  readonly early: AmiEvent[]
  readonly closed: Promise<void>
}

const FULLY_BOOTED_WAIT_MS = 1000
const STOP_WAIT_MS = 1000
const clientSockets = diagnostics.channel('net.client.socket')

/**
 * asterisk-manager keeps its socket private, and its `disconnect()` only
 * half-closes an open one: a dead peer or a hanging connect would linger
 * (A.6). Node announces every client socket on the `net.client.socket`
 * diagnostics channel synchronously inside `createConnection`, so listening
 * only around our own `connect()` call yields exactly the library's socket.
 */
function captureSocket (open: () => void): Socket | null {
  const seen: { socket: Socket | null } = { socket: null }
  const grab = (message: unknown): void => {
    const socket = (message as { socket?: unknown } | null)?.socket
    if (seen.socket === null && socket instanceof Socket) seen.socket = socket
  }
  clientSockets.subscribe(grab)
  try {
    open()
  } finally {
    clientSockets.unsubscribe(grab)
  }
  return seen.socket
}

/**
 * Keeps one AMI session alive and exposes typed events plus `send`.
 *
 * `send` resolves with the Response frame and rejects with an {@link AmiError}:
 * `RC_ERR_AMI_ACTION_FAILED` on `Response: Error` (frame on `err.response`),
 * `RC_ERR_AMI_ACTION_TIMEOUT`, `RC_ERR_AMI_DISCONNECTED`, `RC_ERR_AMI_NOT_CONNECTED`
 * (nothing is queued while down) or `RC_ERR_AMI_BAD_ACTION_VALUE`.
 * Listener exceptions (and rejected async listeners) are logged and counted, never rethrown.
 */
export class AmiAdapter extends GuardedEmitter<AmiAdapterEvents> {
  readonly #endpoint: AmiEndpoint
  readonly #log: Logger
  readonly #opts: Required<Omit<AmiAdapterOptions, 'url' | 'logger'>>
  readonly #pending: PendingActions
  readonly #stats: AmiAdapterStats = {
    connectAttempts: 0, loginFailures: 0, pingTimeouts: 0, actionTimeouts: 0,
    malformedFrames: 0, listenerErrors: 0, eventsEmitted: 0, connectedSince: null
  }

  #status: AmiLinkStatus = 'disconnected'
  #running = false
  #link: Link | null = null
  #gen = 0
  #epoch = 0
  #counter = 0
  #failures = 0
  #reconnectTimer: NodeJS.Timeout | undefined

  /** @throws AmiError `RC_ERR_AMI_BAD_URL` for a bad URL or event mask. */
  constructor (opts: AmiAdapterOptions) {
    super()
    this.#endpoint = parseAmiUrl(opts.url)
    this.#opts = {
      eventMask: opts.eventMask ?? 'system,call,agent',
      pingIntervalMs: opts.pingIntervalMs ?? 15_000,
      pingTimeoutMs: opts.pingTimeoutMs ?? 5_000,
      actionTimeoutMs: opts.actionTimeoutMs ?? 10_000,
      reconnectMinMs: opts.reconnectMinMs ?? 500,
      reconnectMaxMs: opts.reconnectMaxMs ?? 30_000,
      now: opts.now ?? Date.now
    }
    if (!/^[A-Za-z,]+$/.test(this.#opts.eventMask)) throw new AmiError(AmiErrorCode.BadUrl, 'AMI event mask must be a comma list of classes or on/off')
    this.#log = opts.logger.child({ component: 'ami', ami: this.#endpoint.redacted })
    this.#pending = new PendingActions((failure) => this.#malformed(failure.reason, failure.name))
  }

  /** Current link state. */
  get status (): AmiLinkStatus {
    return this.#status
  }

  /** A copy of the counters. */
  get stats (): Readonly<AmiAdapterStats> {
    return { ...this.#stats }
  }

  /** Connects and keeps the session alive until {@link stop}. Idempotent. */
  start (): void {
    if (this.#running) return
    this.#running = true
    this.#failures = 0
    this.#open()
  }

  /** Logs off (best effort), closes the socket and cancels every timer; no reconnect after this. */
  async stop (): Promise<void> {
    this.#running = false
    clearTimeout(this.#reconnectTimer)
    this.#reconnectTimer = undefined
    const link = this.#link
    if (link === null) return
    if (link.phase === 'up' || link.phase === 'booting') {
      await this.#request(link, { action: 'Logoff' }, Math.min(STOP_WAIT_MS, this.#opts.actionTimeoutMs), false).catch(() => {})
    }
    this.#fail(link, AmiErrorCode.Disconnected, 'stopped')
    let timer: NodeJS.Timeout | undefined
    await Promise.race([link.closed, new Promise<void>(resolve => { timer = setTimeout(resolve, STOP_WAIT_MS) })])
    clearTimeout(timer)
  }

  /** Sends one action; see the class doc for how it settles. Keys are case-insensitive; array values are `NAME=value` lists (`Variable`). */
  async send (action: Record<string, string | string[]>): Promise<AmiFrame> {
    const lib = toLibAction(action)
    return await this.#request(this.#sessionLink(), lib, this.#opts.actionTimeoutMs, false)
  }

  /** Sends a list action and collects its items until `EventList: Complete`. Rejects like {@link send}. */
  async sendList (action: Record<string, string>): Promise<ListResult> {
    const lib = toLibAction(action)
    return await this.#request(this.#sessionLink(), lib, this.#opts.actionTimeoutMs, true)
  }

  #sessionLink (): Link {
    const link = this.#link
    if (link === null || (link.phase !== 'up' && link.phase !== 'booting')) {
      throw new AmiError(AmiErrorCode.NotConnected, `AMI not connected (${this.#status})`)
    }
    return link
  }

  #request (link: Link, lib: LibAction, timeoutMs: number, list: false): Promise<AmiFrame>
  #request (link: Link, lib: LibAction, timeoutMs: number, list: true): Promise<ListResult>
  #request (link: Link, lib: LibAction, timeoutMs: number, list: boolean): Promise<AmiFrame | ListResult> {
    const id = `${link.gen}-${++this.#counter}`
    const label = String(lib.action)
    const promise = list ? this.#pending.list(id, label, timeoutMs) : this.#pending.single(id, label, timeoutMs)
    // action() registers a once(id) callback we never trigger (its dispatcher is unhooked): drop it when settled.
    const settled = (err?: unknown): void => {
      link.ami.removeAllListeners(id)
      if (isAmiError(err, AmiErrorCode.ActionTimeout)) {
        this.#stats.actionTimeouts++
        this.#log.warn({ code: err.code, action: label, actionId: id }, 'AMI action timed out')
      }
    }
    promise.then(() => settled(), settled)
    const used = link.ami.action({ ...lib, actionid: id })
    if (used !== id) throw new Error(`asterisk-manager changed ActionID ${id} to ${used}`)
    return promise
  }

  #open (): void {
    if (!this.#running) return
    this.#stats.connectAttempts++
    // Port 0 is falsy: the constructor neither connects nor logs in; we drive both.
    const ami = Manager(0, this.#endpoint.host, this.#endpoint.username, this.#endpoint.secret, true)
    let markClosed = (): void => {}
    const link: Link = {
      gen: ++this.#gen, ami, socket: null, phase: 'connecting', loginId: null,
      phaseTimer: undefined, pingTimer: undefined, early: [],
      closed: new Promise<void>(resolve => { markClosed = resolve })
    }
    this.#link = link
    this.#status = 'connecting'
    this.#wire(link)
    this.#log.debug({ attempt: link.gen }, 'AMI connecting')
    link.phaseTimer = setTimeout(() => this.#fail(link, AmiErrorCode.ConnectFailed, 'TCP connect timed out'), this.#opts.actionTimeoutMs)
    link.socket = captureSocket(() => ami.connect(this.#endpoint.port, this.#endpoint.host))
    if (link.socket === null) markClosed()
    else link.socket.once('close', markClosed)
  }

  #wire (link: Link): void {
    const { ami } = link
    const libDispatch = ami.listeners('rawevent')
    for (const l of libDispatch) ami.removeListener('rawevent', l)
    ami.on('rawevent', (raw: unknown) => this.#guard(() => this.#onRaw(link, raw, libDispatch)))
    ami.on('error', (err: unknown) => this.#guard(() => {
      const code = link.phase === 'connecting' ? AmiErrorCode.ConnectFailed : AmiErrorCode.Disconnected
      const errno = (err as { code?: unknown } | null)?.code
      this.#fail(link, code, `socket error: ${typeof errno === 'string' ? errno : String(err)}`)
    }))
    ami.on('connect', () => this.#guard(() => this.#onTcpConnect(link)))
    ami.on('close', () => this.#guard(() => this.#fail(link, AmiErrorCode.Disconnected, this.#running ? 'closed by peer' : 'stopped')))
  }

  #onTcpConnect (link: Link): void {
    if (link.phase !== 'connecting') return
    clearTimeout(link.phaseTimer)
    link.phase = 'login'
    const id = `${link.gen}-${++this.#counter}`
    link.loginId = id
    link.phaseTimer = setTimeout(() => this.#fail(link, AmiErrorCode.LoginFailed, 'Login not answered in time'), this.#opts.actionTimeoutMs)
    // The library sets its private `authenticated` flag (without which action()
    // holds every non-login action forever) only inside login(), and login()
    // sends `Event: on`, which Asterisk ignores (it reads `Events`, manager.c
    // `authenticate`). login() looks `this.action` up at call time, so for
    // that one synchronous call we route its frame through a shim that adds
    // our mask and ActionID. Sending `action: 'login'` ourselves would pass
    // the hold check but leave the flag unset.
    const libAction = link.ami.action
    let shimmed = false
    link.ami.action = (action, callback) => {
      shimmed = true
      return libAction({ ...action, events: this.#opts.eventMask, actionid: id }, callback)
    }
    try {
      link.ami.login((err) => this.#guard(() => this.#onLoginDone(link, err)))
    } finally {
      link.ami.action = libAction
    }
    if (!shimmed) throw new Error('asterisk-manager login() no longer calls action(); the adapter must be updated')
  }

  #onRaw (link: Link, raw: unknown, libDispatch: ReadonlyArray<(...args: unknown[]) => void>): void {
    if (link !== this.#link || link.phase === 'closed') return
    const frame = frameFromLib(raw)
    if (frame === null) return this.#malformed('empty frame', '')
    if (header(frame, 'Event') !== undefined) return this.#onEvent(link, frame)
    if (header(frame, 'Response') === undefined) return this.#malformed('neither Event nor Response', '', Object.keys(frame))
    if (link.loginId !== null && header(frame, 'ActionID') === link.loginId) {
      if (/^success$/i.test(header(frame, 'Response') ?? '')) {
        for (const l of libDispatch) l(raw)
      } else {
        this.#stats.loginFailures++
        this.#fail(link, AmiErrorCode.LoginFailed, `Login rejected: ${header(frame, 'Message') ?? 'Response: Error'}`)
      }
      return
    }
    if (!this.#pending.takeResponse(frame)) {
      this.#log.debug({ actionId: header(frame, 'ActionID') ?? null }, 'AMI response without a pending action ignored')
    }
  }

  #onLoginDone (link: Link, err: unknown): void {
    if (link.phase !== 'login') return
    if (err !== undefined) {
      this.#stats.loginFailures++
      this.#fail(link, AmiErrorCode.LoginFailed, 'Login rejected')
      return
    }
    clearTimeout(link.phaseTimer)
    link.phase = 'booting'
    this.#failures = 0
    const booted = link.early.find((e): e is FullyBootedEvent => e.type === 'FullyBooted')
    if (booted !== undefined) this.#ready(link, booted.uptimeS)
    else link.phaseTimer = setTimeout(() => this.#ready(link, null), FULLY_BOOTED_WAIT_MS)
  }

  #onEvent (link: Link, frame: AmiFrame): void {
    if (this.#pending.takeListEvent(frame)) return
    const event = decodeEvent(frame)
    if (event.type === 'Malformed') return this.#malformed(event.reason, event.name)
    if (link.phase === 'up') return this.#emitEvent(event)
    link.early.push(event)
    if (event.type === 'FullyBooted' && link.phase === 'booting') this.#ready(link, event.uptimeS)
  }

  #ready (link: Link, uptimeS: number | null): void {
    if (link.phase !== 'booting') return
    clearTimeout(link.phaseTimer)
    link.phase = 'up'
    this.#status = 'connected'
    this.#stats.connectedSince = this.#opts.now()
    const session: AmiSession = { epoch: ++this.#epoch, uptimeS }
    this.#log.info({ epoch: session.epoch, uptimeS }, 'AMI connected')
    this.notify('connected', session)
    for (const event of link.early.splice(0)) {
      if (link.phase !== 'up') break
      this.#emitEvent(event)
    }
    if (link.phase === 'up') this.#armPing(link)
  }

  #armPing (link: Link): void {
    link.pingTimer = setTimeout(() => this.#guard(() => {
      this.#request(link, { action: 'Ping' }, this.#opts.pingTimeoutMs, false).then(
        () => { if (link.phase === 'up') this.#armPing(link) },
        (err: unknown) => {
          if (link.phase !== 'up') return
          // Any answer, even `Response: Error`, proves the link alive.
          if (isAmiError(err, AmiErrorCode.ActionFailed)) return this.#armPing(link)
          this.#stats.pingTimeouts++
          this.#fail(link, AmiErrorCode.PingTimeout, `no Pong within ${this.#opts.pingTimeoutMs} ms`)
        })
    }), this.#opts.pingIntervalMs)
  }

  #fail (link: Link, code: AmiErrorCode, reason: string): void {
    if (link.phase === 'closed') return
    const wasUp = link.phase === 'up'
    link.phase = 'closed'
    clearTimeout(link.phaseTimer)
    clearTimeout(link.pingTimer)
    link.ami.removeAllListeners()
    // The socket can still report an error; an emitter without `error` listener would throw it.
    link.ami.on('error', () => {})
    if (link.socket !== null) link.socket.destroy()
    else link.ami.disconnect()
    if (this.#link !== link) return
    this.#link = null
    this.#status = 'disconnected'
    this.#stats.connectedSince = null
    this.#pending.rejectAll(new AmiError(AmiErrorCode.Disconnected, `AMI link closed: ${reason}`))
    const level = reason === 'stopped' ? 'info' : code === AmiErrorCode.LoginFailed ? 'error' : 'warn'
    this.#log[level]({ code, reason, wasUp }, 'AMI link down')
    this.notify('disconnected', { reason, code })
    this.#scheduleReconnect()
  }

  #scheduleReconnect (): void {
    if (!this.#running || this.#reconnectTimer !== undefined) return
    const { reconnectMinMs: min, reconnectMaxMs: max } = this.#opts
    const cap = Math.min(max, min * 2 ** Math.min(this.#failures + 1, 30))
    this.#failures++
    const delayMs = Math.round(min + Math.random() * Math.max(0, cap - min))
    this.#log.info({ delayMs, failures: this.#failures }, 'AMI reconnect scheduled')
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined
      this.#open()
    }, delayMs)
  }

  #emitEvent (event: AmiEvent): void {
    this.#stats.eventsEmitted++
    this.notify('event', event)
  }

  #malformed (reason: string, eventName: string, keys?: string[]): void {
    this.#stats.malformedFrames++
    this.#log.warn({ code: AmiErrorCode.MalformedFrame, event: eventName, reason, keys }, 'AMI frame skipped')
  }

  protected override onListenerError (name: string, err: unknown): void {
    this.#stats.listenerErrors++
    this.#log.error({ code: AmiErrorCode.ListenerFailed, listener: name, err }, 'AMI listener threw')
  }

  #guard (fn: () => void): void {
    try {
      fn()
    } catch (err) {
      this.onListenerError('internal', err)
    }
  }
}
