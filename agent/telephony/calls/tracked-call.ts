/**
 * The tracker's private, mutable picture of channels and calls, and the pure
 * functions that turn it into the published, immutable {@link Call}. Nothing
 * here reads AMI events; `call-tracker.ts` writes these records.
 */
import type { Logger } from 'pino'
import { ChannelState } from '../ami/call-facts.js'
import { CallState as CallStates, CallResult, LegState, type AgentLeg, type Call, type CallState, type RemoteParty } from '../../model/call.js'
import type { TrackedState } from './call-transitions.js'
import { dialedNumberOf } from './channel-name.js'

/**
 * Progress of one dialed operator channel. The first terminal status wins
 * (DialEnd can repeat: CANCEL, CANCEL or NOANSWER, CANCEL).
 * ```
 * dialing ──► ringing ──► answered ──► ended
 *    │           │
 *    └───────────┴──► cancelled | noanswer | busy
 * ```
 */
export type DialProgress = 'dialing' | 'ringing' | 'answered' | 'ended' | 'cancelled' | 'noanswer' | 'busy'

/** Which half of the conversation a channel belongs to. On outbound calls the callee is the customer. */
export type Side = 'customer' | 'operator'

export interface TrackedChannel {
  readonly uniqueid: string
  name: string
  linkedid: string
  state: ChannelState
  callerNum: string | null
  callerName: string | null
  connectedNum: string | null
  connectedName: string | null
  call: TrackedCall
  side: Side | null
  /** The dialed operator channel this channel belongs to: itself, or the other half of its Local pair. */
  leg: TrackedChannel | null
  /** Operator extension; set on the dialed operator channel only. */
  ext: string | null
  dial: DialProgress | null
  /** Destination of a DialBegin without a caller (Originate): role decided later. */
  originated: boolean
  /** First seen ringing (Newstate ringing, DialState ringing, AgentCalled). */
  ringingAt: number | null
  /** Answered as an Originate destination, before we knew its role. */
  upAt: number | null
  dialedAt: number | null
  answeredAt: number | null
  dialEndedAt: number | null
  hungUpAt: number | null
}

export interface TrackedCall {
  readonly id: string
  readonly pbxId: string
  readonly linkedid: string
  state: TrackedState
  direction: 'inbound' | 'outbound'
  startedAt: number
  readonly channels: Set<TrackedChannel>
  /** Extensions already announced with a `ringing` change. */
  readonly announced: Set<string>
  /** Inbound: the channel whose caller ID is the customer's (the one that dialed or queued). */
  customer: TrackedChannel | null
  /** Outbound: the callee channel. */
  remote: TrackedChannel | null
  remoteDialString: string | null
  queue: string | null
  inQueue: boolean
  /** `CID-CallingPres` said prohibited/unavailable on some NewCallerid of the call. */
  presentationRestricted: boolean
  /** Extension currently talking to the customer; null while ringing, queued or mid-transfer. */
  talkingExt: string | null
  answeredBy: string | null
  answeredAt: number | null
  endedAt: number | null
  result: CallResult | null
  endedBy: Call['endedBy']
  readonly transfers: string[]
  /** Transfers already counted (transferer Uniqueid + target), so a repeated event counts once. */
  readonly transferKeys: Set<string>
  unverified: boolean
  /** Last published snapshot and its JSON, to publish `updated` only on a visible change. */
  last: Call | null
  lastJson: string
  /** answeredBy as last published, to know when to publish `answered`. */
  lastAnsweredBy: string | null
  readonly log: Logger
}

export function newChannel (uniqueid: string, linkedid: string, call: TrackedCall): TrackedChannel {
  return {
    uniqueid,
    name: '',
    linkedid,
    state: ChannelState.Unknown,
    callerNum: null,
    callerName: null,
    connectedNum: null,
    connectedName: null,
    call,
    side: null,
    leg: null,
    ext: null,
    dial: null,
    originated: false,
    ringingAt: null,
    upAt: null,
    dialedAt: null,
    answeredAt: null,
    dialEndedAt: null,
    hungUpAt: null
  }
}

