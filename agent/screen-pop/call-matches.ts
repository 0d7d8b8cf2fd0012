/**
 * The one place that remembers what each call popped: looked up once per call
 * and remote number, replaced when the operator picks a candidate or creates
 * a lead, forgotten when the hub no longer shows the call.
 */
import type { Logger } from 'pino'
import type { Call } from '../model/call.js'
import type { CallMatch } from '../contracts/ws.js'
import type { CardBuilder } from './card-builder.js'

/** The customer a call is filed on: the matched one, or the chooser candidate the operator picked. */
export function matchedCustomerId (match: CallMatch | null): number | null {
  if (match?.kind === 'customer') return match.card.customerId
  if (match?.kind === 'choose') return match.chosenId ?? null
  return null
}

interface Cached { readonly number: string | null; readonly withheld: boolean; readonly match: Promise<CallMatch> }

export class CallMatches {
  readonly #cards: CardBuilder
  readonly #log: Logger
  readonly #byCall = new Map<string, Cached>()

  constructor (cards: CardBuilder, logger: Logger) {
    this.#cards = cards
    this.#log = logger
  }

  /** The call's match; looks it up when the call is new or its remote number changed. Never rejects. */
  forCall (call: Call): Promise<CallMatch> {
    const cached = this.#byCall.get(call.id)
    if (cached !== undefined && cached.number === call.remote.number && cached.withheld === call.remote.withheld) return cached.match
    const entry: Cached = {
      number: call.remote.number,
      withheld: call.remote.withheld,
      match: this.#cards.matchRemote(call.remote).catch((err: unknown): CallMatch => {
        // Never leave a call without a pop. A failed lookup is not remembered: the call's next change tries again.
        this.#log.error({ err, code: 'RC_ERR_MATCH_FAILED', callId: call.id }, 'caller lookup failed; popping unknown caller')
        if (this.#byCall.get(call.id) === entry) this.#byCall.delete(call.id)
        return { kind: 'unknown', number: call.remote.number ?? '', e164: null }
      })
    }
    this.#byCall.set(call.id, entry)
    return entry.match
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
