/**
 * Server-side AMI framer for the fake PBX: client actions as `Key: value`
 * lines ending CRLF or bare LF (Asterisk accepts both, manager.c `get_input`),
 * a blank line ends an action.
 */
import type { TraceField } from './trace.js'

/** Asterisk refuses header lines longer than this; we drop clients that never end a line. */
const MAX_BUFFER = 64 * 1024

/** Splits a client's byte stream into actions. One reader per connection. */
export class ActionReader {
  #partial = ''
  #fields: TraceField[] = []

  /**
   * Feeds decoded text; returns the actions it completed.
   * @throws Error when a single line grows beyond 64 KiB (the caller drops the client).
   */
  push (text: string): TraceField[][] {
    const parts = (this.#partial + text).split('\n')
    this.#partial = parts.pop() ?? ''
    if (this.#partial.length > MAX_BUFFER) throw new Error('AMI client sent an over-long line')
    const actions: TraceField[][] = []
    for (const part of parts) {
      const line = part.endsWith('\r') ? part.slice(0, -1) : part
      if (line === '') {
        if (this.#fields.length > 0) actions.push(this.#fields)
        this.#fields = []
        continue
      }
      const colon = line.indexOf(':')
      // Like Asterisk (astman_get_header skips blanks), leading spaces of a value are not part of it.
      this.#fields.push(colon < 0 ? [line, null] : [line.slice(0, colon).trim(), line.slice(colon + 1).trimStart()])
    }
    return actions
  }
}