export function newCall (id: string, pbxId: string, linkedid: string, startedAt: number, log: Logger): TrackedCall {
  return {
    id,
    pbxId,
    linkedid,
    state: 'new',
    direction: 'inbound',
    startedAt,
    channels: new Set(),
    announced: new Set(),
    customer: null,
    remote: null,
    remoteDialString: null,
    queue: null,
    inQueue: false,
    presentationRestricted: false,
    talkingExt: null,
    answeredBy: null,
    answeredAt: null,
    endedAt: null,
    result: null,
    endedBy: null,
    transfers: [],
    transferKeys: new Set(),
    unverified: false,
    last: null,
    lastJson: '',
    lastAnsweredBy: null,
    log
  }
}

const TERMINAL: Readonly<Record<DialProgress, LegState | null>> = {
  dialing: null,
  ringing: null,
  answered: null,
  ended: LegState.Ended,
  cancelled: LegState.Cancelled,
  noanswer: LegState.NoAnswer,
  busy: LegState.Busy
}

/** Dialed operator channels of a call, grouped by extension in first-dial order. */
export function legChannels (call: TrackedCall): Map<string, TrackedChannel[]> {
  const byExt = new Map<string, TrackedChannel[]>()
  for (const ch of call.channels) {
    if (ch.ext === null || ch.leg !== ch) continue
    const list = byExt.get(ch.ext)
    if (list === undefined) byExt.set(ch.ext, [ch])
    else list.push(ch)
  }
  return byExt
}

/** A channel shows in `legs` once it rang, answered or failed; a ring cancelled before it started is not shown. */
function visible (ch: TrackedChannel): boolean {
  if (ch.dial === null || ch.dial === 'dialing') return false
  if (ch.dial === 'cancelled') return ch.ringingAt !== null
  return true
}

/**
 * One extension's part in the call, folded over every channel that dialed it
 * (queue retries and multi-device endpoints give several): answered beats
 * ringing beats the most recent failure. `ringingAt` is the first ring (or the
 * dial attempt, for a leg that answered or failed without a ring event),
 * `endedAt` when the last channel stopped ringing or talking.
 */
export function legView (ext: string, channels: readonly TrackedChannel[]): AgentLeg | null {
  const shown = channels.filter(visible)
  if (shown.length === 0) return null
  const min = (xs: Array<number | null>): number | null =>
    xs.reduce<number | null>((m, x) => x === null ? m : (m === null || x < m ? x : m), null)
  const answered = shown.filter(ch => ch.dial === 'answered')
  const ringing = shown.some(ch => ch.dial === 'ringing')
  let state: LegState
  let endedAt: number | null = null
  if (answered.length > 0) state = LegState.Answered
  else if (ringing) state = LegState.Ringing
  else {
    const last = shown.reduce((a, b) => (b.dialEndedAt ?? 0) >= (a.dialEndedAt ?? 0) ? b : a)
    state = (last.dial === null ? null : TERMINAL[last.dial]) ?? LegState.Cancelled
    endedAt = Math.max(...shown.map(ch => ch.dialEndedAt ?? 0))
  }
  return {
    extension: ext,
    state,
    ringingAt: min(shown.map(ch => ch.ringingAt ?? ch.dialedAt)) ?? 0,
    answeredAt: min(shown.map(ch => ch.answeredAt)),
    endedAt
  }
}

/** Every shown leg, in ring order. */
export function legViews (call: TrackedCall): AgentLeg[] {
  const legs: AgentLeg[] = []
  for (const [ext, chs] of legChannels(call)) {
    const leg = legView(ext, chs)
    if (leg !== null) legs.push(leg)
  }
  return legs.sort((a, b) => a.ringingAt - b.ringingAt)
}

const ANONYMOUS = /^(anonymous|restricted|private)$/i
const isAnonymous = (v: string | null): boolean => v !== null && ANONYMOUS.test(v.trim())

/**
 * The customer as the PBX reported them. Inbound: the caller ID of the channel
 * that dialed the operators or joined the queue (never an agent leg's own
 * CallerIDNum, which app_dial sets to the dialed extension), falling back to
 * the connected line an agent leg was given. Outbound: the callee, whose
 * CallerIDNum app_dial sets to the dialed number; its CallerIDName is the
 * operator's, so the name comes only from a connected-line update.
 */
