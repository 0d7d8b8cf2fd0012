import { afterEach, describe, expect, it, vi } from 'vitest'
import { pino } from 'pino'
import { DailyJob, lastSlot, type JobRunStore } from '../../../agent/jobs/daily-job.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** The `jobs` table in memory, with the same compare-and-set claim. */
function memoryStore (initial: string | null = null): JobRunStore & { value: string | null } {
  return {
    value: initial,
    async lastRun () { return this.value },
    async claim (_name, seen, at) {
      if (this.value !== seen) return false
      this.value = at
      return true
    },
    async release (_name, at, previous) { if (this.value === at) this.value = previous }
  }
}

function job (store: JobRunStore, clock: { t: number }, run: () => Promise<void>, timeZone = 'Europe/Berlin'): DailyJob {
  return new DailyJob({ name: 'tiers.recompute', hour: 3, timeZone, now: () => clock.t, run, store, logger: pino({ level: 'silent' }), retryAfterMs: 15 * 60_000 })
}

describe('DailyJob', () => {
  afterEach(() => { vi.useRealTimers() })

  it('the slot is the latest 03:00 in the zone at or before now, across daylight saving changes', () => {
    // Berlin is UTC+1 in winter, UTC+2 in summer.
    expect(new Date(lastSlot(Date.parse('2026-12-03T10:00:00Z'), 3, 'Europe/Berlin')).toISOString()).toBe('2026-12-03T02:00:00.000Z')
    expect(new Date(lastSlot(Date.parse('2026-12-03T01:59:00Z'), 3, 'Europe/Berlin')).toISOString()).toBe('2026-12-02T02:00:00.000Z')
    expect(new Date(lastSlot(Date.parse('2026-07-01T12:00:00Z'), 3, 'Europe/Berlin')).toISOString()).toBe('2026-07-01T01:00:00.000Z')
    // The night clocks go back (25 October 2026): 03:00 CET.
    expect(new Date(lastSlot(Date.parse('2026-10-25T12:00:00Z'), 3, 'Europe/Berlin')).toISOString()).toBe('2026-10-25T02:00:00.000Z')
    expect(new Date(lastSlot(Date.parse('2026-12-03T10:00:00Z'), 3, 'Asia/Tehran')).toISOString()).toBe('2026-12-02T23:30:00.000Z')
    expect(new Date(lastSlot(Date.parse('2026-12-03T10:00:00Z'), 0, 'UTC')).toISOString()).toBe('2026-12-03T00:00:00.000Z')
  })

  it('runs once per day at the hour, however often it checks', async () => {
    const clock = { t: Date.parse('2026-12-03T02:30:00Z') } // 03:30 in Berlin: today's run is due (never ran)
    const store = memoryStore()
    const runs: string[] = []
    const nightly = job(store, clock, async () => { runs.push(new Date(clock.t).toISOString()) })
    expect(await nightly.tick()).toBe(true)
    for (let i = 0; i < 24 * 6; i++) { // every 10 minutes for a day
      clock.t += 10 * 60_000
      await nightly.tick()
    }
    expect(runs).toEqual(['2026-12-03T02:30:00.000Z', '2026-12-04T02:00:00.000Z'])
    expect(store.value).toBe('2026-12-04T02:00:00.000Z')
  })

  it('catches up at start after downtime, once, then keeps to the hour', async () => {
    // Last ran three days ago; the agent comes back at 15:00 Berlin.
    const store = memoryStore('2026-11-30T02:00:00.000Z')
    const clock = { t: Date.parse('2026-12-03T14:00:00Z') }
    let runs = 0
    const nightly = job(store, clock, async () => { runs++ })
    expect(await nightly.tick()).toBe(true)
    expect(await nightly.tick()).toBe(false)
    expect(runs).toBe(1)
    clock.t = Date.parse('2026-12-04T01:59:00Z')
    expect(await nightly.tick()).toBe(false)
    clock.t = Date.parse('2026-12-04T02:00:00Z')
    expect(await nightly.tick()).toBe(true)
    expect(runs).toBe(2)
  })

  it('does not run before the hour when the last run was after yesterday\'s slot', async () => {
    const store = memoryStore('2026-12-02T02:00:05.000Z')
    const clock = { t: Date.parse('2026-12-03T01:00:00Z') } // 02:00 Berlin
    let runs = 0
    expect(await job(store, clock, async () => { runs++ }).tick()).toBe(false)
    expect(runs).toBe(0)
  })

  it('a run another agent claimed first is not run again', async () => {
    const store = memoryStore('2026-12-01T02:00:00.000Z')
    const clock = { t: Date.parse('2026-12-03T12:00:00Z') }
    const claim = store.claim.bind(store)
    // The other agent claims between our read and our claim.
    store.claim = async (name, seen, at) => { store.value = '2026-12-03T11:59:59.000Z'; return await claim(name, seen, at) }
    let runs = 0
    expect(await job(store, clock, async () => { runs++ }).tick()).toBe(false)
    expect(runs).toBe(0)
  })

  it('a failed run puts the last run back and is retried after the retry delay', async () => {
    const store = memoryStore('2026-12-01T02:00:00.000Z')
    const clock = { t: Date.parse('2026-12-03T12:00:00Z') }
    let fail = true
    let runs = 0
    const nightly = job(store, clock, async () => { runs++; if (fail) throw new Error('database gone') })
    expect(await nightly.tick()).toBe(false)
    expect(store.value).toBe('2026-12-01T02:00:00.000Z')
    clock.t += 10 * 60_000
    expect(await nightly.tick()).toBe(false)
    expect(runs).toBe(1)
    fail = false
    clock.t += 5 * 60_000
    expect(await nightly.tick()).toBe(true)
    expect(runs).toBe(2)
  })

  it('start checks at once and then on its timer; stop waits for the run in progress', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-03T01:00:00Z') }) // 02:00 Berlin, ran yesterday
    const store = memoryStore('2026-12-02T02:00:00.000Z')
    const runs: number[] = []
    const nightly = new DailyJob({
      name: 'tiers.recompute', hour: 3, timeZone: 'Europe/Berlin', now: () => Date.now(), store, logger: pino({ level: 'silent' }),
      run: async () => { runs.push(Date.now()) }
    })
    nightly.start()
    await vi.advanceTimersByTimeAsync(59 * 60_000)
    expect(runs).toEqual([])
    await vi.advanceTimersByTimeAsync(HOUR)
    expect(runs).toEqual([Date.parse('2026-12-03T02:00:00Z')])
    await vi.advanceTimersByTimeAsync(DAY - HOUR)
    expect(runs).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(HOUR)
    expect(runs).toHaveLength(2)
    await nightly.stop()
    await vi.advanceTimersByTimeAsync(3 * DAY)
    expect(runs).toHaveLength(2)
  })
})
