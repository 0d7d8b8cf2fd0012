/**
 * What a correct screen-pop client concludes from each recorded trace: the
 * "what a correct screen-pop client should conclude" column and the
 * "Surprises" section of `test/fixtures/ami/README.md`, as data. Durations in
 * seconds, compared within ±0.5 s. Calls are listed in start order.
 */
import type { Call, CallChange, CallResult, LegState } from '../../agent/model/call.js'
import { ringMs, talkMs, waitMs } from '../../agent/telephony/calls/call-durations.js'

export interface CallConclusion {
  readonly direction: Call['direction']
  readonly remote: Call['remote']
  readonly queue: string | null
  /** Every extension that rang (or, for busy, was tried), in ring order, with its final state. */
  readonly legs: ReadonlyArray<readonly [extension: string, state: LegState]>
  readonly answeredBy: string | null
  readonly result: CallResult
  readonly endedBy: Call['endedBy']
  readonly transfers: readonly string[]
  /** Number of `ringing` changes: one per extension that joined the call. */
  readonly ringingChanges: number
  readonly ringS: number | null
  readonly talkS: number | null
  readonly waitS?: number
}

const JANE = { number: '+4915112345678', name: 'Jane Doe', withheld: false } as const

const answeredBy1001 = (remote: Call['remote']): CallConclusion => ({
  direction: 'inbound',
  remote,
  queue: null,
  legs: [['1001', 'ended']],
  answeredBy: '1001',
  result: 'answered',
  endedBy: 'customer',
  transfers: [],
  ringingChanges: 1,
  ringS: 1.0,
  talkS: 2.0
})

export const ORACLE: Readonly<Record<string, readonly CallConclusion[]>> = {
  // Answered after 1.0 s, talk ≈2.0 s, the caller half hung up first.
  '01-inbound-answered.jsonl': [answeredBy1001(JANE)],
  // Missed: rang 4.0 s (DialBegin 504.8 → DialEnd NOANSWER 4507.0); the PBX gave up.
  '03-inbound-noanswer.jsonl': [{
    direction: 'inbound', remote: JANE, queue: null, legs: [['1001', 'noanswer']], answeredBy: null,
    result: 'missed', endedBy: 'system', transfers: [], ringingChanges: 1, ringS: 4.0, talkS: null
  }],
  // Busy ~1 ms after DialBegin: never rang, so no pop.
  '04-inbound-busy.jsonl': [{
    direction: 'inbound', remote: JANE, queue: null, legs: [['1001', 'busy']], answeredBy: null,
    result: 'busy', endedBy: 'system', transfers: [], ringingChanges: 0, ringS: null, talkS: null
  }],
  // Ring-all: 1002 answered after ~1 s, 1001 cancelled (no AgentRingNoAnswer); TalkTime 3, Reason caller.
  '05-queue-answered.jsonl': [{
    direction: 'inbound', remote: JANE, queue: 'support', legs: [['1002', 'ended'], ['1001', 'cancelled']],
    answeredBy: '1002', result: 'answered', endedBy: 'customer', transfers: [], ringingChanges: 2, ringS: 1.0, talkS: 3.0
  }],
  // Abandoned after 3 s (QueueCallerAbandon HoldTime 3); both members rang, then CANCEL.
  '06-queue-abandoned.jsonl': [{
    direction: 'inbound', remote: JANE, queue: 'support', legs: [['1002', 'cancelled'], ['1001', 'cancelled']],
    answeredBy: null, result: 'abandoned', endedBy: 'customer', transfers: [], ringingChanges: 2, ringS: 3.0, talkS: null, waitS: 3.0
  }],
  // (a) no caller ID, (b) anonymous, (c) CLIR with the number delivered: withheld, number kept.
  '07-anonymous.jsonl': [
    answeredBy1001({ number: null, name: null, withheld: false }),
    answeredBy1001({ number: null, name: null, withheld: true }),
    answeredBy1001({ number: '+4930123456', name: null, withheld: true })
  ],
  // 1001 answers, blind transfer to 1002, which answers and hangs up first. One call id.
  '08-blind-transfer.jsonl': [{
    direction: 'inbound', remote: JANE, queue: null, legs: [['1001', 'ended'], ['1002', 'ended']],
    answeredBy: '1002', result: 'answered', endedBy: 'operator', transfers: ['1002'], ringingChanges: 2,
    // Ring: 1001's ring before the first answer; talk: first answer → 1002's hangup (includes the transfer).
    ringS: 1.0, talkS: 7.5
  }],
  // Click-to-dial by 1001 to 0301234567: operator picked up at 1502.7, callee answered at 3506.8 (2 s later), talk ≈3.5 s, callee hung up.
  '09-outbound-originate.jsonl': [{
    direction: 'outbound', remote: { number: '0301234567', name: null, withheld: false }, queue: null,
    legs: [['1001', 'ended']], answeredBy: '1001', result: 'answered', endedBy: 'customer', transfers: [],
    ringingChanges: 1, ringS: 2.0, talkS: 3.5
  }],
  // Call A → 1001 (talk 16 s), call B waits (1002 paused), then → 1002 (HoldTime 3, talk 6 s). Caller ended both.
  '10-queue-member-state.jsonl': [
    {
      direction: 'inbound', remote: JANE, queue: 'support', legs: [['1001', 'ended']], answeredBy: '1001',
      result: 'answered', endedBy: 'customer', transfers: [], ringingChanges: 1, ringS: 1.0, talkS: 16.0, waitS: 1.0
    },
    {
      direction: 'inbound', remote: JANE, queue: 'support', legs: [['1002', 'ended']], answeredBy: '1002',
      result: 'answered', endedBy: 'customer', transfers: [], ringingChanges: 1, ringS: 1.0, talkS: 6.0, waitS: 3.0
    }
  ]
}

/** The ended calls of a change stream, in start order. */
export function endedCalls (changes: readonly CallChange[]): Call[] {
  return changes.filter(c => c.kind === 'ended').map(c => c.call).sort((a, b) => a.startedAt - b.startedAt)
}

/** Seconds, rounded to 0.1, `scale` undoing a faster replay. */
export const seconds = (ms: number | null, scale = 1): number | null => ms === null ? null : Math.round(ms * scale / 100) / 10

/** The comparable facts of a call, durations in seconds (scaled back when a replay ran faster). */
export function conclusionOf (call: Call, changes: readonly CallChange[], scale = 1): Omit<CallConclusion, 'ringS' | 'talkS' | 'waitS'> & { ringS: number | null; talkS: number | null; waitS: number | null } {
  return {
    direction: call.direction,
    remote: call.remote,
    queue: call.queue,
    legs: call.legs.map(l => [l.extension, l.state] as const),
    answeredBy: call.answeredBy,
    result: call.result ?? 'unknown',
    endedBy: call.endedBy,
    transfers: call.transfers,
    ringingChanges: changes.filter(c => c.call.id === call.id && c.kind === 'ringing').length,
    ringS: seconds(ringMs(call), scale),
    talkS: seconds(talkMs(call), scale),
    waitS: seconds(waitMs(call), scale)
  }
}
