/**
 * Which customers a pop showed, and to whom. A pop is a read of the
 * customer's file: it is audited once per call and caller number (one
 * `customer.pop` row per customer shown, however many operators the call
 * rang), and while the call is held live it lets the operators it rings open
 * that file.
 */
import type { Logger } from 'pino'
import type { CallMatch } from '../contracts/ws.js'
import type { LiveCalls } from '../live/live-calls.js'
import type { Operator } from '../model/operator.js'
import { maySee } from './call-access.js'

/** The customers a match shows: the card's, or every candidate of a chooser or possible match. */
export function customersShown (match: CallMatch): number[] {
  switch (match.kind) {
    case 'customer': return [match.card.customerId]
    case 'choose':
    case 'possible': return match.candidates.map(c => c.customerId)
    default: return []
  }
}

/** True when a call held live that rings or rang `actor` shows this customer. */
export function wasPoppedTo (live: Pick<LiveCalls, 'all'>, actor: Operator, customerId: number): boolean {
  for (const entry of live.all()) {
    if (customersShown(entry.match).includes(customerId) && maySee(entry.call, actor)) return true
  }
  return false
}

/** Where the pops' audit rows go (`CustomerFiles.recordPops`). */
export interface PopStore {
  recordPops (pops: ReadonlyArray<{ readonly callId: string; readonly customerIds: readonly number[] }>): Promise<void>
}

/**
 * Writes the pops' audit rows off the pop's path: a pop is recorded at once
 * and written with the others of the same moment in one statement, so a
 * ring never waits for its audit row.
 */
export class PopAudit {
  readonly #store: PopStore
  readonly #log: Pick<Logger, 'error'>
  #pending: Array<{ readonly callId: string; readonly customerIds: readonly number[] }> = []
  #flushing: Promise<void> | null = null

  constructor (store: PopStore, logger: Pick<Logger, 'error'>) {
    this.#store = store
    this.#log = logger
  }

  /** A call's lookup resolved to `match`: record the customers it shows. */
  record (callId: string, match: CallMatch): void {
    const customerIds = customersShown(match)
    if (customerIds.length === 0) return
    this.#pending.push({ callId, customerIds })
    this.#flushing ??= new Promise<void>(resolve => { setImmediate(resolve) }).then(() => this.#flush())
  }

  /** Resolves once every pop recorded so far is written (or its failure logged). */
  async drain (): Promise<void> {
    while (this.#flushing !== null) await this.#flushing
  }

  async #flush (): Promise<void> {
    while (this.#pending.length > 0) {
      const batch = this.#pending
      this.#pending = []
      try {
        await this.#store.recordPops(batch)
      } catch (err) {
        // The pop itself went out; only its audit row is lost, and the log says so.
        this.#log.error({ err, calls: batch.length }, 'pop audit rows could not be written')
      }
    }
    this.#flushing = null
  }
}
