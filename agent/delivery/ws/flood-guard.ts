/**
 * Per-connection message budget for the WebSocket hub. A widget sends a ping
 * every 25 s and nothing else after `auth`, so a client far above that is
 * broken or hostile: the hub closes it (`RC_ERR_WS_FLOOD`) rather than answer,
 * and logs only the first few bad messages of a connection so one client
 * cannot flood the log either.
 */

/** Limits of one connection. */
export interface FloodLimits {
  /** More messages than this (of any kind) within one second closes the socket. */
  readonly messagesPerSecond: number
  /** More bad messages than this within {@link FloodLimits.badWindowMs} closes the socket. */
  readonly badMessages: number
  readonly badWindowMs: number
  /** Bad messages of one connection that get a log line each; the rest are counted, and summed up when it closes. */
  readonly badLogged: number
}

/** What the hub enforces unless told otherwise. */
export const FLOOD_LIMITS: FloodLimits = Object.freeze({
  messagesPerSecond: 100,
  badMessages: 20,
  badWindowMs: 10_000,
  badLogged: 3
})

/** What to do with a bad message: log it, count it quietly, or close the flooding socket. */
export type BadVerdict = 'log' | 'quiet' | 'flood'

/** Counts one connection's messages in fixed windows of the injected clock. */
export class FloodGuard {
  readonly #now: () => number
  readonly #limits: FloodLimits
  #windowStart = Number.NEGATIVE_INFINITY
  #inWindow = 0
  #badWindowStart = Number.NEGATIVE_INFINITY
  #badInWindow = 0
  #badTotal = 0

  constructor (now: () => number, limits: FloodLimits = FLOOD_LIMITS) {
    this.#now = now
    this.#limits = limits
  }

  /** Counts any incoming message; true when the connection is over its rate. */
  message (): boolean {
    const at = this.#now()
    if (at - this.#windowStart >= 1000) {
      this.#windowStart = at
      this.#inWindow = 0
    }
    this.#inWindow++
    return this.#inWindow > this.#limits.messagesPerSecond
  }

  /** Counts a bad message and says what to do with it. */
  bad (): BadVerdict {
    const at = this.#now()
    if (at - this.#badWindowStart >= this.#limits.badWindowMs) {
      this.#badWindowStart = at
      this.#badInWindow = 0
    }
    this.#badInWindow++
    this.#badTotal++
    if (this.#badInWindow > this.#limits.badMessages) return 'flood'
    return this.#badTotal <= this.#limits.badLogged ? 'log' : 'quiet'
  }

  /** Bad messages of this connection so far. */
  get badTotal (): number {
    return this.#badTotal
  }

  /** True when some bad messages got no line of their own, so the connection's end should sum them up. */
  get needsSummary (): boolean {
    return this.#badTotal > this.#limits.badLogged
  }
}
