/**
 * How operator legs progress: ring, answer, fail, leave. Mutates the tracker's
 * records; the tracker checks first that the call has not ended. Each dialed
 * channel follows {@link DialProgress}, where the first terminal status wins.
 */
import type { DialProgress, TrackedCall, TrackedChannel } from './tracked-call.js'

const ringable = (ch: TrackedChannel): boolean => ch.dial === 'dialing' || ch.dial === 'ringing'

/** Ringing seen on a channel; it counts for a leg once the channel is known to be one. */
export function markRinging (ch: TrackedChannel, now: number): void {
  ch.ringingAt ??= now
  if (ch.leg === ch && ch.dial === 'dialing') ch.dial = 'ringing'
}

export function failDial (ch: TrackedChannel, outcome: DialProgress, now: number): void {
  if (!ringable(ch)) return
  ch.dial = outcome
  ch.dialEndedAt = now
}

/**
 * An operator leg answered. Inbound, it now talks to the customer: every
 * other ringing leg is cancelled (ring-all), and a different operator than
 * the previous one counts as a transfer. Outbound, the operator's pick-up
 * does not connect the call; the callee's answer does ({@link answerRemote}).
 */
export function answerLeg (ch: TrackedChannel, now: number): void {
  const call = ch.call
  if (!ringable(ch)) return
  ch.dial = 'answered'
  ch.answeredAt = now
  if (call.direction === 'outbound' || ch.ext === null) return
  if (call.talkingExt !== null && call.talkingExt !== ch.ext) leaveTalk(call, now)
  if (call.answeredBy !== null && call.answeredBy !== ch.ext && call.transfers.at(-1) !== ch.ext) call.transfers.push(ch.ext)
  call.talkingExt = ch.ext
  call.answeredBy = ch.ext
  call.answeredAt ??= now
  for (const other of call.channels) if (other !== ch && other.leg === other) failDial(other, 'cancelled', now)
}

/** The callee of an outbound call answered: the dialing operator now talks. */
export function answerRemote (call: TrackedCall, now: number): void {
  if (call.answeredAt !== null) return
  const operator = [...call.channels].find(ch => ch.leg === ch && ch.side === 'operator')
  call.talkingExt = operator?.ext ?? null
  call.answeredBy = call.talkingExt
  call.answeredAt = now
}

/** The talking operator left without the call ending (transfer). */
export function leaveTalk (call: TrackedCall, now: number): void {
  for (const ch of call.channels) {
    if (ch.leg === ch && ch.ext === call.talkingExt && ch.dial === 'answered') {
      ch.dial = 'ended'
      ch.dialEndedAt = now
    }
  }
  call.talkingExt = null
}

/**
 * Resync: the call's channels missing from the snapshot hung up while we were
 * away. True when the call is gone with them: no channel left, or none on
 * the customer's side.
 */
export function dropAbsent (call: TrackedCall, listed: (uniqueid: string) => boolean, now: number): boolean {
  for (const ch of call.channels) if (ch.hungUpAt === null && !listed(ch.uniqueid)) vanish(ch, now)
  const alive = [...call.channels].filter(ch => ch.hungUpAt === null)
  const customers = [...call.channels].filter(ch => ch.side === 'customer')
  return alive.length === 0 || (customers.length > 0 && !customers.some(ch => ch.hungUpAt === null))
}

function vanish (ch: TrackedChannel, now: number): void {
  ch.hungUpAt = now
  if (ch.leg !== ch) return
  if (ch.dial === 'answered') {
    if (ch.call.talkingExt === ch.ext) ch.call.talkingExt = null
    ch.dial = 'ended'
    ch.dialEndedAt = now
  } else {
    failDial(ch, 'cancelled', now)
  }
}

/** The call ended: talking legs end, ringing ones are cancelled. */
export function closeLegs (call: TrackedCall, now: number): void {
  for (const ch of call.channels) {
    if (ch.leg !== ch) continue
    if (ch.dial === 'answered') {
      ch.dial = 'ended'
      ch.dialEndedAt = now
    } else {
      failDial(ch, 'cancelled', now)
    }
  }
  call.talkingExt = null
}
