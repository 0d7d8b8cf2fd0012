/**
 * Named facts about channels and calls, decoded from the numbers and codes
 * AMI puts on the wire (`ChannelState: 6`, `Cause: 17`, `DialStatus: ANSWER`).
 * The wire values are spelled here and in `events.ts` only; the tracker and
 * everything past it compare these names.
 */

/**
 * A channel's state by name (main/channel.c `ast_state2str`). The numbers on
 * the wire (`ChannelState: 5`) are decoded here and nowhere else.
 */
export const ChannelState = {
  Down: 'down',
  Reserved: 'reserved',
  OffHook: 'offhook',
  Dialing: 'dialing',
  /** The channel is ringing on our side: an inbound call not yet answered. */
  Ring: 'ring',
  /** The far end is ringing: a dialed phone alerts its user. */
  Ringing: 'ringing',
  Up: 'up',
  Busy: 'busy',
  DialingOffhook: 'dialing_offhook',
  PreRing: 'prering',
  /** Absent or a number Asterisk does not define. */
  Unknown: 'unknown'
} as const
export type ChannelState = typeof ChannelState[keyof typeof ChannelState]

/** `ChannelState` numbers (include/asterisk/channelstate.h `AST_STATE_*`), by position. */
const CHANNEL_STATES: readonly ChannelState[] = [
  ChannelState.Down, ChannelState.Reserved, ChannelState.OffHook, ChannelState.Dialing, ChannelState.Ring,
  ChannelState.Ringing, ChannelState.Up, ChannelState.Busy, ChannelState.DialingOffhook, ChannelState.PreRing
]

/** Names a `ChannelState` number; null (absent) and numbers Asterisk does not define are `unknown`. */
export function channelState (code: number | null): ChannelState {
  return code === null ? ChannelState.Unknown : CHANNEL_STATES[code] ?? ChannelState.Unknown
}

/**
 * Why a channel hung up, grouped from its Q.850 cause
 * (include/asterisk/causes.h `AST_CAUSE_*`).
 */
export const HangupCategory = {
  /** 16 normal clearing, 31 normal unspecified. */
  Normal: 'normal',
  /** 17 user busy. */
  Busy: 'busy',
  /** 18 no user responding, 19 no answer (user alerted). */
  NoAnswer: 'no_answer',
  /** 21 call rejected. */
  Rejected: 'rejected',
  /** 34 no circuit available, 42 switching equipment congestion. */
  Congestion: 'congestion',
  /** 26: a ring-all member lost to a colleague who answered. */
  AnsweredElsewhere: 'answered_elsewhere',
  /** Any other cause, or none. */
  Other: 'other'
} as const
export type HangupCategory = typeof HangupCategory[keyof typeof HangupCategory]

const HANGUP_CAUSES: Readonly<Record<number, HangupCategory>> = {
  16: HangupCategory.Normal,
  31: HangupCategory.Normal,
  17: HangupCategory.Busy,
  18: HangupCategory.NoAnswer,
  19: HangupCategory.NoAnswer,
  21: HangupCategory.Rejected,
  26: HangupCategory.AnsweredElsewhere,
  34: HangupCategory.Congestion,
  42: HangupCategory.Congestion
}

/** Groups a Q.850 cause; null (absent) is `other`. */
export function hangupCategory (cause: number | null): HangupCategory {
  return cause === null ? HangupCategory.Other : HANGUP_CAUSES[cause] ?? HangupCategory.Other
}

/**
 * How a dial attempt stands (DialState/DialEnd `DialStatus`, app_dial.c and
 * main/dial.c). Wire values are upper case (`ANSWER`, `CHANUNAVAIL`).
 */
export const DialStatus = {
  Ringing: 'ringing',
  /** PROGRESS / PROCEEDING: early media or the far end is processing. */
  Progress: 'progress',
  Answer: 'answer',
  Busy: 'busy',
  NoAnswer: 'noanswer',
  Cancel: 'cancel',
  Congestion: 'congestion',
  /** CHANUNAVAIL: the device could not be reached. */
  Unavailable: 'unavailable',
  /** Any other status (DONTCALL, TORTURE, INVALIDARGS, a future one). */
  Other: 'other'
} as const
export type DialStatus = typeof DialStatus[keyof typeof DialStatus]

const DIAL_STATUSES: Readonly<Record<string, DialStatus>> = {
  RINGING: DialStatus.Ringing,
  PROGRESS: DialStatus.Progress,
  PROCEEDING: DialStatus.Progress,
  ANSWER: DialStatus.Answer,
  BUSY: DialStatus.Busy,
  NOANSWER: DialStatus.NoAnswer,
  CANCEL: DialStatus.Cancel,
  CONGESTION: DialStatus.Congestion,
  CHANUNAVAIL: DialStatus.Unavailable
}

/** Names a `DialStatus` value; null when absent or empty. */
export function dialStatus (value: string | undefined): DialStatus | null {
  if (value === undefined || value.trim() === '') return null
  return DIAL_STATUSES[value.trim().toUpperCase()] ?? DialStatus.Other
}

/** Who ended a queue call, from AgentComplete `Reason` (app_queue.c `send_agent_complete`). */
export type QueueCompleteReason = 'caller' | 'agent' | 'transfer' | 'other'

/** Names an AgentComplete `Reason`; null when absent. */
export function completeReason (value: string | undefined): QueueCompleteReason | null {
  if (value === undefined) return null
  const v = value.trim().toLowerCase()
  return v === 'caller' || v === 'agent' || v === 'transfer' ? v : 'other'
}
