import { describe, expect, it } from 'vitest'
import { realClock } from '../../../agent/fake-pbx/replay-clock.js'
import { TestClock } from '../../support/test-clock.js'

const never = new AbortController().signal

describe('realClock', () => {
  it('waits until the due time, and not at all once aborted', async () => {
    const timeline = await realClock.replay()
    await timeline.until(timeline.start + 20, never)
    expect(realClock.now()).toBeGreaterThanOrEqual(timeline.start + 20)
    const stop = new AbortController()
    const waiting = timeline.until(realClock.now() + 60_000, stop.signal)
    stop.abort()
    await waiting
    await timeline.end(false)
  })
})

describe('TestClock', () => {
  it('stands still during a replay and moves to each due time only after the settle function resolved', async () => {
    const clock = new TestClock()
    const log: string[] = []
    clock.settleBy(async () => { log.push(`settle@${clock.now()}`) })
    const timeline = await clock.replay()
    const { start } = timeline
    expect(clock.now()).toBe(start)
    await timeline.until(start + 1003, never)
    expect(clock.now()).toBe(start + 1003)
    // Already due: no settle needed, the clock keeps its reading.
    await timeline.until(start + 500, never)
    expect(clock.now()).toBe(start + 1003)
    await timeline.end(true)
    // Once before the replay starts (the clock still running), before moving to +1003, and at the end.
    expect(log).toHaveLength(3)
    expect(log.slice(1)).toEqual([`settle@${start}`, `settle@${start + 1003}`])
  })

  it('after a replay goes on from the last frame time, never back', async () => {
    const clock = new TestClock()
    const timeline = await clock.replay()
    await timeline.until(timeline.start + 60_000, never)
    await timeline.end(true)
    const after = clock.now()
    expect(after).toBeGreaterThanOrEqual(timeline.start + 60_000)
    clock.advanceTo(after + 5000)
    expect(clock.now()).toBeGreaterThanOrEqual(after + 5000)
    clock.advanceTo(0)
    expect(clock.now()).toBeGreaterThanOrEqual(after + 5000)
  })

  it('holds a replay before the hold point until released or moved, with everything before it settled', async () => {
    const clock = new TestClock()
    let settles = 0
    clock.settleBy(async () => { settles++ })
    const timeline = await clock.replay()
    const { start } = timeline
    clock.holdAt(start + 1000)
    await timeline.until(start + 999, never)
    let passed = false
    const waiting = timeline.until(start + 3000, never).then(() => { passed = true })
    await clock.held()
    expect(passed).toBe(false)
    expect(clock.now()).toBe(start + 999)
    const settledAtHold = settles
    // Moving the hold point lets the replay up to it; still beyond it, it holds again.
    clock.holdAt(start + 2000)
    await clock.held()
    expect(passed).toBe(false)
    expect(settles).toBeGreaterThan(settledAtHold)
    clock.release()
    await waiting
    expect(clock.now()).toBe(start + 3000)
    await timeline.end(true)
  })

  it('lets an aborted replay go at the hold point without moving the clock', async () => {
    const clock = new TestClock()
    const timeline = await clock.replay()
    clock.holdFor(100)
    const stop = new AbortController()
    const waiting = timeline.until(timeline.start + 5000, stop.signal)
    await clock.held()
    stop.abort()
    await waiting
    expect(clock.now()).toBe(timeline.start)
    await timeline.end(false)
  })
})
