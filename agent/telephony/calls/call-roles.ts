/**
 * Who is who in a call: which channels are the customer's side, which are
 * operator legs, and whether the call is outbound. Decided from the dial
 * structure (who dialed whom), never from a caller leg's name (after a blind
 * transfer the customer's leg is still called `Local/1001@inbound-…;2` while it
 * talks to 1002). See {@link CallTracker}'s "Roles" and "Direction".
 */
import { extensionOf, localPairKey } from './channel-name.js'
import type { Side, TrackedCall, TrackedChannel } from './tracked-call.js'

export interface RoleContext {
  readonly now: number
  readonly isOperator: ((extension: string) => boolean) | undefined
}

/** The other half of a Local channel pair, if tracked in the same call. */
export function siblingOf (ch: TrackedChannel): TrackedChannel | undefined {
  const key = localPairKey(ch.name)
  if (key === null) return undefined
  for (const other of ch.call.channels) if (other !== ch && localPairKey(other.name) === key) return other
  return undefined
}

/** A channel that appears after its Local sibling was classified takes over its role. */
export function inheritFromSibling (ch: TrackedChannel): void {
  const sibling = siblingOf(ch)
  if (sibling === undefined) return
  ch.side ??= sibling.side
  ch.leg ??= sibling.leg
}

export function setSide (ch: TrackedChannel, side: Side): void {
  ch.side ??= side
  const sibling = siblingOf(ch)
  if (sibling !== undefined) sibling.side ??= side
}

/** The channel is the queue caller (QueueCallerJoin, AgentCalled, QueueEntry). */
export function joinQueue (ch: TrackedChannel, queue: string, waiting: boolean): void {
  setSide(ch, 'customer')
  ch.call.customer ??= ch
  if (queue !== '') ch.call.queue = queue
  if (waiting) ch.call.inQueue = true
}

/** Makes `ch` the dialed channel of operator `ext`; ring/answer already seen on it carry over. */
export function makeLeg (ch: TrackedChannel, ext: string, now: number): void {
  ch.leg = ch
  ch.ext = ext
  ch.side = 'operator'
  ch.dialedAt = now
  ch.dial = ch.upAt !== null ? 'answered' : ch.ringingAt !== null ? 'ringing' : 'dialing'
  if (ch.upAt !== null) ch.answeredAt = ch.upAt
  const sibling = siblingOf(ch)
  if (sibling !== undefined) {
    sibling.side = 'operator'
    sibling.leg = ch
  }
}

/**
 * A DialBegin (or a DialState/DialEnd whose DialBegin was lost) from `caller`
 * to a not yet classified `dest`:
 * - the Local phone half of an operator leg dialing its device: `dest` joins that leg;
 * - an operator dialing a non-operator (the caller is an Originate destination,
 *   or, with `isOperator`, an operator extension): outbound, `dest` is the callee;
 * - otherwise `caller` is the customer side and `dest` an operator leg (with
 *   `isOperator`: only if `dest` is an operator extension).
 */
export function classifyDial (caller: TrackedChannel, dest: TrackedChannel, dialString: string | null, ctx: RoleContext): void {
  const call = caller.call
  const isOp = ctx.isOperator
  const callerExt = extensionOf(caller.name)
  const destExt = extensionOf(dest.name)
  const destIsOperator = isOp !== undefined && destExt !== null && isOp(destExt)
  if (caller.side === 'operator' && caller.leg !== null && caller.leg !== caller) {
    dest.side = 'operator'
    dest.leg = caller.leg
    return
  }
  const callerIsOperator = caller.side === 'operator' || (caller.side === null && (caller.originated
    || (isOp !== undefined && callerExt !== null && isOp(callerExt) && !destIsOperator)))
  if (callerIsOperator && !destIsOperator && call.customer === null && call.queue === null) {
    dialOut(call, caller, callerExt ?? caller.name, dest, dialString, ctx.now)
    return
  }
  setSide(caller, 'customer')
  call.customer ??= caller
  if (destExt === null || (isOp !== undefined && !destIsOperator)) return
  makeLeg(dest, destExt, ctx.now)
}

function dialOut (call: TrackedCall, operator: TrackedChannel, ext: string, callee: TrackedChannel, dialString: string | null, now: number): void {
  if (operator.leg === null) makeLeg(operator, ext, now)
  if (operator.dial === 'dialing' || operator.dial === 'ringing') {
    // A phone that dials out is off-hook.
    operator.dial = 'answered'
    operator.answeredAt = operator.upAt ?? now
  }
  call.direction = 'outbound'
  call.remote ??= callee
  call.remoteDialString ??= dialString
  setSide(callee, 'customer')
}

/**
 * A call first seen in a resync snapshot, without dial events: its first
 * channel (Uniqueid = Linkedid) is the customer, channels running a dial
 * application are operator legs. Such calls are always taken as inbound
 * (without `isOperator`, a click-to-dial found mid-call would show its callee
 * as the "operator"; with it, non-operator legs are skipped).
 */
export function classifySnapshot (call: TrackedCall, dialed: (uniqueid: string) => boolean, ctx: RoleContext): void {
  const alive = [...call.channels].filter(ch => ch.hungUpAt === null)
  const first = alive.find(ch => ch.uniqueid === call.linkedid)
  // An Originate destination we saw dialed keeps its role open until it dials (click-to-dial in progress).
  if (first !== undefined && first.side === null && !first.originated) {
    setSide(first, 'customer')
    call.customer ??= first
  }
  for (const ch of alive) {
    if (ch.side !== null || ch.leg !== null || ch.originated || !dialed(ch.uniqueid)) continue
    const ext = extensionOf(ch.name)
    if (ext === null || (ctx.isOperator !== undefined && !ctx.isOperator(ext))) continue
    makeLeg(ch, ext, ctx.now)
  }
}
