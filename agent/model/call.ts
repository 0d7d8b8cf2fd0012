/**
 * The call model the tracker publishes. It knows nothing of AMI header names;
 * the hub, the card builder and the call logger read only this.
 *
 * ```
 *            ┌────────────► ended
 *            │                ▲
 *  queued ──►ringing ──► connected
 *    │                        ▲
 *    └────────────────────────┘   (any state can end; ended is terminal)
 * ```
 * Transfers and queue retries also move connected → ringing / queued and
 * ringing → queued; the full allow-list is in `call-transitions.ts`.
 */
import { DEFAULT_PBX_ID } from './pbx.js'

export const CallState = {
  /** Waiting in a queue, no member ringing yet. */
  Queued: 'queued',
  /** At least one operator extension is ringing. */
  Ringing: 'ringing',
  /** An operator answered. */
  Connected: 'connected',
  /** Terminal. A call never re-opens. */
  Ended: 'ended'
} as const
export type CallState = typeof CallState[keyof typeof CallState]

/** How a call ended, from the customer's point of view. (A wrap-up "disposition" is the operator's choice; see config.ts.) */
export const CallResult = {
  Answered: 'answered',
  /** Rang operators, nobody answered (direct dial). */
  Missed: 'missed',
  Busy: 'busy',
  /** Caller gave up while queued / ringing in a queue. */
  Abandoned: 'abandoned',
  /** Outbound call the remote party did not answer, or a call that never reached anyone. */
  Failed: 'failed',
  /** The PBX link dropped or Asterisk restarted; we do not know how it ended. */
  Unknown: 'unknown'
} as const
export type CallResult = typeof CallResult[keyof typeof CallResult]

/** One operator extension's part in a call. */
export const LegState = {
  Ringing: 'ringing',
  Answered: 'answered',
  /** Another member answered (ring-all) or the caller hung up while it rang. */
  Cancelled: 'cancelled',
  NoAnswer: 'noanswer',
  Busy: 'busy',
  /** Answered, then left (hangup or transfer away). */
  Ended: 'ended'
} as const
export type LegState = typeof LegState[keyof typeof LegState]

export interface AgentLeg {
  /** Operator extension, e.g. `1001`. */
  readonly extension: string
  readonly state: LegState
  /** Epoch ms. */
  readonly ringingAt: number
  readonly answeredAt: number | null
  readonly endedAt: number | null
}

/** The external party as the PBX reported it. Raw: not yet normalized or matched. */
export interface RemoteParty {
  /** Raw number as delivered by the PBX; null when none (`<unknown>`, empty). */
  readonly number: string | null
  /** Unescaped display name; null when none. */
  readonly name: string | null
  /** True when the caller withheld their number (CLIR) or is anonymous. The UI must not show the number. */
  readonly withheld: boolean
}

/** An immutable snapshot of one call, grouped by Asterisk Linkedid. */
export interface Call {
  /** Stable id: `<pbxId>:<pbx boot>:<linkedid>` (see {@link callIdOf}), unique across PBXs and Asterisk restarts. */
  readonly id: string
  /** The PBX the call is on. Every extension in `legs`, `answeredBy` and `transfers` is one of this PBX's. */
  readonly pbxId: string
  readonly direction: 'inbound' | 'outbound'
  readonly state: CallState
  /** The customer side: the caller on inbound calls, the callee on outbound ones. */
  readonly remote: RemoteParty
  /** Queue name when the call went through a queue. */
  readonly queue: string | null
  /** Every operator extension that rang, in ring order. */
  readonly legs: readonly AgentLeg[]
  /** Extension currently (or last) connected to the customer. */
  readonly answeredBy: string | null
  /** Epoch ms. */
  readonly startedAt: number
  readonly answeredAt: number | null
  readonly endedAt: number | null
  /** Set once the call has ended. */
  readonly result: CallResult | null
  /** Who hung up first, once known. */
  readonly endedBy: 'customer' | 'operator' | 'system' | null
  /** Extensions the call was transferred to, in order. */
  readonly transfers: readonly string[]
  /**
   * True while the PBX link is down (or not yet resynced): the call is shown
   * as last known, but may have ended meanwhile. Absent or false otherwise.
   */
  readonly unverified?: boolean
}

/** What changed, so subscribers need not diff. */
export type CallChangeKind = 'ringing' | 'answered' | 'updated' | 'ended'

export interface CallChange {
  readonly kind: CallChangeKind
  readonly call: Call
}

/**
 * A call's id: `<pbxId>:<boot>:<linkedid>`. `boot` names one run of that PBX
 * (its startup time), so the id stays the same across reconnects and agent
 * restarts and never repeats after the PBX restarts (its Linkedids start over).
 */
export function callIdOf (pbxId: string, boot: string, linkedid: string): string {
  return `${pbxId}:${boot}:${linkedid}`
}

/**
 * The PBX a call id belongs to. Ids from before PBX ids existed
 * (`<boot>:<linkedid>`, as stored in older call logs) are the default PBX's.
 */
export function pbxIdOfCallId (callId: string): string {
  const parts = callId.split(':')
  return parts.length >= 3 && parts[0] !== undefined && parts[0] !== '' ? parts[0] : DEFAULT_PBX_ID
}
