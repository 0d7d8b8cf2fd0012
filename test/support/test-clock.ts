/**
 * A clock the test controls, shared by a {@link FakePbx} (as its
 * {@link ReplayClock}) and the code under test (as its `now()`), so recorded
 * traces replay as fast as the client handles them with their recorded
 * timing intact. How a replay uses it is documented on `agent/fake-pbx/fake-pbx.ts`.
 *
 * ```
 *           idle: wall time + offset            replaying: pinned
 * now() ──────────────────────────────▶ ┃ start ── t1 ── t2 ── … ── tn ┃ ──▶ wall time + offset
 *                                 replay() pins        end() unpins, going on from max(tn, wall time)
 * ```
 * While at least one replay runs, `now()` stands still between frames and
 * moves only to the next frame's time, once {@link TestClock.settleBy}'s
 * function says the client has handled everything sent so far. Between
 * replays it follows wall time from where the last replay left it, so
 * timestamps the code under test takes on its own (rows, rate windows) keep
 * growing. It never goes back.
 *
 * A test that must act mid-call stops the replay at a point of the clock:
 * ```ts
 * clock.holdFor(1000)                 // trace 01: ringing at +3 ms, answered at +1005 ms
 * const done = pbx.play(trace01)
 * await clock.held()                  // ringing handled; the answer has not been sent
 * pbx.dropConnections()
 * clock.release()
 * await done                          // the rest of the call, handled
 * ```
 */
import type { ReplayClock, ReplayTimeline } from '../../agent/fake-pbx/replay-clock.js'

/** Resolves once the client has handled everything sent so far; should return early when `signal` aborts. */
export type Settle = (signal: AbortSignal) => Promise<void>

const wallNow = (): number => performance.timeOrigin + performance.now()

/** See the module doc. */
export class TestClock implements ReplayClock {
  #offset = 0
  /** The clock's reading while replays run; null when idle. */
  #pinned: number | null = null
  #replays = 0
  #settle: Settle | null = null
  #holdAt = Number.POSITIVE_INFINITY
  /** True while a replay waits at the hold point. */
  #holding = false
  readonly #onHeld = new Set<() => void>()
  readonly #onRelease = new Set<() => void>()

  /** Epoch ms; a method that may be passed around unbound (`now: clock.now`). */
  readonly now = (): number => this.#pinned ?? wallNow() + this.#offset

  /**
   * Sets how "the client has handled everything sent so far" is awaited
   * before the clock moves on. Returns a function that removes it again
   * (if it is still the one set). Without one, the clock moves on at once.
   */
  settleBy (settle: Settle): () => void {
    this.#settle = settle
    return () => { if (this.#settle === settle) this.#settle = null }
  }

  /** Moves the clock forward to `at` (epoch ms); never back. */
  advanceTo (at: number): void {
    if (this.#pinned !== null) this.#pinned = Math.max(this.#pinned, at)
    else this.#offset += Math.max(0, at - this.now())
  }

  /**
   * Replays stop before any frame due after `at` (epoch ms) until
   * {@link release} or another hold point; a replay waiting at the old point
   * goes on up to the new one.
   */
  holdAt (at: number): void {
    this.#holdAt = at
    this.#holding = false
    for (const wake of [...this.#onRelease]) wake()
  }

  /** {@link holdAt} `ms` from now. */
  holdFor (ms: number): void {
    this.holdAt(this.now() + ms)
  }

  /** Resolves when a replay waits at the hold point, everything before it handled. */
  held (): Promise<void> {
    if (this.#holding) return Promise.resolve()
    return new Promise(resolve => { this.#onHeld.add(resolve) })
  }

  /** Lifts the hold point; waiting replays go on. */
  release (): void {
    this.holdAt(Number.POSITIVE_INFINITY)
  }

  async replay (): Promise<ReplayTimeline> {
    await this.#settled(new AbortController().signal)
    this.#pinned ??= this.now()
    this.#replays++
    let ended = false
    return {
      start: this.#pinned,
      until: async (at, signal) => {
        while (at > this.now()) {
          await this.#settled(signal)
          if (signal.aborted) return
          if (at <= this.#holdAt) {
            this.advanceTo(at)
            return
          }
          await this.#hold(signal)
          if (signal.aborted) return
        }
      },
      end: async (completed) => {
        if (ended) return
        ended = true
        if (completed) await this.#settled(new AbortController().signal)
        if (--this.#replays > 0 || this.#pinned === null) return
        // Go on from the last frame's time, or from wall time if the replay fell behind it.
        this.#offset = Math.max(0, this.#pinned - wallNow())
        this.#pinned = null
      }
    }
  }

  async #settled (signal: AbortSignal): Promise<void> {
    if (this.#settle !== null && !signal.aborted) await this.#settle(signal)
  }

  async #hold (signal: AbortSignal): Promise<void> {
    this.#holding = true
    for (const wake of [...this.#onHeld]) wake()
    this.#onHeld.clear()
    await new Promise<void>(resolve => {
      const wake = (): void => {
        this.#holding = false
        this.#onRelease.delete(wake)
        signal.removeEventListener('abort', wake)
        resolve()
      }
      this.#onRelease.add(wake)
      signal.addEventListener('abort', wake, { once: true })
      if (signal.aborted) wake()
    })
  }
}
