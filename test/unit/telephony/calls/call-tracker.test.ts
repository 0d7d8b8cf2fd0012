import { describe, expect, it } from 'vitest'
import { pino } from 'pino'
import type { AmiEvent, ChannelSnapshot, CoreShowChannelEvent, QueueEntryEvent } from '../../../../agent/telephony/ami/events.js'
import type { ChannelState, DialStatus, HangupCategory } from '../../../../agent/telephony/ami/call-facts.js'
import { pbxIdOfCallId, type CallChange } from '../../../../agent/model/call.js'
import { CallTracker, type CallTrackerOptions } from '../../../../agent/telephony/calls/call-tracker.js'
import { traceEvents, traceFiles, traceOffsetMs, type TimedEvent } from '../../../support/ami-trace.js'
import { conclusionOf, endedCalls, ORACLE } from '../../../support/trace-oracle.js'

/** Wall-clock origin of the fake clock: `now()` = T0 + the frame's `t_ms`. */
const T0 = Date.UTC(2026, 6, 1)

interface LogLine { level: number; msg: string; code?: string }

function harness (opts: Partial<CallTrackerOptions> = {}) {
  let t = T0
  const logs: LogLine[] = []
  const logger = pino({ level: 'debug' }, { write: (line: string) => { logs.push(JSON.parse(line) as LogLine) } })
  const tracker = new CallTracker({ pbxId: 'default', now: () => t, logger, ...opts })
  const changes: CallChange[] = []
  tracker.onChange(change => { changes.push(change) })
  return {
    tracker,
    changes,
    logs,
    at (ms: number) { t = T0 + ms },
    play (events: readonly TimedEvent[], offsetMs = 0) {
      for (const { tMs, event } of events) {
        t = T0 + offsetMs + tMs
        tracker.apply(event)
      }
    }
  }
}

const errorsIn = (logs: readonly LogLine[]): LogLine[] => logs.filter(l => l.level >= 50)

/** Every published call ends at most once, nothing follows its end, and calls() lists exactly the others. */
function expectConsistent (tracker: CallTracker, changes: readonly CallChange[]): void {
  const ids = [...new Set(changes.map(c => c.call.id))]
  for (const id of ids) {
    const mine = changes.filter(c => c.call.id === id)
    const ends = mine.filter(c => c.kind === 'ended')
    expect(ends.length, id).toBeLessThanOrEqual(1)
    if (ends.length === 1) {
      expect(mine.at(-1)?.kind, id).toBe('ended')
      expect(tracker.get(id)?.state).toBe('ended')
      expect(tracker.get(id)?.result).not.toBeNull()
    } else {
      expect(tracker.calls().map(c => c.id)).toContain(id)
    }
  }
  expect(tracker.calls().every(c => c.state !== 'ended')).toBe(true)
}

describe('CallTracker on every recorded trace', () => {
  for (const file of traceFiles()) {
    it(`${file}: no exception, consistent lifecycle`, () => {
      const h = harness()
      h.play(traceEvents(file))
      expect(errorsIn(h.logs)).toEqual([])
      expectConsistent(h.tracker, h.changes)
      expect(h.tracker.stats().illegalTransitions).toBe(0)
    })
  }

  for (const [file, expected] of Object.entries(ORACLE)) {
    it(`${file}: the oracle's conclusions`, () => {
      const h = harness()
      h.play(traceEvents(file))
      const ended = endedCalls(h.changes)
      expect(ended).toHaveLength(expected.length)
      expect(h.tracker.calls()).toEqual([])
      ended.forEach((call, i) => {
        const want = expected[i]
        if (want === undefined) throw new Error('unreachable')
        const got = conclusionOf(call, h.changes)
        const { ringS, talkS, waitS, ...facts } = want
        expect({ ...got, ringS: undefined, talkS: undefined, waitS: undefined }).toEqual({ ...facts, ringS: undefined, talkS: undefined, waitS: undefined })
        if (ringS === null) expect(got.ringS).toBeNull()
        else expect(got.ringS).toBeCloseTo(ringS, 0)
        if (talkS === null) expect(got.talkS).toBeNull()
        else expect(Math.abs((got.talkS ?? NaN) - talkS)).toBeLessThanOrEqual(0.5)
        if (ringS !== null) expect(Math.abs((got.ringS ?? NaN) - ringS)).toBeLessThanOrEqual(0.5)
        if (waitS !== undefined) expect(Math.abs((got.waitS ?? NaN) - waitS)).toBeLessThanOrEqual(0.5)
        expect(call.id).toMatch(/^default:\d+:\d+\.\d+$/)
        expect(call.pbxId).toBe('default')
      })
    })
  }
})

