/**
 * Live state: every call the agent is tracking now (and recently ended ones
 * still owed a wrap-up), with what its pop shows and whether it was wrapped
 * up. The pipeline writes it as calls change; the use cases change a call's
 * match or mark it wrapped up; delivery reads it and relays changes.
 *
 * Today it is one process's memory ({@link InMemoryLiveCalls}). Several agent
 * instances will need a shared backend (the database, or a bus); they only
 * have to implement {@link LiveCalls}.
 */
import type { CallMatch } from '../contracts/ws.js'
import type { Call } from '../model/call.js'

/** One call as the agent holds it live. */
export interface LiveCall {
  readonly call: Call
  readonly match: CallMatch
  /** An outcome has been saved for this call. */
  readonly wrappedUp: boolean
}

export interface LiveCalls {
  /** The call, while it is live or ended less than `keepEndedMs` ago. */
  get (callId: string): LiveCall | undefined
  /** Every call held, oldest first. */
  all (): Iterable<LiveCall>
  /** The tracker reported a change: store it with its current match. */
  put (call: Call, match: CallMatch): void
  /** An operator chose or created the customer; false when the call is no longer held. */
  setMatch (callId: string, match: CallMatch): boolean
  /** An outcome was saved; false when the call is no longer held. */
  markWrappedUp (callId: string): boolean
  /** Called after every change, in order. Returns the unsubscribe function. */
  onChange (listener: (entry: LiveCall) => void): () => void
}

export interface InMemoryLiveCallsOptions {
  readonly now: () => number
  /** How long an ended call stays, so a reloaded page can still wrap it up. */
  readonly keepEndedMs?: number
}

export class InMemoryLiveCalls implements LiveCalls {
  readonly #now: () => number
  readonly #keepEndedMs: number
  readonly #calls = new Map<string, LiveCall>()
  readonly #listeners = new Set<(entry: LiveCall) => void>()
  /** Ended calls in the order they ended, so pruning looks only at the oldest. */
  #ended: Array<{ readonly id: string; readonly endedAt: number }> = []
  #endedHead = 0

  constructor (opts: InMemoryLiveCallsOptions) {
    this.#now = opts.now
    this.#keepEndedMs = opts.keepEndedMs ?? 15 * 60_000
  }

  get (callId: string): LiveCall | undefined {
    this.#prune()
    return this.#calls.get(callId)
  }

  all (): Iterable<LiveCall> {
    this.#prune()
    return this.#calls.values()
  }

  put (call: Call, match: CallMatch): void {
    const previous = this.#calls.get(call.id)
    if (call.endedAt !== null && previous?.call.endedAt == null) this.#ended.push({ id: call.id, endedAt: call.endedAt })
    this.#set({ call, match, wrappedUp: previous?.wrappedUp ?? false })
    this.#prune()
  }

  setMatch (callId: string, match: CallMatch): boolean {
    const entry = this.#calls.get(callId)
    if (entry === undefined) return false
    this.#set({ ...entry, match })
    return true
  }

  markWrappedUp (callId: string): boolean {
    const entry = this.#calls.get(callId)
    if (entry === undefined) return false
    this.#set({ ...entry, wrappedUp: true })
    return true
  }

  onChange (listener: (entry: LiveCall) => void): () => void {
    this.#listeners.add(listener)
    return () => { this.#listeners.delete(listener) }
  }

  #set (entry: LiveCall): void {
    this.#calls.set(entry.call.id, entry)
    for (const listener of this.#listeners) listener(entry)
  }

  #prune (): void {
    const cutoff = this.#now() - this.#keepEndedMs
    while (this.#endedHead < this.#ended.length && this.#ended[this.#endedHead]!.endedAt < cutoff) {
      this.#calls.delete(this.#ended[this.#endedHead]!.id)
      this.#endedHead++
    }
    // Drop the consumed front now and then, so the queue does not grow forever.
    if (this.#endedHead > 1024 && this.#endedHead * 2 > this.#ended.length) {
      this.#ended = this.#ended.slice(this.#endedHead)
      this.#endedHead = 0
    }
  }
}
