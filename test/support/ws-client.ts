/**
 * A real `ws` client that records every server message, for asserting what
 * crosses the wire.
 */
import { WebSocket } from 'ws'
import type { CallView, ServerMessage } from '../../agent/contracts/ws.js'

export class WsClient {
  readonly messages: ServerMessage[] = []
  readonly ws: WebSocket
  readonly closed: Promise<{ code: number; reason: string }>

  constructor (url: string, origin?: string) {
    this.ws = new WebSocket(url, origin === undefined ? {} : { origin })
    this.ws.on('message', (d) => { this.messages.push(JSON.parse(String(d)) as ServerMessage) })
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
  async next (pred: (m: ServerMessage) => boolean, timeoutMs = 5000): Promise<ServerMessage> {
    const start = Date.now()
    while (Date.now() - start < timeoutMs) {
      const found = this.messages.find(pred)
      if (found !== undefined) return found
      await new Promise(resolve => setTimeout(resolve, 10))
    }
    throw new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages.map(m => m.type === 'call' ? `call:${m.call.state}/${m.call.myLeg}` : m.type))}`)
  }

  /** Waits for a `call` message whose view matches. */
  async call (pred: (c: CallView) => boolean, timeoutMs = 5000): Promise<CallView> {
    const m = await this.next(x => x.type === 'call' && pred(x.call), timeoutMs)
    if (m.type !== 'call') throw new Error('unreachable')
    return m.call
  }

  /** Every call view received so far. */
  calls (): CallView[] {
    return this.messages.flatMap(m => m.type === 'call' ? [m.call] : m.type === 'snapshot' ? [...m.calls] : [])
  }

  close (): void {
    this.ws.terminate()
  }
}
