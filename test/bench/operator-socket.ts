/**
 * The operator's browser as the bench sees it: a real `ws` client signed in
 * with a token from an allow-listed Origin, which stamps every message with
 * `performance.now()` on arrival (before parsing) and keeps, per call, the
 * first message in which this operator's leg is ringing.
 */
import { WebSocket } from 'ws'
import type { CallMatch, ServerMessage } from '../../agent/contracts/ws.js'

export interface Pop {
  /** `performance.now()` when the `message` event fired. */
  readonly t1: number
  readonly match: CallMatch
  /** The message exactly as it crossed the wire. */
  readonly raw: string
}

export class OperatorSocket {
  /** First ringing message per Linkedid (the part of the call id after `<boot>:`). */
  readonly pops = new Map<string, Pop>()
  readonly ended = new Set<string>()
  /** Messages whose `seq` was not the previous one plus one (a dropped or reordered message). */
  seqGaps = 0
  #lastSeq = 0
  #waiters = new Set<() => void>()
  readonly #ws: WebSocket

  private constructor (ws: WebSocket) {
    this.#ws = ws
    ws.on('message', (data) => {
      const t1 = performance.now()
      const raw = String(data)
      const msg = JSON.parse(raw) as ServerMessage
      if (msg.seq !== this.#lastSeq + 1) this.seqGaps++
      this.#lastSeq = msg.seq
      if (msg.type === 'call') {
        // Call ids are `<pbx>:<boot>:<linkedid>`, and a Linkedid has no colon.
        const linkedid = msg.call.id.slice(msg.call.id.lastIndexOf(':') + 1)
        if (msg.call.myLeg === 'ringing' && !this.pops.has(linkedid)) this.pops.set(linkedid, { t1, match: msg.call.match, raw })
        if (msg.call.state === 'ended') this.ended.add(linkedid)
      }
      for (const wake of this.#waiters) wake()
    })
  }

  /** Opens `/ws`, authenticates and waits for the snapshot. */
  static async signIn (wsUrl: string, origin: string, token: string): Promise<OperatorSocket> {
    const ws = new WebSocket(wsUrl, { origin })
    await new Promise<void>((resolve, reject) => { ws.once('open', () => { resolve() }); ws.once('error', reject) })
    const socket = new OperatorSocket(ws)
    ws.send(JSON.stringify({ type: 'auth', v: 1, token }))
    if (!await socket.until(() => socket.#lastSeq >= 2, 5000)) throw new Error('operator socket: no welcome + snapshot within 5 s')
    return socket
  }

  /** Resolves true as soon as `done()` holds after a message, false after `timeoutMs`. */
  until (done: () => boolean, timeoutMs: number): Promise<boolean> {
    if (done()) return Promise.resolve(true)
    return new Promise(resolve => {
      const finish = (ok: boolean): void => { clearTimeout(timer); this.#waiters.delete(check); resolve(ok) }
      const check = (): void => { if (done()) finish(true) }
      const timer = setTimeout(() => { finish(false) }, timeoutMs)
      this.#waiters.add(check)
    })
  }

  close (): void {
    this.#ws.terminate()
  }
}
