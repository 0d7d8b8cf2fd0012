import { describe, expect, it } from 'vitest'
import { CallState } from '../../../../agent/model/call.js'
import { CALL_TRANSITIONS, transition, UNPUBLISHED, type TrackedState } from '../../../../agent/telephony/calls/call-transitions.js'

describe('call state gate', () => {
  it('moves along the allow-list and reports repeats', () => {
    const call: { state: TrackedState } = { state: UNPUBLISHED }
    expect(transition(call, CallState.Queued)).toBe('moved')
    expect(transition(call, CallState.Queued)).toBe('same')
    expect(transition(call, CallState.Ringing)).toBe('moved')
    expect(transition(call, CallState.Connected)).toBe('moved')
    expect(transition(call, CallState.Ringing)).toBe('moved') // transfer target rings
    expect(transition(call, CallState.Connected)).toBe('moved')
    expect(transition(call, CallState.Ended)).toBe('moved')
  })

  it('never leaves ended', () => {
    for (const to of Object.values(CallState)) {
      const call: { state: TrackedState } = { state: CallState.Ended }
      expect(transition(call, to)).toBe(to === CallState.Ended ? 'same' : 'illegal')
      expect(call.state).toBe(CallState.Ended)
    }
    expect(CALL_TRANSITIONS[CallState.Ended]).toEqual([])
  })

  it('lets every live state end', () => {
    for (const from of [UNPUBLISHED, CallState.Queued, CallState.Ringing, CallState.Connected] as const) {
      expect(CALL_TRANSITIONS[from]).toContain(CallState.Ended)
    }
  })
})
