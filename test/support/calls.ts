/**
 * Builders for the tracker's `Call` snapshots, for tests that feed live state,
 * the hub or the call view without a PBX. Defaults describe a ringing inbound
 * call from Jane Doe's number on the default PBX.
 */
import type { CallMatch } from '../../agent/contracts/ws.js'
import type { AgentLeg, Call } from '../../agent/model/call.js'
import { DEFAULT_PBX_ID } from '../../agent/model/pbx.js'

/** One operator extension's leg, ringing since t=1000. */
export function leg (extension: string, state: AgentLeg['state'], answeredAt: number | null = null): AgentLeg {
  return { extension, state, ringingAt: 1000, answeredAt, endedAt: null }
}

/** A call snapshot; `over` replaces any field. */
export function call (id: string, legs: readonly AgentLeg[], over: Partial<Call> = {}): Call {
  return {
    id,
    pbxId: DEFAULT_PBX_ID,
    direction: 'inbound',
    state: 'ringing',
    remote: { number: '+4915112345678', name: 'Jane Doe', withheld: false },
    queue: null,
    legs,
    answeredBy: null,
    startedAt: 1000,
    answeredAt: null,
    endedAt: null,
    result: null,
    endedBy: null,
    transfers: [],
    ...over
  }
}

/** The pop of a caller the customer file does not know. */
export const unknownCaller: CallMatch = { kind: 'unknown', number: '+49 151 12345678', e164: '+4915112345678' }
