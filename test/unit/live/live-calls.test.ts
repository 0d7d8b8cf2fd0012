import { describe, expect, it } from 'vitest'
import type { CallMatch } from '../../../agent/contracts/ws.js'
import { InMemoryLiveCalls, type LiveCall } from '../../../agent/live/live-calls.js'
import type { AgentLeg, Call } from '../../../agent/model/call.js'

function leg (extension: string, state: AgentLeg['state']): AgentLeg {
  return { extension, state, ringingAt: 1000, answeredAt: state === 'answered' ? 2000 : null, endedAt: null }
}

function call (id: string, legs: AgentLeg[], over: Partial<Call> = {}): Call {
  return {
    id, pbxId: 'default', direction: 'inbound', state: 'ringing', remote: { number: '+4915112345678', name: null, withheld: false },
    queue: null, legs, answeredBy: null, startedAt: 1000, answeredAt: null, endedAt: null, result: null, endedBy: null, transfers: [], ...over
  }
}

const unknown: CallMatch = { kind: 'unknown', number: '+49 151 12345678', e164: '+4915112345678' }

describe('InMemoryLiveCalls', () => {
  it('forgets ended calls once they are older than keepEndedMs, oldest first, and keeps live ones', () => {
    let clock = 10_000
    const live = new InMemoryLiveCalls({ now: () => clock, keepEndedMs: 1000 })
    live.put(call('b:old', [leg('1001', 'ended')], { state: 'ended', endedAt: 10_000 }), unknown)
    live.put(call('b:live', [leg('1001', 'ringing')]), unknown)
    clock = 10_900
    live.put(call('b:newer', [leg('1001', 'ended')], { state: 'ended', endedAt: 10_900 }), unknown)
    expect(live.get('b:old')).toBeDefined()
    clock = 11_500
    live.put(call('b:live', [leg('1001', 'answered')], { state: 'connected' }), unknown)
    expect(live.get('b:old')).toBeUndefined()
    expect(live.get('b:newer')).toBeDefined()
    expect(live.get('b:live')).toBeDefined()
    expect([...live.all()].map(e => e.call.id)).toEqual(['b:live', 'b:newer'])
  })

  it('tells listeners every change in order; a pick and a wrap-up keep the call, and each other', () => {
    const live = new InMemoryLiveCalls({ now: () => 5000 })
    const seen: LiveCall[] = []
    const stop = live.onChange(e => { seen.push(e) })
    live.put(call('b:1', [leg('1001', 'ringing')]), unknown)
    const chosen: CallMatch = { kind: 'withheld', reason: 'absent' }
    expect(live.setMatch('b:1', chosen)).toBe(true)
    expect(live.markWrappedUp('b:1')).toBe(true)
    // A later tracker change keeps the wrap-up flag.
    live.put(call('b:1', [leg('1001', 'answered')], { state: 'connected' }), chosen)
    expect(seen.map(e => [e.call.state, e.match.kind, e.wrappedUp])).toEqual([
      ['ringing', 'unknown', false], ['ringing', 'withheld', false], ['ringing', 'withheld', true], ['connected', 'withheld', true]
    ])
    expect(live.setMatch('b:nope', chosen)).toBe(false)
    expect(live.markWrappedUp('b:nope')).toBe(false)
    stop()
    live.put(call('b:2', [leg('1001', 'ringing')]), unknown)
    expect(seen).toHaveLength(4)
  })
})
