import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { ClientMessage, ServerMessage } from '../../agent/contracts/ws.js'
// The constants module holds plain values only, so importing it brings no server code into the bundle.
import { CloseCode as CLOSE, PROTOCOL_VERSION as PROTOCOL } from '../../agent/contracts/ws-codes.js'

/** Why the server ended the session for good; reconnecting with the same token would not help. */
export type RejectReason = 'unauthorized' | 'forbidden-origin' | 'bad-version'

/**
 * Connection state as the operator sees it.
 * ```
 * signed-out ──token──▶ connecting ──welcome──▶ connected
 *                         ▲   │ close/gap/silence    │
 *                         │   ▼                      │
 *                       reconnecting ◀───────────────┘
 * connecting/connected ──close 4401/4403/4400──▶ rejected (stays until restart())
 * ```
 */
export type SocketStatus =
  | { readonly kind: 'signed-out' }
  | { readonly kind: 'connecting' }
  | { readonly kind: 'connected' }
  | { readonly kind: 'reconnecting'; readonly attempt: number; readonly retryAt: number }
  | { readonly kind: 'rejected'; readonly reason: RejectReason; readonly message: string }

export interface SocketControllerOptions {
  /** `ws:` / `wss:` URL of the hub, read on every (re)connect. */
  url(): string
  /** Operator token, sent in the first message and never in the URL. Null: stay signed out. */
  token(): string | null
  /** Every server message except `pong`, in order, after the `seq` check. */
  onMessage(message: ServerMessage): void
  /** The server rejected the session (close code 4401, 4403 or 4400). */
  onRejected?(reason: RejectReason, message: string): void
  /** First retry delay; doubles per failed attempt up to `maxDelayMs`. Defaults 500 ms / 30 s. */
  baseDelayMs?: number
  maxDelayMs?: number
  /** Keep-alive ping interval; silence for two intervals counts as a dead link. Default 25 s. */
  pingIntervalMs?: number
  /** How long to wait for `welcome` after sending `auth`. Default 10 s. */
  welcomeTimeoutMs?: number
  /** Jitter source, [0, 1). */
  random?(): number
  now?(): number
}

/** A connection that lived this long without trouble starts the backoff over. */
const STABLE_MS = 10_000

function isServerMessage (value: unknown): value is ServerMessage {
  if (typeof value !== 'object' || value === null) return false
  const v: Record<string, unknown> = { ...value }
  return typeof v.type === 'string' && typeof v.seq === 'number' && typeof v.v === 'number'
}

/**
 * Owns the WebSocket of `<ringcard-pop>`: connects when the host is attached,
 * closes when it is detached, authenticates with the first message, reconnects
 * with exponential backoff and jitter, and treats a `seq` gap as a reason to
 * reconnect (the fresh `snapshot` repairs whatever was missed).
 */
export class SocketController implements ReactiveController {
  status: SocketStatus = { kind: 'signed-out' }

  private ws: WebSocket | null = null
  private attempt = 0
  private lastSeq: number | null = null
  private lastHeard = 0
  private connectedAt = 0
  private lastError: { code: string; message: string } | null = null
  private retryTimer: ReturnType<typeof setTimeout> | undefined
  private welcomeTimer: ReturnType<typeof setTimeout> | undefined
  private pingTimer: ReturnType<typeof setInterval> | undefined
  private attached = false
  private readonly onOnline = (): void => {
    if (this.status.kind === 'reconnecting') this.restart()
  }

  constructor (private readonly host: ReactiveControllerHost, private readonly options: SocketControllerOptions) {
    host.addController(this)
  }

  hostConnected (): void {
    this.attached = true
    globalThis.addEventListener?.('online', this.onOnline)
    this.connect()
  }

  hostDisconnected (): void {
    this.attached = false
    globalThis.removeEventListener?.('online', this.onOnline)
    this.drop()
  }

  /** Start over now with the current token and URL (after sign-in, or a network comeback). */
  restart (): void {
    this.drop()
    this.attempt = 0
    this.connect()
  }

  /** Close and stay closed (sign-out). */
  stop (): void {
    this.drop()
    this.setStatus({ kind: 'signed-out' })
  }

