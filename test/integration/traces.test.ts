/**
 * Trace in → calls out, over real TCP: the fake PBX replays each recorded
 * trace, the AMI adapter decodes it, the call tracker concludes. Asserts the
 * same oracle as the unit tests. The fake PBX and the tracker share a
 * {@link TestClock}: each frame goes out once the adapter has handled the
 * ones before (a Ping answered on the same connection), at its recorded
 * time, so the tracker's durations are the recorded ones and no wall time passes.
 */
import { fileURLToPath } from 'node:url'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { AmiAdapter } from '../../agent/telephony/ami/ami-adapter.js'
import { PbxLink } from '../../agent/telephony/pbx-link.js'
import type { CallChange } from '../../agent/model/call.js'
import { CallTracker } from '../../agent/telephony/calls/call-tracker.js'
import { FakePbx } from '../../agent/fake-pbx/fake-pbx.js'
import { loadTrace } from '../../agent/fake-pbx/trace.js'
import { conclusionOf, endedCalls, ORACLE } from '../support/trace-oracle.js'
import { TestClock } from '../support/test-clock.js'

const fixture = (file: string): string => fileURLToPath(new URL(`../fixtures/ami/${file}`, import.meta.url))
const SECRET = 'screenpop-secret'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

/** FakePbx ─TCP─▶ AmiAdapter ─▶ PbxLink ─event─▶ CallTracker, resynced by the link on every login. */
async function rig () {
  const errors: unknown[] = []
  const logger = pino({ level: 'warn' }, { write: (line: string) => { if ((JSON.parse(line) as { level: number }).level >= 50) errors.push(line) } })
  const clock = new TestClock()
  const pbx = new FakePbx({ loginFailDelayMs: 20, clock })
  const { port } = await pbx.listen(0)
  cleanups.push(() => pbx.close())
  const ami = new AmiAdapter({
    url: `ami://screenpop:${SECRET}@127.0.0.1:${port}`,
    logger,
    pingIntervalMs: 60_000,
    reconnectMinMs: 20,
    reconnectMaxMs: 100
  })
  cleanups.push(() => ami.stop())
  const tracker = new CallTracker({ pbxId: 'default', now: clock.now, logger })
  const changes: CallChange[] = []
  tracker.onChange(change => { changes.push(change) })
  // One TCP stream, answered in order: once the Pong is in, every event before it was applied.
  clock.settleBy(async () => { await ami.send({ Action: 'Ping' }) })
  let resyncs = 0
  const resyncWaiters = new Set<() => void>()
  const link = new PbxLink({ pbxId: 'default', ami, tracker, logger })
  link.on('event', event => { tracker.apply(event) })
  link.on('down', () => { tracker.linkDown() })
  link.on('up', up => {
    if (!up.resynced) return
    resyncs++
    for (const wake of [...resyncWaiters]) wake()
  })
  /** Resolves once `n` resyncs in total have completed. */
  const resynced = (n: number): Promise<void> => new Promise(resolve => {
    const check = (): void => {
      if (resyncs < n) return
      resyncWaiters.delete(check)
      resolve()
    }
    resyncWaiters.add(check)
    check()
  })
  link.start()
  await resynced(1)
  return { pbx, tracker, changes, errors, resynced }
}

describe('recorded traces over TCP: FakePbx → AmiAdapter → CallTracker', () => {
  for (const [file, expected] of Object.entries(ORACLE)) {
    it(`${file}: the oracle's conclusions, with the recorded durations`, async () => {
      const { pbx, tracker, changes, errors } = await rig()
      // Resolves once the adapter has handled the last frame.
      await pbx.play(await loadTrace(fixture(file)))
      expect(endedCalls(changes)).toHaveLength(expected.length)
      expect(tracker.calls()).toEqual([])
      expect(errors).toEqual([])
      const ended = endedCalls(changes)
      ended.forEach((call, i) => {
        const want = expected[i]
        if (want === undefined) throw new Error('unreachable')
        const { ringS, talkS, waitS, ...facts } = conclusionOf(call, changes)
        const { ringS: wantRing, talkS: wantTalk, waitS: wantWait, ...wantFacts } = want
        expect(facts).toEqual(wantFacts)
        for (const [got, exp] of [[ringS, wantRing], [talkS, wantTalk], [waitS, wantWait]] as const) {
          if (exp === undefined) continue
          if (exp === null) expect(got).toBeNull()
          // Recorded durations, not wall time: only the 0.1 s rounding may tip (1.049 vs 1.05).
          else expect(Math.abs((got ?? NaN) - exp), `${file} #${i}`).toBeLessThanOrEqual(0.1 + 1e-9)
        }
      })
    }, 30_000)
  }

  it('12: the call up when Asterisk restarts ends as unknown after the reconnect resync', async () => {
    const { pbx, tracker, changes, errors, resynced } = await rig()
    // The recording stops while the call is up (the restart cut it off).
    await pbx.play(await loadTrace(fixture('12-reconnect.conn1.jsonl')))
    expect(tracker.calls()).toMatchObject([{ state: 'connected' }])
    const id = tracker.calls()[0]?.id
    await pbx.restart({ downMs: 100 })
    await resynced(2)
    expect(changes.some(c => c.call.id === id && c.kind === 'updated' && c.call.unverified === true)).toBe(true)
    expect(endedCalls(changes)).toMatchObject([{ id, result: 'unknown', endedBy: 'system', answeredBy: '1001' }])
    expect(tracker.calls()).toEqual([])
    expect(errors).toEqual([])
  }, 30_000)
})