describe('CallTracker details from the traces', () => {
  it('01: pops on ring, not on Newchannel, with the caller ID already known', () => {
    const h = harness()
    h.play(traceEvents('01-inbound-answered.jsonl'))
    expect(h.changes.map(c => c.kind)).toEqual(['ringing', 'answered', 'ended'])
    const [ring, answer, end] = h.changes
    expect(ring?.call.startedAt).toBe(T0 + 502.92) // first Newchannel
    expect(ring?.call.legs).toEqual([{ extension: '1001', state: 'ringing', ringingAt: T0 + 505.064, answeredAt: null, endedAt: null }])
    expect(ring?.call.remote).toEqual({ number: '+4915112345678', name: 'Jane Doe', withheld: false })
    expect(answer?.call.answeredAt).toBe(T0 + 1507.719) // DialEnd ANSWER
    expect(end?.call.endedAt).toBe(T0 + 3512.631) // the caller half's Hangup
    expect(h.tracker.stats().eventsApplied).toBe(141)
  })

  it('04: a busy extension never pops; the call publishes only its end', () => {
    const h = harness()
    h.play(traceEvents('04-inbound-busy.jsonl'))
    expect(h.changes.map(c => c.kind)).toEqual(['ended'])
  })

  it('05: each ring-all member pops once; the loser is cancelled when the winner answers', () => {
    const h = harness()
    h.play(traceEvents('05-queue-answered.jsonl'))
    expect(h.changes.map(c => `${c.kind}:${c.call.state}`)).toEqual([
      'updated:queued', 'ringing:ringing', 'ringing:ringing', 'answered:connected', 'ended:ended'
    ])
    const answered = h.changes[3]?.call
    expect(answered?.legs.map(l => [l.extension, l.state, l.endedAt])).toEqual([
      ['1002', 'answered', null], ['1001', 'cancelled', T0 + 1505.166]
    ])
  })

  it('08: the transfer target rings while the call stays one call', () => {
    const h = harness()
    h.play(traceEvents('08-blind-transfer.jsonl'))
    expect(h.changes.map(c => `${c.kind}:${c.call.state}:${c.call.answeredBy ?? '-'}`)).toEqual([
      'ringing:ringing:-', 'answered:connected:1001', 'updated:connected:1001',
      'ringing:ringing:1001', 'answered:connected:1002', 'ended:ended:1002'
    ])
    expect(new Set(h.changes.map(c => c.call.id)).size).toBe(1)
    expect(h.changes[2]?.call.transfers).toEqual(['1002'])
  })

  it('09: outbound; the operator picks up first, the call connects when the callee answers', () => {
    const h = harness()
    h.play(traceEvents('09-outbound-originate.jsonl'))
    const call = endedCalls(h.changes)[0]
    expect(call?.legs[0]?.answeredAt).toBe(T0 + 1502.707)
    expect(call?.answeredAt).toBe(T0 + 3506.79)
    expect(call?.endedAt).toBe(T0 + 7010.142)
    // Nothing pops while only the operator's own phone rings (Originate): the callee is not known yet.
    expect(h.changes[0]?.kind).toBe('ringing')
    expect(h.changes[0]?.call.remote.number).toBe('0301234567')
  })

  it('10: call B waits queued until the paused member is back', () => {
    const h = harness()
    h.play(traceEvents('10-queue-member-state.jsonl'))
    const b = endedCalls(h.changes)[1]
    expect(h.changes.filter(c => c.call.id === b?.id).map(c => `${c.kind}:${c.call.state}`)).toEqual([
      'updated:queued', 'ringing:ringing', 'answered:connected', 'ended:ended'
    ])
  })

  it('ignores each event repeated: same changes, same results', () => {
    for (const file of traceFiles()) {
      const once = harness()
      once.play(traceEvents(file))
      const twice = harness()
      twice.play(traceEvents(file).flatMap(e => [e, e]))
      expect(twice.changes, file).toEqual(once.changes)
      expect(twice.tracker.stats().illegalTransitions, file).toBe(0)
    }
  })

  it('survives swapped neighbours without throwing', () => {
    let seed = 42
    const random = (): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31 }
    for (const file of traceFiles()) {
      for (let round = 0; round < 5; round++) {
        const events = traceEvents(file)
        for (let i = 0; i + 1 < events.length; i++) {
          if (random() < 0.1) [events[i], events[i + 1]] = [events[i + 1] as TimedEvent, events[i] as TimedEvent]
        }
        const h = harness()
        h.play(events)
        expect(errorsIn(h.logs), file).toEqual([])
        expectConsistent(h.tracker, h.changes)
      }
    }
  })

  it('an ended call never re-opens; late state changes are counted as illegal', () => {
    const events = traceEvents('06-queue-abandoned.jsonl')
    const late = events.findIndex(e => e.event.type === 'AgentCalled')
    const moved = [...events.slice(0, late), ...events.slice(late + 1), events[late] as TimedEvent]
    const h = harness()
    h.play(moved)
    const kinds = h.changes.map(c => c.kind)
    expect(kinds.at(-1)).toBe('ended')
    expect(kinds.filter(k => k === 'ended')).toHaveLength(1)
    expect(h.tracker.stats().illegalTransitions).toBe(1)
    expect(h.logs.some(l => l.code === 'RC_ERR_CALL_ILLEGAL_TRANSITION')).toBe(true)

    // Replaying the whole call after its end changes nothing either (without FullyBooted,
    // whose Uptime would now say Asterisk restarted).
    const before = h.changes.length
    h.play(traceEvents('06-queue-abandoned.jsonl').filter(e => e.event.type !== 'FullyBooted'), 10_000)
    expect(h.changes).toHaveLength(before)
    expect(h.tracker.get(h.changes[0]?.call.id ?? '')?.state).toBe('ended')
    expect(h.tracker.stats().illegalTransitions).toBeGreaterThan(1)
  })

  it('follows a Linkedid change without a new call', () => {
    const rekey = (s: ChannelSnapshot): ChannelSnapshot => ({ ...s, linkedid: s.linkedid === '1795375396.0' ? 'later.7' : s.linkedid })
    const events = traceEvents('01-inbound-answered.jsonl').map(({ tMs, event }): TimedEvent => {
      if (tMs < 2000) return { tMs, event }
      if ('channel' in event && typeof event.channel === 'object' && event.channel !== null) return { tMs, event: { ...event, channel: rekey(event.channel) } as AmiEvent }
      if (event.type === 'DialEnd' || event.type === 'DialState') return { tMs, event: { ...event, dest: rekey(event.dest), caller: event.caller === null ? null : rekey(event.caller) } }
      return { tMs, event }
    })
    const plain = harness()
    plain.play(traceEvents('01-inbound-answered.jsonl'))
    const rekeyed = harness()
    rekeyed.play(events)
    expect(rekeyed.changes).toEqual(plain.changes)
  })

  it('a throwing listener is logged and the others still hear every change', () => {
    const h = harness()
    h.tracker.onChange(() => { throw new Error('boom') })
    const late: CallChange[] = []
    const off = h.tracker.onChange(c => { late.push(c) })
    h.play(traceEvents('01-inbound-answered.jsonl'))
    expect(late.map(c => c.kind)).toEqual(['ringing', 'answered', 'ended'])
    expect(errorsIn(h.logs)).toHaveLength(3)
    off()
    h.play(traceEvents('03-inbound-noanswer.jsonl'), 10_000)
    expect(late).toHaveLength(3)
  })
})

