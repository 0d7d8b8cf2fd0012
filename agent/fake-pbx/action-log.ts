/**
 * What clients sent the fake PBX, and what a test scripted them to send:
 * the part that makes the fake fail loudly when an exchange did not happen.
 */
import type { TraceField } from './trace.js'

/** One action a client sent. The Secret is masked. */
export interface ReceivedAction {
  /** Connection number, from 1. */
  readonly conn: number
  readonly action: string
  readonly fields: readonly TraceField[]
  /** True when the PBX answered `Invalid/unknown command` or the frame had no Action. */
  readonly unknown: boolean
}

/** Received actions plus scripted expectations. */
export class ActionLog {
  readonly #received: Array<{ -readonly [K in keyof ReceivedAction]: ReceivedAction[K] }> = []
  readonly #expected: string[] = []

  /** Every action received so far, in arrival order. */
  get received (): readonly ReceivedAction[] {
    return this.#received
  }

  /** Records an action (Secret masked); returns a handle to flag it unknown later. */
  record (conn: number, fields: readonly TraceField[], action: string): { markUnknown: () => void } {
    const entry = {
      conn,
      action,
      fields: fields.map(([k, v]): TraceField => [k, k.toLowerCase() === 'secret' ? '***' : v]),
      unknown: false
    }
    this.#received.push(entry)
    return { markUnknown: () => { entry.unknown = true } }
  }

  /** Scripts actions that must arrive, in this order (others may come in between). */
  expect (actions: readonly string[]): void {
    this.#expected.push(...actions)
  }

  /** @throws Error naming every expected action that never arrived and every unknown action received. */
  verify (): void {
    const got = this.#received.map(r => r.action.toLowerCase())
    const missing: string[] = []
    let from = 0
    for (const want of this.#expected) {
      const at = got.indexOf(want.toLowerCase(), from)
      if (at < 0) missing.push(want)
      else from = at + 1
    }
    const unknown = this.#received.filter(r => r.unknown).map(r => r.action === '' ? '(no Action)' : r.action)
    if (missing.length === 0 && unknown.length === 0) return
    const parts: string[] = []
    if (missing.length > 0) parts.push(`expected action(s) never received: ${missing.join(', ')}`)
    if (unknown.length > 0) parts.push(`unknown action(s) received: ${unknown.join(', ')}`)
    parts.push(`received: ${this.#received.map(r => r.action).join(', ') || 'nothing'}`)
    throw new Error(`fake PBX: ${parts.join('; ')}`)
  }
}
