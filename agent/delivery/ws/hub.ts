/**
 * The WebSocket hub: authenticates operator sockets and sends each one the
 * calls on its own extensions, typed, versioned and sequenced (see
 * ./protocol.ts). It holds the latest view of every live call so a
 * (re)connecting widget gets a snapshot at once.
 */
import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import type { WebSocket } from 'ws'
import type { Call } from '../../model/call.js'
import type { DispositionOption, OperatorInfo } from '../../contracts/ws.js'
import type { CallMatch, ServerMessage } from '../../contracts/ws.js'
import type { Operator } from '../../model/operator.js'
import { CloseCode, PROTOCOL_VERSION } from '../../contracts/ws.js'
import { concerns, toCallView } from '../../screen-pop/call-view.js'
import { ERRORS, type ErrorCode } from '../../errors.js'

/** What the hub needs from the outside world. */
export interface HubDeps {
  readonly logger: Logger
  readonly authenticate: (token: string) => Promise<Operator | null>
  readonly nameOf: (extension: string) => string | null
  readonly allowedOrigins: readonly string[]
  readonly dispositions: readonly DispositionOption[]
  readonly authTimeoutMs: number
  readonly now: () => number
  /** How long an ended call stays in snapshots, so a reloaded page can still wrap it up. */
  readonly keepEndedMs?: number
}

interface Session {
  readonly socket: WebSocket
  operator: Operator | null
  /** Set while the token is being checked, so a second frame cannot race the first. */
  authenticating: boolean
  seq: number
}

interface Entry { call: Call; match: CallMatch }

type Outgoing = ServerMessage extends infer M ? M extends ServerMessage ? Omit<M, 'v' | 'seq'> : never : never

export class Hub {
  readonly #deps: HubDeps
  readonly #sessions = new Set<Session>()
  readonly #calls = new Map<string, Entry>()
  readonly #wrappedUp = new Set<string>()
  /** Ended calls in the order they ended, so pruning looks only at the oldest. */
  #ended: Array<{ readonly id: string; readonly endedAt: number }> = []
  #endedHead = 0
  #pbx: 'connected' | 'disconnected' = 'disconnected'

  constructor (deps: HubDeps) {
    this.#deps = deps
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

  /** Number of authenticated sockets. */
  get connectedOperators (): number {
    let n = 0
    for (const s of this.#sessions) if (s.operator !== null) n++
    return n
  }

  /** A call changed: remember it and tell every operator it concerns. */
  publish (call: Call, match: CallMatch): void {
    const previous = this.#calls.get(call.id)
    this.#calls.set(call.id, { call, match })
    if (call.endedAt !== null && previous?.call.endedAt == null) this.#ended.push({ id: call.id, endedAt: call.endedAt })
    this.prune()
    for (const s of this.#sessions) {
      if (s.operator !== null && concerns(call, s.operator)) this.sendCall(s, call, match)
    }
  }

  /** An outcome was saved: the call's pop no longer needs a wrap-up. */
  markWrappedUp (callId: string): void {
    const entry = this.#calls.get(callId)
    if (entry === undefined) return
    this.#wrappedUp.add(callId)
    this.publish(entry.call, entry.match)
  }

  /** The latest known state of a call, if the hub still holds it. */
  lookup (callId: string): Entry | undefined {
    return this.#calls.get(callId)
  }

  pbxStatus (status: 'connected' | 'disconnected'): void {
    if (this.#pbx === status) return
    this.#pbx = status
    for (const s of this.#sessions) if (s.operator !== null) this.send(s, { type: 'pbx', status })
  }

  /** Closes every socket (server shutdown). */
  close (): void {
    for (const s of this.#sessions) s.socket.close(CloseCode.GoingAway, 'server shutting down')
    this.#sessions.clear()
  }

  private accept (socket: WebSocket): void {
    const session: Session = { socket, operator: null, authenticating: false, seq: 0 }
    this.#sessions.add(session)
    const timer = setTimeout(() => {
      if (session.operator === null) this.reject(session, 'RC_ERR_WS_AUTH_TIMEOUT', CloseCode.Unauthorized)
    }, this.#deps.authTimeoutMs)
    socket.on('close', () => { clearTimeout(timer); this.#sessions.delete(session) })
    socket.on('error', (err) => { this.#deps.logger.warn({ err }, 'websocket error') })
    socket.on('message', (data) => {
      this.onMessage(session, String(data)).catch((err: unknown) => {
        this.#deps.logger.error({ err }, 'websocket message handling failed')
      })
    })
  }

  private async onMessage (session: Session, text: string): Promise<void> {
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
      if (session.socket.readyState !== session.socket.OPEN) return
      session.operator = operator
      this.#deps.logger.info({ operatorId: operator.id }, 'operator connected')
      this.send(session, { type: 'welcome', operator: info(operator), dispositions: this.#deps.dispositions, pbx: this.#pbx })
      this.send(session, { type: 'snapshot', calls: this.snapshotFor(operator) })
      return
    }

    if (type === 'ping') return this.send(session, { type: 'pong' })
    this.#deps.logger.warn({ code: 'RC_ERR_WS_BAD_MESSAGE', operatorId: session.operator.id }, 'unknown websocket message')
    this.send(session, { type: 'error', code: 'RC_ERR_WS_BAD_MESSAGE', message: ERRORS.RC_ERR_WS_BAD_MESSAGE.message })
  }

  private snapshotFor (operator: Operator): ReturnType<typeof toCallView>[] {
    this.prune()
    const views = []
    for (const { call, match } of this.#calls.values()) {
      if (concerns(call, operator)) views.push(toCallView(call, match, operator, this.#wrappedUp.has(call.id), this.#deps.nameOf))
    }
    return views
  }

  private sendCall (s: Session, call: Call, match: CallMatch): void {
    if (s.operator === null) return
    this.send(s, { type: 'call', call: toCallView(call, match, s.operator, this.#wrappedUp.has(call.id), this.#deps.nameOf) })
  }

  private send (s: Session, msg: Outgoing): void {
    if (s.socket.readyState !== s.socket.OPEN) return
    s.seq += 1
    s.socket.send(JSON.stringify({ ...msg, v: PROTOCOL_VERSION, seq: s.seq }))
  }

  private reject (s: Session, code: ErrorCode, closeCode: number): void {
    this.#deps.logger.warn({ code }, 'websocket rejected')
    this.send(s, { type: 'error', code, message: ERRORS[code].message })
    s.socket.close(closeCode, code)
  }

  private prune (): void {
    const cutoff = this.#deps.now() - (this.#deps.keepEndedMs ?? 15 * 60_000)
    while (this.#endedHead < this.#ended.length && this.#ended[this.#endedHead]!.endedAt < cutoff) {
      const { id } = this.#ended[this.#endedHead]!
      this.#endedHead++
      this.#calls.delete(id)
      this.#wrappedUp.delete(id)
    }
    // Drop the consumed front now and then, so the queue does not grow forever.
    if (this.#endedHead > 1024 && this.#endedHead * 2 > this.#ended.length) {
      this.#ended = this.#ended.slice(this.#endedHead)
      this.#endedHead = 0
    }
  }

}

function info (op: Operator): OperatorInfo {
  return { id: op.id, login: op.login, displayName: op.displayName, role: op.role, extensions: op.extensions }
}