/** CoreShowChannel rows for the channels a trace has created and not hung up by `untilMs`. */
function liveRows (events: readonly TimedEvent[], untilMs: number): CoreShowChannelEvent[] {
  const live = new Map<string, ChannelSnapshot>()
  for (const { tMs, event } of events) {
    if (tMs > untilMs) break
    if (event.type === 'Hangup') live.delete(event.channel.uniqueid)
    else if ('channel' in event && typeof event.channel === 'object' && event.channel !== null) live.set(event.channel.uniqueid, event.channel)
  }
  return [...live.values()].map(channel => ({ type: 'CoreShowChannel', channel, bridgeId: null, dialed: false, application: null, durationS: 1 }))
}

describe('CallTracker after a PBX link loss', () => {
  const conn1 = traceEvents('12-reconnect.conn1.jsonl')
  const conn2 = traceEvents('12-reconnect.conn2.jsonl')
  const conn2Offset = traceOffsetMs('12-reconnect.conn2.jsonl')

  it('12: the call is unverified while down, and ends as unknown once Asterisk is back without it', () => {
    const h = harness()
    h.play(conn1)
    const [live] = h.tracker.calls()
    expect(live?.state).toBe('connected')
    h.at(4413.3) // closed by server
    h.tracker.linkDown()
    expect(h.changes.at(-1)).toMatchObject({ kind: 'updated', call: { id: live?.id, unverified: true, state: 'connected' } })
    expect(h.tracker.calls()[0]?.unverified).toBe(true)
    h.play(conn2, conn2Offset) // FullyBooted Uptime 0: a restart
    h.tracker.resync({ epoch: 2, uptimeS: 0 }, [], [])
    const ended = h.changes.filter(c => c.kind === 'ended')
    expect(ended).toHaveLength(1)
    expect(ended[0]?.call).toMatchObject({ id: live?.id, result: 'unknown', endedBy: 'system', answeredBy: '1001' })
    expect(ended[0]?.call.unverified).toBeUndefined()
    expect(ended[0]?.call.endedAt).toBe(T0 + conn2Offset + 0.68)
    expect(h.tracker.calls()).toEqual([])
  })

  it('12 (same Asterisk run): an empty CoreShowChannels ends the call as unknown, keeping its id', () => {
    const h = harness()
    h.play(conn1)
    const id = h.tracker.calls()[0]?.id
    h.at(4413.3)
    h.tracker.linkDown()
    h.at(4600)
    h.tracker.resync({ epoch: 2, uptimeS: 165 + 5 }, [], [])
    expect(endedCalls(h.changes)).toMatchObject([{ id, result: 'unknown', endedBy: 'system' }])
  })

  it('keeps a call that is still up, without a second pop, and tracks it to its normal end', () => {
    const events = traceEvents('01-inbound-answered.jsonl')
    const h = harness()
    h.play(events.filter(e => e.tMs <= 2000))
    const id = h.tracker.calls()[0]?.id
    h.at(2100)
    h.tracker.linkDown()
    h.at(2500)
    h.tracker.resync({ epoch: 2, uptimeS: 5 + 2 }, liveRows(events, 2000), [])
    expect(h.changes.map(c => `${c.kind}:${String(c.call.unverified ?? false)}`)).toEqual([
      'ringing:false', 'answered:false', 'updated:true', 'updated:false'
    ])
    h.play(events.filter(e => e.tMs > 2000))
    const [call] = endedCalls(h.changes)
    expect(call).toMatchObject({ id, result: 'answered', answeredBy: '1001', endedBy: 'customer' })
  })

  it('pops calls that started while the link was down (10: one call up, one waiting)', () => {
    const events = traceEvents('10-queue-member-state.jsonl')
    const rows = events.filter(e => e.tMs === 3511.4 || e.event.type === 'CoreShowChannel').map(e => e.event)
      .filter((e): e is CoreShowChannelEvent => e.type === 'CoreShowChannel').slice(0, 6)
    const entries = events.map(e => e.event).filter((e): e is QueueEntryEvent => e.type === 'QueueEntry')
    expect(rows).toHaveLength(6)
    const h = harness()
    h.play(events.filter(e => e.event.type === 'FullyBooted'))
    h.at(3511.4)
    h.tracker.resync({ epoch: 1, uptimeS: 87 + 3 }, rows, entries)
    const a = h.changes.filter(c => c.call.legs.length > 0)
    expect(a.map(c => `${c.kind}:${c.call.state}:${c.call.answeredBy ?? '-'}`)).toEqual(['ringing:connected:1001', 'answered:connected:1001'])
    expect(a[0]?.call.remote).toEqual({ number: '+4915112345678', name: 'Jane Doe', withheld: false })
    const b = h.changes.find(c => c.call.legs.length === 0)
    expect(b?.call).toMatchObject({ state: 'queued', queue: 'support', direction: 'inbound' })
    expect(b?.call.startedAt).toBe(T0 + 3511.4 - 1000) // CoreShowChannel Duration 00:00:01

    h.play(events.filter(e => e.tMs > 3511.4))
    const ended = endedCalls(h.changes)
    expect(ended.map(c => [c.answeredBy, c.result, c.endedBy])).toEqual([
      ['1001', 'answered', 'customer'], ['1002', 'answered', 'customer']
    ])
    expect(h.changes.filter(c => c.kind === 'ringing')).toHaveLength(2)
  })
})

