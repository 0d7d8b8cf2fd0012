/**
 * What one operator is shown of one call. Everything an operator may see
 * about a call passes through here, so this is where "only their own calls"
 * and "never show a withheld number" are decided.
 */
import type { Call } from '../model/call.js'
import { hasEndpoint, type Operator } from '../model/operator.js'
import type { CallMatch, CallView } from '../contracts/ws.js'

/** True when `extension` on the call's PBX is one of the operator's (an extension means nothing without its PBX). */
export function ownsExtension (call: Pick<Call, 'pbxId'>, operator: Pick<Operator, 'endpoints'>, extension: string): boolean {
  return hasEndpoint(operator, call.pbxId, extension)
}

/** True when the call rang or reached one of the operator's extensions on the call's PBX. */
export function concerns (call: Call, operator: Pick<Operator, 'endpoints'>): boolean {
  return call.legs.some(leg => ownsExtension(call, operator, leg.extension))
}

const iso = (ms: number | null): string | null => ms === null ? null : new Date(ms).toISOString()

export function toCallView (
  call: Call,
  match: CallMatch,
  operator: Pick<Operator, 'endpoints'>,
  wrappedUp: boolean,
  nameOf: (extension: string, pbxId: string) => string | null
): CallView {
  const mine = call.legs.filter(leg => ownsExtension(call, operator, leg.extension))
  const myLeg = mine[mine.length - 1] ?? null
  const answeredBy = call.answeredBy !== null && !ownsExtension(call, operator, call.answeredBy) ? call.answeredBy : null
  return {
    id: call.id,
    direction: call.direction,
    state: call.state,
    myLeg: myLeg?.state ?? null,
    answeredBy,
    answeredByName: answeredBy === null ? null : nameOf(answeredBy, call.pbxId),
    queue: call.queue,
    callerName: call.remote.withheld ? null : call.remote.name,
    number: call.remote.withheld || match.kind === 'withheld' ? null : (match.number ?? call.remote.number),
    startedAt: new Date(call.startedAt).toISOString(),
    answeredAt: iso(call.answeredAt),
    endedAt: iso(call.endedAt),
    result: call.result,
    match,
    wrappedUp,
    unverified: call.unverified === true
  }
}
