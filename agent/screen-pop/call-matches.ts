/**
 * The one place that remembers what each call popped: looked up once per call
 * and remote number, replaced when the operator picks a candidate or creates
 * a lead, forgotten when the hub no longer shows the call.
 */
import type { Logger } from 'pino'
import type { Call } from '../model/call.js'
import type { CallMatch } from '../contracts/ws.js'
import type { CardBuilder } from './card-builder.js'

/**
 * The customer a call is filed on: the matched one, or the candidate an
 * operator picked from a chooser or confirmed from a possible match. A
 * possible match nobody confirmed files the call on nobody.
 */
export function matchedCustomerId (match: CallMatch | null): number | null {
  if (match?.kind === 'customer') return match.card.customerId
  if (match?.kind === 'choose' || match?.kind === 'possible') return match.chosenId ?? null
  return null
}

interface Cached { readonly number: string | null; readonly withheld: boolean; readonly match: Promise<CallMatch> }

/** Told of every fresh lookup's result (once per call and number), e.g. to audit what the pop shows. */
export interface LookupListener {
  record (callId: string, match: CallMatch): void
  /** Resolves once everything recorded so far is done. */
  drain (): Promise<void>
}

export class CallMatches {
  readonly #cards: CardBuilder
  readonly #log: Logger
  readonly #byCall = new Map<string, Cached>()
  readonly #listener: LookupListener | undefined

  constructor (cards: CardBuilder, logger: Logger, listener?: LookupListener) {
    this.#cards = cards
    this.#log = logger
    this.#listener = listener
  }

  /** The call's match; looks it up when the call is new or its remote number changed. Never rejects. */
  forCall (call: Call): Promise<CallMatch> {
    const cached = this.#byCall.get(call.id)
    if (cached !== undefined && cached.number === call.remote.number && cached.withheld === call.remote.withheld) return cached.match
    const entry: Cached = {
      number: call.remote.number,
      withheld: call.remote.withheld,
      match: this.#cards.matchRemote(call.remote).then((match) => {
        this.#listener?.record(call.id, match)
        return match
      }, (err: unknown): CallMatch => {
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

  /** Resolves once the listener finished with every lookup so far. */
  async drain (): Promise<void> {
    await this.#listener?.drain()
  }

  get size (): number {
    return this.#byCall.size
  }
}
