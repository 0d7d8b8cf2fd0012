/**
 * Trace in → calls out, over real TCP: the fake PBX replays each recorded
 * trace, the AMI adapter decodes it, the call tracker concludes. Asserts the
 * same oracle as the unit tests, with durations scaled back by the replay speed.
 */
import { fileURLToPath } from 'node:url'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { AmiAdapter } from '../../agent/telephony/ami/ami-adapter.js'
import { resyncTracker } from '../../agent/screen-pop/pipeline.js'
import type { CallChange } from '../../agent/model/call.js'
import { CallTracker } from '../../agent/telephony/calls/call-tracker.js'
import { FakePbx } from '../../agent/fake-pbx/fake-pbx.js'
import { loadTrace } from '../../agent/fake-pbx/trace.js'
import { conclusionOf, endedCalls, ORACLE } from '../support/trace-oracle.js'

const fixture = (file: string): string => fileURLToPath(new URL(`../fixtures/ami/${file}`, import.meta.url))
const SECRET = 'screenpop-secret'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

async function until (ok: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}

/** FakePbx ─TCP─▶ AmiAdapter ─event─▶ CallTracker, resynced on every login like the pipeline does. */
async function rig () {
  const errors: unknown[] = []
  const logger = pino({ level: 'warn' }, { write: (line: string) => { if ((JSON.parse(line) as { level: number }).level >= 50) errors.push(line) } })
  const pbx = new FakePbx({ loginFailDelayMs: 20 })
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
  const tracker = new CallTracker({ now: () => Date.now(), logger })
  const changes: CallChange[] = []
  tracker.onChange(change => { changes.push(change) })
  let resyncs = 0
  ami.on('event', event => { tracker.apply(event) })
  ami.on('disconnected', () => { tracker.linkDown() })
  ami.on('connected', session => {
    void resyncTracker(ami, tracker, session).then(() => { resyncs++ })
  })
  ami.start()
  await until(() => resyncs === 1, 5000)
  return { pbx, tracker, changes, errors, resyncs: () => resyncs }
}

const SPEED: Readonly<Record<string, number>> = {
  '01-inbound-answered.jsonl': 1, // one trace in real time: durations unscaled
  '07-anonymous.jsonl': 10,
  '08-blind-transfer.jsonl': 10,
  '10-queue-member-state.jsonl': 10
}

describe('recorded traces over TCP: FakePbx → AmiAdapter → CallTracker', () => {
  for (const [file, expected] of Object.entries(ORACLE)) {
    const speed = SPEED[file] ?? 5
    it(`${file} at ${speed}x: the oracle's conclusions`, async () => {
      const { pbx, tracker, changes, errors } = await rig()
      await pbx.play(await loadTrace(fixture(file)), { speed })
      await until(() => endedCalls(changes).length === expected.length && tracker.calls().length === 0, 5000)
      expect(errors).toEqual([])
      const ended = endedCalls(changes)
      ended.forEach((call, i) => {
        const want = expected[i]
        if (want === undefined) throw new Error('unreachable')
        const { ringS, talkS, waitS, ...facts } = conclusionOf(call, changes, speed)
        const { ringS: wantRing, talkS: wantTalk, waitS: wantWait, ...wantFacts } = want
        expect(facts).toEqual(wantFacts)
        for (const [got, exp] of [[ringS, wantRing], [talkS, wantTalk], [waitS, wantWait]] as const) {
          if (exp === undefined) continue
          if (exp === null) expect(got).toBeNull()
          else expect(Math.abs((got ?? NaN) - exp), `${file} #${i}`).toBeLessThanOrEqual(0.5)
        }
      })
    }, 30_000)
  }

  it('12: the call up when Asterisk restarts ends as unknown after the reconnect resync', async () => {
    const { pbx, tracker, changes, errors, resyncs } = await rig()
    await pbx.play(await loadTrace(fixture('12-reconnect.conn1.jsonl')), { speed: 5 })
    await until(() => tracker.calls()[0]?.state === 'connected', 3000)
    const id = tracker.calls()[0]?.id
    await pbx.restart({ downMs: 100 })
    await until(() => resyncs() === 2, 5000)
    expect(changes.some(c => c.call.id === id && c.kind === 'updated' && c.call.unverified === true)).toBe(true)
    expect(endedCalls(changes)).toMatchObject([{ id, result: 'unknown', endedBy: 'system', answeredBy: '1001' }])
    expect(tracker.calls()).toEqual([])
    expect(errors).toEqual([])
  }, 30_000)
})