  send (message: ClientMessage): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false
    this.ws.send(JSON.stringify(message))
    return true
  }

  private now (): number {
    return this.options.now?.() ?? Date.now()
  }

  private setStatus (status: SocketStatus): void {
    this.status = status
    this.host.requestUpdate()
  }

  private connect (): void {
    if (!this.attached) return
    const token = this.options.token()
    if (!token) {
      this.setStatus({ kind: 'signed-out' })
      return
    }
    let ws: WebSocket
    try {
      ws = new WebSocket(this.options.url())
    } catch {
      this.scheduleReconnect()
      return
    }
    this.ws = ws
    this.lastSeq = null
    this.lastError = null
    this.setStatus({ kind: 'connecting' })
    ws.onopen = () => {
      this.send({ type: 'auth', v: PROTOCOL, token })
      this.welcomeTimer = setTimeout(() => this.reconnectNow(), this.options.welcomeTimeoutMs ?? 10_000)
    }
    ws.onmessage = (event: MessageEvent) => {
      if (ws === this.ws) this.receive(event.data)
    }
    ws.onclose = (event: CloseEvent) => {
      if (ws === this.ws) this.closed(event.code)
    }
  }

  private receive (data: unknown): void {
    let message: unknown
    try {
      message = JSON.parse(String(data))
    } catch {
      return
    }
    if (!isServerMessage(message)) return
    if (this.lastSeq !== null && message.seq !== this.lastSeq + 1) {
      this.reconnectNow()
      return
    }
    this.lastSeq = message.seq
    this.lastHeard = this.now()
    switch (message.type) {
      case 'welcome':
        clearTimeout(this.welcomeTimer)
        this.connectedAt = this.now()
        this.startPing()
        this.setStatus({ kind: 'connected' })
        break
      case 'error':
        this.lastError = { code: message.code, message: message.message }
        break
      case 'pong':
        return
    }
    this.options.onMessage(message)
  }

  private closed (code: number): void {
    this.clearTimers()
    this.ws = null
    const serverSaid = this.lastError ? ` (${this.lastError.message})` : ''
    switch (code) {
      case CLOSE.Unauthorized:
        return this.reject('unauthorized', `Your token was not accepted${serverSaid}. Please sign in again.`)
      case CLOSE.ForbiddenOrigin:
        return this.reject('forbidden-origin',
          `This page's origin (${location.origin}) is not allowed to use ringcard. Ask your administrator to add it.`)
      case CLOSE.BadVersion:
        return this.reject('bad-version', 'This ringcard widget is out of date. Reload the page.')
      default:
        this.scheduleReconnect()
    }
  }

  private reject (reason: RejectReason, message: string): void {
    this.setStatus({ kind: 'rejected', reason, message })
    this.options.onRejected?.(reason, message)
  }

  /** Abandon the current socket (its late events are ignored) and dial again after a short backoff. */
  private reconnectNow (): void {
    this.drop()
    this.scheduleReconnect()
  }

  private scheduleReconnect (): void {
    if (!this.attached) return
    if (this.connectedAt > 0 && this.now() - this.connectedAt > STABLE_MS) this.attempt = 0
    this.connectedAt = 0
    this.attempt += 1
    const base = this.options.baseDelayMs ?? 500
    const ceiling = Math.min(this.options.maxDelayMs ?? 30_000, base * 2 ** (this.attempt - 1))
    // "Equal jitter": half fixed, half random, so a restarted hub is not hit by every operator at once.
    const delay = Math.round(ceiling / 2 + (this.options.random?.() ?? Math.random()) * (ceiling / 2))
    clearTimeout(this.retryTimer)
    this.retryTimer = setTimeout(() => this.connect(), delay)
    this.setStatus({ kind: 'reconnecting', attempt: this.attempt, retryAt: this.now() + delay })
  }

  private startPing (): void {
    clearInterval(this.pingTimer)
    const interval = this.options.pingIntervalMs ?? 25_000
    this.pingTimer = setInterval(() => {
      if (this.now() - this.lastHeard > 2 * interval) this.reconnectNow()
      else this.send({ type: 'ping' })
    }, interval)
  }

  private clearTimers (): void {
    clearTimeout(this.retryTimer)
    clearTimeout(this.welcomeTimer)
    clearInterval(this.pingTimer)
  }

  private drop (): void {
    this.clearTimers()
    const ws = this.ws
    this.ws = null
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close(1000)
  }
}