describe('CallTracker with SIP-shaped channels', () => {
  const snap = (channel: string, uniqueid: string, linkedid: string, state: ChannelState, callerNum: string | null, extra: Partial<ChannelSnapshot> = {}): ChannelSnapshot =>
    ({ channel, state, stateCode: null, uniqueid, linkedid, callerNum, callerName: null, connectedNum: null, connectedName: null, context: 'from-trunk', exten: '', ...extra })
  const dial = (type: 'DialBegin' | 'DialState' | 'DialEnd', caller: ChannelSnapshot, dest: ChannelSnapshot, status: DialStatus | null): AmiEvent =>
    ({ type, caller, dest, status, dialString: null })
  const hangup = (channel: ChannelSnapshot, category: HangupCategory = 'normal'): AmiEvent =>
    ({ type: 'Hangup', channel, category, cause: null })

  it('reads the operator from PJSIP/<endpoint>-<n> and sees the operator hang up first', () => {
    const trunk = snap('PJSIP/trunk-00000012', 'pbx-1.1', 'pbx-1.1', 'ring', '+4930111')
    const phone = snap('PJSIP/1001-0000001a', 'pbx-1.2', 'pbx-1.1', 'down', '1001')
    const h = harness()
    const steps: Array<[number, AmiEvent]> = [
      [0, { type: 'Newchannel', channel: trunk, presentationRestricted: null }],
      [10, { type: 'Newchannel', channel: phone, presentationRestricted: null }],
      [10, dial('DialBegin', trunk, phone, null)],
      [50, { type: 'Newstate', channel: { ...phone, state: 'ringing' }, presentationRestricted: null }],
      [50, dial('DialState', trunk, phone, 'ringing')],
      [2050, dial('DialEnd', trunk, phone, 'answer')],
      [2060, { type: 'BridgeEnter', bridgeId: 'b1', channel: { ...phone, state: 'up' } }],
      [9050, hangup(phone)],
      [9060, hangup(trunk)]
    ]
    for (const [ms, event] of steps) { h.at(ms); h.tracker.apply(event) }
    expect(endedCalls(h.changes)).toMatchObject([{
      direction: 'inbound', remote: { number: '+4930111' }, answeredBy: '1001', endedBy: 'operator',
      answeredAt: T0 + 2050, endedAt: T0 + 9050, legs: [{ extension: '1001', ringingAt: T0 + 50 }]
    }])
  })

  it('with isOperatorExtension, a call dialed from an operator phone is outbound', () => {
    const phone = snap('PJSIP/1001-00000003', 'pbx-2.1', 'pbx-2.1', 'ring', '1001')
    const trunk = snap('PJSIP/trunk-00000004', 'pbx-2.2', 'pbx-2.1', 'down', '0301234567')
    const h = harness({ isOperatorExtension: ext => /^10\d\d$/.test(ext) })
    const steps: Array<[number, AmiEvent]> = [
      [0, { type: 'Newchannel', channel: phone, presentationRestricted: null }],
      [100, { type: 'Newchannel', channel: trunk, presentationRestricted: null }],
      [100, dial('DialBegin', phone, trunk, null)],
      [300, dial('DialState', phone, trunk, 'ringing')],
      [4300, dial('DialEnd', phone, trunk, 'answer')],
      [9300, hangup(trunk)],
      [9310, hangup(phone)]
    ]
    for (const [ms, event] of steps) { h.at(ms); h.tracker.apply(event) }
    expect(endedCalls(h.changes)).toMatchObject([{
      direction: 'outbound', remote: { number: '0301234567', withheld: false }, answeredBy: '1001',
      result: 'answered', endedBy: 'customer', answeredAt: T0 + 4300
    }])
  })
})

