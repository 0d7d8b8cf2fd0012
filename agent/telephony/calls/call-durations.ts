/**
 * The durations a card, a wallboard or the call log shows, derived from a
 * {@link Call} snapshot so everyone computes them the same way. All in ms;
 * null while not (yet) meaningful.
 */
import type { Call } from '../../model/call.js'

/**
 * How long the phone rang before someone answered.
 * - Inbound, answered: `answeredAt` − first ring of the leg that answered
 *   (after a transfer: the first operator's leg, since `answeredAt` is kept).
 * - Inbound, unanswered: the longest ring of any leg (`endedAt − ringingAt`), busy legs aside.
 * - Outbound: from the operator picking up to the callee answering.
 */
export function ringMs (call: Call): number | null {
  if (call.direction === 'outbound') {
    const operator = call.legs.find(l => l.extension === call.answeredBy) ?? call.legs[0]
    const from = operator?.answeredAt ?? null
    return from === null || call.answeredAt === null ? null : call.answeredAt - from
  }
  if (call.answeredAt !== null) {
    const first = call.legs.find(l => l.answeredAt !== null && l.answeredAt <= (call.answeredAt ?? 0))
    return first === undefined ? null : call.answeredAt - first.ringingAt
  }
  // A busy leg never rang: its ringingAt is the dial attempt.
  const rings = call.legs.flatMap(l => l.endedAt === null || l.state === 'busy' ? [] : [l.endedAt - l.ringingAt])
  return rings.length === 0 ? null : Math.max(...rings)
}

/** Talk time: `endedAt − answeredAt`, i.e. first answer to the first hangup of a talking party. */
export function talkMs (call: Call): number | null {
  return call.answeredAt === null || call.endedAt === null ? null : call.endedAt - call.answeredAt
}

/** Time the customer waited before an operator answered, or before giving up. */
export function waitMs (call: Call): number | null {
  const until = call.answeredAt ?? call.endedAt
  return until === null ? null : until - call.startedAt
}