export function remoteOf (call: TrackedCall): RemoteParty {
  if (call.direction === 'outbound') {
    const callee = call.remote
    const number = callee?.callerNum
      ?? (call.remoteDialString === null ? null : dialedNumberOf(call.remoteDialString))
    const operator = [...call.channels].find(ch => ch.leg === ch && ch.side === 'operator')
    const name = operator !== undefined && number !== null && operator.connectedNum === number ? operator.connectedName : null
    const anonymous = isAnonymous(number)
    return { number: anonymous ? null : number, name: isAnonymous(name) ? null : name, withheld: anonymous }
  }
  const first = [...call.channels].find(ch => ch.uniqueid === call.linkedid && ch.side !== 'operator')
  const source = call.customer ?? first ?? null
  let number = source?.callerNum ?? null
  if (number === null) {
    number = [...call.channels].find(ch => ch.leg === ch && ch.connectedNum !== null)?.connectedNum ?? null
  }
  const name = source?.callerName ?? null
  const anonymous = isAnonymous(number)
  return {
    number: anonymous ? null : number,
    name: isAnonymous(name) ? null : name,
    withheld: call.presentationRestricted || anonymous
  }
}

/**
 * How an ended call ended, when we saw it end: answered if anyone answered;
 * else failed (outbound), abandoned (went through a queue), missed (some
 * operator phone rang), busy (every attempt was busy), failed (nothing rang).
 */
export function resultOf (call: TrackedCall): CallResult {
  if (call.answeredAt !== null) return CallResult.Answered
  if (call.direction === 'outbound') return CallResult.Failed
  if (call.queue !== null) return CallResult.Abandoned
  const dialed = [...legChannels(call).values()].flat()
  if (dialed.some(ch => ch.ringingAt !== null)) return CallResult.Missed
  if (dialed.some(ch => ch.dial === 'busy')) return CallResult.Busy
  return CallResult.Failed
}

/**
 * Who ended the call, given the side whose hangup (or AgentComplete) ended it.
 * Answered: that side. Unanswered inbound: the customer when they left a queue
 * or hung up while it rang (`rangOut`: some leg was ringing or cancelled), else
 * the PBX (`system`: ring timeout, busy). Unanswered outbound: the operator if
 * they gave up, else `system`.
 */
export function endedByOf (call: TrackedCall, trigger: 'customer' | 'operator' | 'system', rangOut: boolean): Call['endedBy'] {
  if (trigger === 'system') return 'system'
  if (call.answeredAt !== null) return trigger
  if (call.direction === 'outbound') return trigger === 'operator' ? 'operator' : 'system'
  return trigger === 'customer' && (call.queue !== null || rangOut) ? 'customer' : 'system'
}

/**
 * The state a live call's records imply; null to stay where it is (a direct
 * call whose ring timed out stays `ringing` until the caller hangs up; a
 * transfer in progress stays `connected` until the target rings).
 */
export function impliedState (call: TrackedCall, legs: readonly AgentLeg[]): CallState | null {
  if (call.talkingExt !== null) return CallStates.Connected
  if (call.direction === 'outbound') return call.remote !== null && call.answeredAt === null ? CallStates.Ringing : null
  if (legs.some(l => l.state === LegState.Ringing)) return CallStates.Ringing
  return call.inQueue ? CallStates.Queued : null
}

/** The immutable snapshot subscribers receive. */
export function toCall (call: TrackedCall, state: CallState): Call {
  const snapshot: Call = {
    id: call.id,
    pbxId: call.pbxId,
    direction: call.direction,
    state,
    remote: remoteOf(call),
    queue: call.queue,
    legs: legViews(call),
    answeredBy: call.answeredBy,
    startedAt: call.startedAt,
    answeredAt: call.answeredAt,
    endedAt: call.endedAt,
    result: call.result,
    endedBy: call.endedBy,
    transfers: [...call.transfers]
  }
  return call.unverified ? { ...snapshot, unverified: true } : snapshot
}
