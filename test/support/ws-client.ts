/**
 * A real `ws` client that records every server message, for asserting what
 * crosses the wire. Waits are driven by arriving messages, never by polling;
 * {@link WsClient.sync} is the positive signal that nothing more is on its way.
 * Every message is checked against the wire contract's `ServerMessage`
 * schema; one that does not fit fails the next wait, so every WebSocket test
 * also tests the contract.
 */
import { Value } from '@sinclair/typebox/value'
import { WebSocket } from 'ws'
import { ServerMessage, type CallView } from '../../agent/contracts/ws.js'

/** How long to wait, and from which message on (an index into {@link WsClient.messages}; default 0). */
export type WaitOptions = number | { readonly timeoutMs?: number; readonly from?: number }

export class WsClient {
  readonly messages: ServerMessage[] = []
  readonly ws: WebSocket
  readonly closed: Promise<{ code: number; reason: string }>
  readonly #waiters = new Set<(m: ServerMessage) => void>()
  /** Messages that broke the contract, with the first error of each. */
  readonly offContract: Array<{ readonly message: unknown; readonly error: string }> = []

  constructor (url: string, origin?: string) {
    this.ws = new WebSocket(url, origin === undefined ? {} : { origin })
    this.ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as ServerMessage
      if (!Value.Check(ServerMessage, m)) {
        // The union's own error says only "expected union value": report the member of this type.
        const member = ServerMessage.anyOf.find(o => o.properties.type.const === (m as { type?: unknown }).type) ?? ServerMessage
        const first = [...Value.Errors(member, m)][0]
        this.offContract.push({ message: m, error: first === undefined ? 'unknown' : `${first.path}: ${first.message}` })
      }
      this.messages.push(m)
      for (const waiter of [...this.#waiters]) waiter(m)
    })
    this.ws.on('error', () => { /* surfaced through `closed` / `opened` */ })
    this.closed = new Promise(resolve => this.ws.on('close', (code, reason) => { resolve({ code, reason: String(reason) }) }))
  }

  opened (): Promise<void> {
    return new Promise((resolve, reject) => { this.ws.once('open', () => { resolve() }); this.ws.once('error', reject) })
  }

  /** Opens, authenticates and waits for the snapshot. */
  async signIn (token: string): Promise<this> {
    await this.opened()
    this.ws.send(JSON.stringify({ type: 'auth', v: 1, token }))
    await this.next(m => m.type === 'snapshot')
    return this
  }

  /** The first message (already received or arriving within the timeout) that matches. */
  next (pred: (m: ServerMessage) => boolean, opts: WaitOptions = {}): Promise<ServerMessage> {
    const { timeoutMs = 5000, from = 0 } = typeof opts === 'number' ? { timeoutMs: opts } : opts
    if (this.offContract.length > 0) return Promise.reject(new Error(`message off the wire contract: ${JSON.stringify(this.offContract[0])}`))
    const found = this.messages.slice(from).find(pred)
    if (found !== undefined) return Promise.resolve(found)
    return new Promise((resolve, reject) => {
      const waiter = (m: ServerMessage): void => {
        if (!pred(m)) return
        this.#waiters.delete(waiter)
        clearTimeout(timer)
        resolve(m)
      }
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter)
        reject(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages.map(m => m.type === 'call' ? `call:${m.call.state}/${m.call.myLeg}` : m.type))}`))
      }, timeoutMs)
      this.#waiters.add(waiter)
    })
  }

  /** Waits for a `call` message whose view matches. */
  async call (pred: (c: CallView) => boolean, opts: WaitOptions = {}): Promise<CallView> {
    const m = await this.next(x => x.type === 'call' && pred(x.call), opts)
    if (m.type !== 'call') throw new Error('unreachable')
    return m.call
  }

  /**
   * Sends a ping and waits for its pong. The server answers in order on one
   * connection, so every message it sent before has then arrived.
   */
  async sync (timeoutMs = 5000): Promise<void> {
    const from = this.messages.length
    this.ws.send(JSON.stringify({ type: 'ping' }))
    await this.next(m => m.type === 'pong', { timeoutMs, from })
  }

  /** Every call view received so far. */
  calls (): CallView[] {
    return this.messages.flatMap(m => m.type === 'call' ? [m.call] : m.type === 'snapshot' ? [...m.calls] : [])
  }

  close (): void {
    this.ws.terminate()
  }
}
