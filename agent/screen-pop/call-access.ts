/**
 * Who may act on a call. Every use case that touches a call asks here, so the
 * rule is written once: reading a call is for the operators it rang, working
 * on it (wrap-up, picking the caller, filing it on a new lead) is for whoever
 * talked to the customer, or, when nobody answered, for the operators it rang.
 */
import type { Call } from '../model/call.js'
import type { Operator } from '../model/operator.js'
import { concerns } from './call-view.js'

/** The operator's phone rang or took the call: they may see it. */
export function maySee (call: Call, operator: Operator): boolean {
  return concerns(call, operator)
}

/**
 * The operator may wrap up the call, pick its caller or file it on a lead:
 * they talked to the customer (answered, or answered and transferred it on);
 * for a call nobody answered, its phone rang. A colleague whose phone merely
 * rang in a ring-all that someone else answered may not.
 */
export function mayWorkOn (call: Call, operator: Operator): boolean {
  const answered = call.answeredBy !== null || call.legs.some(l => l.answeredAt !== null)
  if (!answered) return concerns(call, operator)
  return call.legs.some(l => l.answeredAt !== null && concerns({ ...call, legs: [l] }, operator))
}
