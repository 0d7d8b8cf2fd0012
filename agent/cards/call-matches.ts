/**
 * The one place that remembers what each call popped: looked up once per call
 * and remote number, replaced when the operator picks a candidate or creates
 * a lead, forgotten when the hub no longer shows the call.
 */
import type { Call } from '../calls/call.js'
import type { CallMatch } from '../hub/protocol.js'
import type { CardBuilder } from './card-builder.js'

interface Cached { readonly number: string | null; readonly withheld: boolean; readonly match: Promise<CallMatch> }

export class CallMatches {
  readonly #cards: CardBuilder
  readonly #byCall = new Map<string, Cached>()

  constructor (cards: CardBuilder) {
    this.#cards = cards
  }

  /** The call's match; looks it up when the call is new or its remote number changed. */
  forCall (call: Call): Promise<CallMatch> {
    const cached = this.#byCall.get(call.id)
    if (cached !== undefined && cached.number === call.remote.number && cached.withheld === call.remote.withheld) return cached.match
    const match = this.#cards.matchRemote(call.remote)
    this.#byCall.set(call.id, { number: call.remote.number, withheld: call.remote.withheld, match })
    return match
  }

  /** The operator chose or created the customer for this call. */
  set (call: Call, match: CallMatch): void {
    this.#byCall.set(call.id, { number: call.remote.number, withheld: call.remote.withheld, match: Promise.resolve(match) })
  }

  forget (callId: string): void {
    this.#byCall.delete(callId)
  }

  get size (): number {
    return this.#byCall.size
  }
}
