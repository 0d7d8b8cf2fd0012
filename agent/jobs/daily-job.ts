/**
 * A job that runs once a day at a local hour, on the injected clock: the
 * nightly tier recomputation. It checks every minute (and once at start)
 * whether the day's run is due, so it also catches up on a run missed while
 * the agent was down, and a clock that jumps (a test's, or after a suspend)
 * is noticed within a minute.
 *
 * ```
 *  lastRun ──────────── slot (today 03:00 local) ──── now      → due: run, record now
 *  slot ─── lastRun ─────────────────────────────── now        → not due
 * ```
 * `slot` is the latest `hour:00` in the zone at or before now. The start
 * time is claimed in the store before the run (so two agents on one
 * database run it once) and put back if the run fails, which is retried
 * after `retryAfterMs`.
 */
import type { Logger } from 'pino'
import { zonedHourToEpoch, zonedParts } from '../model/zoned-time.js'

const DAY_MS = 86_400_000

/** Where a job's last start is kept (`store/job-runs.ts` fits). */
export interface JobRunStore {
  lastRun (name: string): Promise<string | null>
  claim (name: string, seen: string | null, at: string): Promise<boolean>
  release (name: string, at: string, previous: string | null): Promise<void>
}

export interface DailyJobOptions {
  readonly name: string
  /** Local hour 0–23 in {@link timeZone}. */
  readonly hour: number
  readonly timeZone: string
  /** Epoch ms. */
  readonly now: () => number
  readonly run: () => Promise<void>
  readonly store: JobRunStore
  readonly logger: Pick<Logger, 'info' | 'error'>
  /** How often to check whether the run is due; default one minute. */
  readonly checkEveryMs?: number
  /** After a failed run, wait this long before trying again; default 15 minutes. */
  readonly retryAfterMs?: number
}

/**
 * The latest `hour:00` in `timeZone` at or before `nowMs`.
 */
export function lastSlot (nowMs: number, hour: number, timeZone: string): number {
  const today = zonedParts(nowMs, timeZone)
  const slot = zonedHourToEpoch(today.year, today.month, today.day, hour, timeZone)
  if (slot <= nowMs) return slot
  const yesterday = zonedParts(nowMs - DAY_MS, timeZone)
  return zonedHourToEpoch(yesterday.year, yesterday.month, yesterday.day, hour, timeZone)
}

/** One daily job on a timer: {@link DailyJob.start} it when the app is ready, {@link DailyJob.stop} it on close. */
export class DailyJob {
  readonly #opts: DailyJobOptions
  #timer: ReturnType<typeof setInterval> | null = null
  #running: Promise<boolean> | null = null
  #retryAt = 0

  constructor (opts: DailyJobOptions) {
    this.#opts = opts
  }

  /** Checks at once (catching up on a missed run), then every `checkEveryMs`. */
  start (): void {
    if (this.#timer !== null) return
    this.#timer = setInterval(() => { void this.tick() }, this.#opts.checkEveryMs ?? 60_000)
    this.#timer.unref()
    void this.tick()
  }

  /** Stops checking and waits for a run in progress. */
  async stop (): Promise<void> {
    if (this.#timer !== null) clearInterval(this.#timer)
    this.#timer = null
    await this.#running
  }

  /** Runs the job when it is due. Resolves true when it ran and succeeded. */
  async tick (): Promise<boolean> {
    this.#running ??= this.#tick().finally(() => { this.#running = null })
    return await this.#running
  }

  async #tick (): Promise<boolean> {
    const { name, store, logger } = this.#opts
    const now = this.#opts.now()
    if (now < this.#retryAt) return false
    try {
      const last = await store.lastRun(name)
      const slot = lastSlot(now, this.#opts.hour, this.#opts.timeZone)
      if (last !== null && Date.parse(last) >= slot) return false
      const at = new Date(now).toISOString()
      if (!(await store.claim(name, last, at))) return false
      logger.info({ job: name, lastRun: last }, 'scheduled job starts')
      try {
        await this.#opts.run()
      } catch (err) {
        await store.release(name, at, last).catch(() => undefined)
        throw err
      }
      return true
    } catch (err) {
      this.#retryAt = now + (this.#opts.retryAfterMs ?? 15 * 60_000)
      logger.error({ err, job: name }, 'scheduled job failed; will retry')
      return false
    }
  }
}