describe('CallTracker call ids', () => {
  const call01 = traceEvents('01-inbound-answered.jsonl').filter(e => e.event.type !== 'FullyBooted')
  const BOOT = '20261122T192559'

  it('are <pbxId>:<boot>:<linkedid>, the same for a second agent that resynced with the same boot', () => {
    const first = harness({ pbxId: 'b' })
    first.tracker.resync({ epoch: 1, uptimeS: 60, bootId: BOOT }, [], [])
    first.play(call01)
    const later = harness({ pbxId: 'b' })
    later.at(90_000)
    later.tracker.resync({ epoch: 1, uptimeS: 150, bootId: BOOT }, [], [])
    later.play(call01, 90_000)
    const [a] = endedCalls(first.changes)
    const [b] = endedCalls(later.changes)
    expect(a).toMatchObject({ id: `b:${BOOT}:1795375396.0`, pbxId: 'b' })
    expect(b?.id).toBe(a?.id)
  })

  it('fall back to the boot epoch second without an exact boot, and differ between PBXs', () => {
    const onA = harness({ pbxId: 'a' })
    const onB = harness({ pbxId: 'b' })
    onA.play(call01)
    onB.play(call01)
    const [a] = endedCalls(onA.changes)
    const [b] = endedCalls(onB.changes)
    expect(a?.id).toBe(`a:${Math.round(T0 / 1000)}:1795375396.0`)
    expect(b?.id).toBe(`b:${Math.round(T0 / 1000)}:1795375396.0`)
    expect(pbxIdOfCallId(a?.id ?? '')).toBe('a')
    expect(pbxIdOfCallId(`${BOOT}:1795375396.0`)).toBe('default') // a call log id from before PBX ids
  })
})
