/**
 * The WebSocket hub: authenticates operator sockets and sends each one the
 * calls on its own extensions, typed, versioned and sequenced (see
 * ../../contracts/ws.ts). It relays every change of live state
 * (../../live/live-calls.ts) and snapshots it for a (re)connecting widget;
 * it holds no call state of its own.
 *
 * It also defends the agent against its clients:
 * - every `revalidateMs` it checks each signed-in token again, so a token
 *   revoked by the operators CLI (another process) or a changed role or
 *   extension list closes the socket (4401 / 4409) within seconds;
 * - a socket with more than `maxBufferedBytes` queued (the client stopped
 *   reading) is closed (4408) instead of growing the agent's memory;
 * - a client sending too many or too many bad messages is closed (4429), and
 *   only its first few bad messages get a log line (see ./flood-guard.ts).
 */
import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import type { WebSocket } from 'ws'
import type { LiveCall, LiveCalls } from '../../live/live-calls.js'
import type { DispositionOption, OperatorInfo } from '../../contracts/ws.js'
import type { ServerMessage } from '../../contracts/ws.js'
import { STAFF_ROLES, type Operator } from '../../model/operator.js'
import { hasRole } from '../../crm/operators/role-access.js'
import { CloseCode, PROTOCOL_VERSION } from '../../contracts/ws.js'
import { concerns, toCallView } from '../../screen-pop/call-view.js'
import { ERRORS, type ErrorCode } from '../../errors.js'
import { FloodGuard } from './flood-guard.js'

/** What the hub needs from the outside world. */
export interface HubDeps {
  readonly logger: Logger
  /** The calls to relay and snapshot. */
  readonly live: LiveCalls
  readonly authenticate: (token: string) => Promise<Operator | null>
  /** Display name of the operator at an extension of a PBX. */
  readonly nameOf: (extension: string, pbxId: string) => string | null
  readonly allowedOrigins: readonly string[]
  readonly dispositions: readonly DispositionOption[]
  readonly authTimeoutMs: number
  readonly now: () => number
  /** How often every signed-in token is checked again with `authenticate` (one query per distinct token). */
  readonly revalidateMs: number
  /** A socket with more bytes than this queued for sending is closed as a slow consumer. */
  readonly maxBufferedBytes: number
}

interface Session {
  readonly socket: WebSocket
  operator: Operator | null
  /** The bearer token the operator signed in with, held in memory only, to check it again. */
  token: string | null
  /** Set while the token is being checked, so a second frame cannot race the first. */
  authenticating: boolean
  seq: number
  readonly guard: FloodGuard
  /**
   * Bytes of the snapshot, allowed in the send queue on top of `maxBufferedBytes`
   * until the queue first drains below the cap: a big snapshot on a slow link is
   * not a slow consumer, or the reconnect would bring the same snapshot and loop.
   */
  snapshotBytes: number
}

type Outgoing = ServerMessage extends infer M ? M extends ServerMessage ? Omit<M, 'v' | 'seq'> : never : never

export class Hub {
  readonly #deps: HubDeps
  readonly #sessions = new Set<Session>()
  readonly #unsubscribe: () => void
  #pbx: 'connected' | 'disconnected' = 'disconnected'
  #revalidateTimer: NodeJS.Timeout | null = null
  #revalidating = false
  /** Set while the database fails the re-checks, so an outage logs once, not every round. */
  #revalidateFailing = false

  constructor (deps: HubDeps) {
    this.#deps = deps
    this.#unsubscribe = deps.live.onChange((entry) => { this.relay(entry) })
  }

  /** Registers `GET /ws` on a Fastify instance that has @fastify/websocket. */
  register (app: FastifyInstance): void {
    app.get('/ws', { websocket: true }, (socket, req) => {
      const origin = req.headers.origin
      // Browsers always send Origin; tools without one still need a token. A refused
      // page gets the upgrade and then close code 4403, because browsers hide the
      // HTTP status of a refused handshake and the widget could not explain it.
      if (origin !== undefined && !this.#deps.allowedOrigins.includes(origin)) {
        req.log.warn({ code: 'RC_ERR_ORIGIN_FORBIDDEN', origin }, 'websocket from a page origin that is not allowed')
        socket.send(JSON.stringify({ type: 'error', v: PROTOCOL_VERSION, seq: 1, code: 'RC_ERR_ORIGIN_FORBIDDEN', message: ERRORS.RC_ERR_ORIGIN_FORBIDDEN.message }))
        socket.close(CloseCode.ForbiddenOrigin, 'RC_ERR_ORIGIN_FORBIDDEN')
        return
      }
      this.accept(socket)
    })
  }

