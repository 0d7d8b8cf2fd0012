import { describe, expect, it } from 'vitest'
import { FloodGuard } from '../../../../agent/delivery/ws/flood-guard.js'

const limits = { messagesPerSecond: 5, badMessages: 3, badWindowMs: 10_000, badLogged: 2 }

describe('FloodGuard', () => {
  it('allows messagesPerSecond per one-second window and starts over in the next', () => {
    let clock = 1000
    const guard = new FloodGuard(() => clock, limits)
    for (let i = 0; i < 5; i++) expect(guard.message()).toBe(false)
    expect(guard.message()).toBe(true)
    clock += 999
    expect(guard.message()).toBe(true)
    clock += 1
    for (let i = 0; i < 5; i++) expect(guard.message()).toBe(false)
  })

  it('logs the first badLogged bad messages of the connection, then counts quietly, and floods past badMessages per window', () => {
    let clock = 0
    const guard = new FloodGuard(() => clock, limits)
    expect([guard.bad(), guard.bad(), guard.bad()]).toEqual(['log', 'log', 'quiet'])
    expect(guard.needsSummary).toBe(true)
    clock += 10_000
    // A new window forgives the rate, not the log budget.
    expect([guard.bad(), guard.bad(), guard.bad(), guard.bad()]).toEqual(['quiet', 'quiet', 'quiet', 'flood'])
    expect(guard.badTotal).toBe(7)
  })

  it('needs no summary while every bad message got its own line', () => {
    const guard = new FloodGuard(() => 0, limits)
    guard.bad()
    guard.bad()
    expect(guard.needsSummary).toBe(false)
  })
})
