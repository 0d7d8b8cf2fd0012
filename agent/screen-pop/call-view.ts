/**
 * What one operator is shown of one call. Everything an operator may see
 * about a call passes through here, so this is where "only their own calls"
 * and "never show a withheld number" are decided.
 */
import type { Call } from '../model/call.js'
import type { Operator } from '../model/operator.js'
import type { CallMatch, CallView } from '../contracts/ws.js'

/** True when the call rang or reached one of the operator's extensions. */
export function concerns (call: Call, operator: Pick<Operator, 'extensions'>): boolean {
  return call.legs.some(leg => operator.extensions.includes(leg.extension))
}

const iso = (ms: number | null): string | null => ms === null ? null : new Date(ms).toISOString()

export function toCallView (
  call: Call,
  match: CallMatch,
  operator: Pick<Operator, 'extensions'>,
  wrappedUp: boolean,
  nameOf: (extension: string) => string | null
): CallView {
  const mine = call.legs.filter(leg => operator.extensions.includes(leg.extension))
  const myLeg = mine[mine.length - 1] ?? null
  const answeredBy = call.answeredBy !== null && !operator.extensions.includes(call.answeredBy) ? call.answeredBy : null
  return {
    id: call.id,
    direction: call.direction,
    state: call.state,
    myLeg: myLeg?.state ?? null,
    answeredBy,
    answeredByName: answeredBy === null ? null : nameOf(answeredBy),
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