  /** Number of authenticated sockets that are open (not being closed). */
  get connectedOperators (): number {
    let n = 0
    for (const s of this.#sessions) if (s.operator !== null && s.socket.readyState === s.socket.OPEN) n++
    return n
  }

  /** A call changed in live state: tell every operator it concerns. */
  private relay (entry: LiveCall): void {
    for (const s of this.#sessions) {
      if (s.operator !== null && concerns(entry.call, s.operator)) this.sendCall(s, entry)
    }
  }

  pbxStatus (status: 'connected' | 'disconnected'): void {
    if (this.#pbx === status) return
    this.#pbx = status
    for (const s of this.#sessions) if (s.operator !== null) this.send(s, { type: 'pbx', status })
  }

  /** Closes every socket (server shutdown). */
  close (): void {
    this.#unsubscribe()
    this.stopRevalidating()
    for (const s of this.#sessions) s.socket.close(CloseCode.GoingAway, 'server shutting down')
    this.#sessions.clear()
  }

  /**
   * Checks every signed-in session's token again, one `authenticate` call per
   * distinct token, and closes the sessions whose token no longer belongs to
   * the same operator (4401 `RC_ERR_AUTH_REVOKED`) or whose operator's role
   * or extensions changed (4409 `RC_ERR_AUTH_CHANGED`; the widget reconnects
   * and gets the new view). A database failure closes nothing. The hub runs
   * this every `revalidateMs` while anyone is signed in.
   */
  async revalidate (): Promise<void> {
    if (this.#revalidating) return
    this.#revalidating = true
    try {
      const byToken = new Map<string, Session[]>()
      for (const s of this.#sessions) {
        if (s.operator === null || s.token === null || s.socket.readyState !== s.socket.OPEN) continue
        const group = byToken.get(s.token)
        if (group === undefined) byToken.set(s.token, [s])
        else group.push(s)
      }
      const failures = (await Promise.all([...byToken].map(([token, sessions]) => this.recheck(token, sessions))))
        .filter(f => f !== null)
      if (failures.length > 0 && !this.#revalidateFailing) {
        this.#deps.logger.error({ err: failures[0]!.err, code: 'RC_ERR_STORE_UNAVAILABLE', tokens: failures.length },
          'signed-in websocket tokens could not be checked again; keeping the sessions')
      } else if (failures.length === 0 && this.#revalidateFailing) {
        this.#deps.logger.info('signed-in websocket tokens are checked again')
      }
      this.#revalidateFailing = failures.length > 0
    } finally {
      this.#revalidating = false
    }
  }

  /** Checks one token for the sessions signed in with it; the error when the database failed. */
  private async recheck (token: string, sessions: readonly Session[]): Promise<{ err: unknown } | null> {
    let current: Operator | null
    try {
      current = await this.#deps.authenticate(token)
    } catch (err) {
      return { err }
    }
    for (const s of sessions) {
      if (s.operator === null || s.socket.readyState !== s.socket.OPEN) continue
      if (current === null || current.id !== s.operator.id) this.reject(s, 'RC_ERR_AUTH_REVOKED', CloseCode.Unauthorized)
      else if (changed(s.operator, current)) this.reject(s, 'RC_ERR_AUTH_CHANGED', CloseCode.OperatorChanged)
    }
    return null
  }

  private startRevalidating (): void {
    if (this.#revalidateTimer !== null) return
    this.#revalidateTimer = setInterval(() => {
      this.revalidate().catch((err: unknown) => { this.#deps.logger.error({ err }, 'websocket revalidation failed') })
    }, this.#deps.revalidateMs)
    this.#revalidateTimer.unref()
  }

  private stopRevalidating (): void {
    if (this.#revalidateTimer !== null) clearInterval(this.#revalidateTimer)
    this.#revalidateTimer = null
  }

  private accept (socket: WebSocket): void {
    const session: Session = { socket, operator: null, token: null, authenticating: false, seq: 0, guard: new FloodGuard(this.#deps.now), snapshotBytes: 0 }
    this.#sessions.add(session)
    const timer = setTimeout(() => {
      if (session.operator === null) this.reject(session, 'RC_ERR_WS_AUTH_TIMEOUT', CloseCode.Unauthorized)
    }, this.#deps.authTimeoutMs)
    socket.on('close', () => {
      clearTimeout(timer)
      this.#sessions.delete(session)
      if (session.guard.needsSummary) {
        this.#deps.logger.warn({ code: 'RC_ERR_WS_BAD_MESSAGE', operatorId: session.operator?.id, badMessages: session.guard.badTotal },
          'bad websocket messages on a closed connection (only the first ones were logged)')
      }
      if (this.connectedOperators === 0) this.stopRevalidating()
    })
    socket.on('error', (err) => { this.#deps.logger.warn({ err }, 'websocket error') })
    socket.on('message', (data) => {
      this.onMessage(session, String(data)).catch((err: unknown) => {
        this.#deps.logger.error({ err }, 'websocket message handling failed')
      })
    })
  }

  private async onMessage (session: Session, text: string): Promise<void> {
    // Frames still arriving after we closed the socket get no answer and no log line.
    if (session.socket.readyState !== session.socket.OPEN) return
    if (session.guard.message()) return this.reject(session, 'RC_ERR_WS_FLOOD', CloseCode.Flood)
    let msg: unknown
    try { msg = JSON.parse(text) } catch { msg = null }
    const type = typeof msg === 'object' && msg !== null ? (msg as { type?: unknown }).type : undefined

    if (session.authenticating) return
    if (session.operator === null) {
      if (type !== 'auth') return this.reject(session, 'RC_ERR_AUTH_REQUIRED', CloseCode.Unauthorized)
      const { v, token } = msg as { v?: unknown; token?: unknown }
      if (v !== PROTOCOL_VERSION) return this.reject(session, 'RC_ERR_WS_BAD_VERSION', CloseCode.BadVersion)
      if (typeof token !== 'string' || token.length === 0 || token.length > 200) {
        return this.reject(session, 'RC_ERR_AUTH_INVALID', CloseCode.Unauthorized)
      }
      session.authenticating = true
      let operator: Operator | null
      try {
        operator = await this.#deps.authenticate(token)
      } catch (err) {
        // The token may be fine; the database is not. Tell the widget to retry, not to sign out.
        this.#deps.logger.error({ err, code: 'RC_ERR_STORE_UNAVAILABLE' }, 'websocket sign-in failed')
        return this.reject(session, 'RC_ERR_STORE_UNAVAILABLE', CloseCode.TryAgainLater)
      } finally {
        session.authenticating = false
      }
      if (operator === null) return this.reject(session, 'RC_ERR_AUTH_INVALID', CloseCode.Unauthorized)
      // An integration token (Asterisk's dialplan) may look callers up and nothing else: no pops.
      if (!hasRole(operator, STAFF_ROLES)) return this.reject(session, 'RC_ERR_AUTH_FORBIDDEN', CloseCode.Unauthorized)
      if (session.socket.readyState !== session.socket.OPEN) return
      session.operator = operator
      session.token = token
      this.startRevalidating()
      this.#deps.logger.info({ operatorId: operator.id }, 'operator connected')
      this.send(session, { type: 'welcome', operator: info(operator), dispositions: this.#deps.dispositions, pbx: this.#pbx })
      session.snapshotBytes = this.send(session, { type: 'snapshot', calls: this.snapshotFor(operator) })
      return
    }

    if (type === 'ping') {
      this.send(session, { type: 'pong' })
      return
    }
    const verdict = session.guard.bad()
    if (verdict === 'flood') return this.reject(session, 'RC_ERR_WS_FLOOD', CloseCode.Flood)
    if (verdict === 'log') this.#deps.logger.warn({ code: 'RC_ERR_WS_BAD_MESSAGE', operatorId: session.operator.id }, 'unknown websocket message')
    this.send(session, { type: 'error', code: 'RC_ERR_WS_BAD_MESSAGE', message: ERRORS.RC_ERR_WS_BAD_MESSAGE.message })
  }

  private snapshotFor (operator: Operator): ReturnType<typeof toCallView>[] {
    const views = []
    for (const { call, match, wrappedUp } of this.#deps.live.all()) {
      if (concerns(call, operator)) views.push(toCallView(call, match, operator, wrappedUp, this.#deps.nameOf))
    }
    return views
  }

  private sendCall (s: Session, { call, match, wrappedUp }: LiveCall): void {
    if (s.operator === null) return
    this.send(s, { type: 'call', call: toCallView(call, match, s.operator, wrappedUp, this.#deps.nameOf) })
  }

  /** Sends unless the socket is closing or its client stopped reading; the bytes sent. */
  private send (s: Session, msg: Outgoing): number {
    if (s.socket.readyState !== s.socket.OPEN) return 0
    // The client stopped reading: close instead of queueing without end. The close
    // frame waits behind the queue; ws destroys the socket if it is never read.
    const queued = s.socket.bufferedAmount
    if (queued <= this.#deps.maxBufferedBytes) s.snapshotBytes = 0
    else if (queued > this.#deps.maxBufferedBytes + s.snapshotBytes) {
      this.reject(s, 'RC_ERR_WS_SLOW_CONSUMER', CloseCode.SlowConsumer, { queuedBytes: queued })
      return 0
    }
    return this.write(s, msg)
  }

  private write (s: Session, msg: Outgoing): number {
    s.seq += 1
    const text = JSON.stringify({ ...msg, v: PROTOCOL_VERSION, seq: s.seq })
    s.socket.send(text)
    return Buffer.byteLength(text)
  }

  /** Sends a coded error and closes. Logs once: after this the socket is no longer open. */
  private reject (s: Session, code: ErrorCode, closeCode: number, detail: Record<string, unknown> = {}): void {
    if (s.socket.readyState !== s.socket.OPEN) return
    this.#deps.logger.warn({ code, operatorId: s.operator?.id, ...detail }, 'websocket rejected')
    this.write(s, { type: 'error', code, message: ERRORS[code].message })
    s.socket.close(closeCode, code)
  }
}

/** True when what the widget was given at sign-in (role, extensions on any PBX) no longer holds. */
function changed (before: Operator, now: Operator): boolean {
  if (before.role !== now.role || before.endpoints.length !== now.endpoints.length) return true
  const key = (op: Operator): string[] => op.endpoints.map(e => `${e.pbxId}/${e.extension}`).sort()
  const after = key(now)
  return key(before).some((ref, i) => ref !== after[i])
}

function info (op: Operator): OperatorInfo {
  return { id: op.id, login: op.login, displayName: op.displayName, role: op.role, extensions: op.extensions }
}
