/**
 * The AMI wire format ends here. Everything past this module sees typed
 * {@link AmiEvent}s; AMI header names (`Uniqueid`, `DestChannel`, …) are spelled
 * only inside `agent/telephony/ami/` (named facts such as channel states: `call-facts.ts`).
 *
 * Event definitions: asterisk/asterisk main/manager_channels.c (channel
 * snapshot block, Newchannel/Newstate/NewCallerid/NewConnectedLine/Hangup,
 * DialBegin/DialState/DialEnd), main/manager_bridges.c (BridgeEnter/Leave),
 * main/manager.c (CoreShowChannel, FullyBooted, Shutdown), apps/app_queue.c
 * (Queue*, Agent*), main/stasis_bridges.c (BlindTransfer/AttendedTransfer).
 */

import {
  channelState, completeReason, dialStatus, hangupCategory,
  type ChannelState, type DialStatus, type HangupCategory, type QueueCompleteReason
} from './call-facts.js'

/**
 * One received AMI message: header names lower-cased, repeated headers kept as
 * arrays in arrival order. This is the shape asterisk-manager hands us (after
 * the adapter undoes its `chanvariable` object special case) and what
 * {@link frameFromFields} builds from a recorded trace line.
 */
export type AmiFrame = Readonly<Record<string, string | readonly string[]>>

/** Builds an {@link AmiFrame} from the ordered `[key, value]` pairs of a trace. */
export function frameFromFields (fields: ReadonlyArray<readonly [string, string | null]>): AmiFrame {
  const out: Record<string, string | string[]> = {}
  for (const [rawKey, value] of fields) {
    const key = rawKey.toLowerCase()
    const v = value ?? ''
    const prev = out[key]
    if (prev === undefined) out[key] = v
    else if (Array.isArray(prev)) prev.push(v)
    else out[key] = [prev as string, v]
  }
  return out
}

/** First value of a header, case-insensitive. */
export function header (frame: AmiFrame, name: string): string | undefined {
  const v = frame[name.toLowerCase()]
  if (v === undefined) return undefined
  return typeof v === 'string' ? v : v[0]
}

/** Every value of a (possibly repeated) header. */
export function headers (frame: AmiFrame, name: string): string[] {
  const v = frame[name.toLowerCase()]
  if (v === undefined) return []
  return typeof v === 'string' ? [v] : [...v]
}

const C_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '\'': '\'', '"': '"', '?': '?'
}

/**
 * Undoes Asterisk's `ast_escape_c_alloc` (main/utils.c `escape_sequences`),
 * applied to caller/connected names and channel variable values since 2015:
 * `O\'Brien` → `O'Brien`.
 */
export function unescapeC (value: string): string {
  return value.replace(/\\([abfnrtv\\'"?])/g, (_m, c: string) => C_ESCAPES[c] ?? c)
}

/** `<unknown>` (snapshots), `unknown` (QueueEntry) and empty all mean "nothing". */
function present (value: string | undefined): string | null {
  if (value === undefined) return null
  const v = value.trim()
  if (v === '' || v === '<unknown>' || v === 'unknown') return null
  return v
}

/**
 * A channel as described by the snapshot block every channel event embeds
 * (manager_channels.c `ast_manager_build_channel_state_string_prefix`).
 */
export interface ChannelSnapshot {
  /** Channel name, e.g. `PJSIP/1001-0000001a` or `Local/1001@agents-00000001;1`. */
  readonly channel: string
  readonly state: ChannelState
  /** The raw `ChannelState` number, for logs; null when absent. */
  readonly stateCode: number | null
  readonly uniqueid: string
  readonly linkedid: string
  /** Caller number; null for `<unknown>` or empty. Never escaped by Asterisk. */
  readonly callerNum: string | null
  /** Caller name, C-unescaped; null for `<unknown>` or empty. */
  readonly callerName: string | null
  readonly connectedNum: string | null
  readonly connectedName: string | null
  readonly context: string
  readonly exten: string
}

function snapshot (frame: AmiFrame, prefix = ''): ChannelSnapshot | null {
  const uniqueid = header(frame, prefix + 'Uniqueid')
  const channel = header(frame, prefix + 'Channel')
  if (uniqueid === undefined || channel === undefined) return null
  const name = (k: string): string | null => {
    const v = present(header(frame, prefix + k))
    return v === null ? null : unescapeC(v)
  }
  const stateCode = int(header(frame, prefix + 'ChannelState'))
  return {
    channel,
    state: channelState(stateCode),
    stateCode,
    uniqueid,
    linkedid: header(frame, prefix + 'Linkedid') ?? uniqueid,
    callerNum: present(header(frame, prefix + 'CallerIDNum')),
    callerName: name('CallerIDName'),
    connectedNum: present(header(frame, prefix + 'ConnectedLineNum')),
    connectedName: name('ConnectedLineName'),
    context: header(frame, prefix + 'Context') ?? '',
    exten: header(frame, prefix + 'Exten') ?? ''
  }
}

/** Channel applications of a dialed leg (app_dial `AppDial`, dial.c/Originate `AppDial2`, app_queue `AppQueue`). */
const DIAL_APPS = /^App(Dial2?|Queue)$/

function int (value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null
  const n = Number(value)
  return Number.isFinite(n) ? n : null
}

/** Newchannel / Newstate / NewCallerid / NewConnectedLine / CoreShowChannel: one channel. */
export interface ChannelEvent {
  readonly type: 'Newchannel' | 'Newstate' | 'NewCallerid' | 'NewConnectedLine'
  readonly channel: ChannelSnapshot
  /**
   * Only on NewCallerid: true when `CID-CallingPres` says presentation is
   * prohibited or unavailable (main/callerid.c `pres_types`).
   */
  readonly presentationRestricted: boolean | null
}

/** Hangup (manager_channels.c `channel_hangup_cb`). */
export interface HangupEvent {
  readonly type: 'Hangup'
  readonly channel: ChannelSnapshot
  readonly category: HangupCategory
  /** The raw Q.850 cause number, for logs; null when absent. */
  readonly cause: number | null
}

/** DialBegin / DialState / DialEnd: `caller` is absent for Originate legs. */
export interface DialEvent {
  readonly type: 'DialBegin' | 'DialState' | 'DialEnd'
  readonly caller: ChannelSnapshot | null
  readonly dest: ChannelSnapshot
  /** DialState/DialEnd only; null on DialBegin. */
  readonly status: DialStatus | null
  readonly dialString: string | null
}

/** BridgeEnter / BridgeLeave (manager_bridges.c). */
export interface BridgeEvent {
  readonly type: 'BridgeEnter' | 'BridgeLeave'
  readonly bridgeId: string
  readonly channel: ChannelSnapshot
}

/** QueueCallerJoin / QueueCallerLeave / QueueCallerAbandon (app_queue.c). */
export interface QueueCallerEvent {
  readonly type: 'QueueCallerJoin' | 'QueueCallerLeave' | 'QueueCallerAbandon'
  readonly queue: string
  readonly channel: ChannelSnapshot
  readonly position: number | null
  /** Seconds; QueueCallerAbandon only. */
  readonly holdTimeS: number | null
}

/**
 * AgentCalled / AgentConnect / AgentComplete / AgentRingNoAnswer (app_queue.c).
 * `dest` can be absent on AgentComplete when the agent hung up first, so the
 * member is identified by `memberName` / `iface`.
 */
export interface AgentEvent {
  readonly type: 'AgentCalled' | 'AgentConnect' | 'AgentComplete' | 'AgentRingNoAnswer'
  readonly queue: string
  readonly caller: ChannelSnapshot | null
  readonly dest: ChannelSnapshot | null
  readonly memberName: string | null
  /** Queue member interface, e.g. `Local/1001@agents/n` or `PJSIP/1001`. */
  readonly iface: string | null
  readonly holdTimeS: number | null
  readonly talkTimeS: number | null
  /** AgentComplete only: who ended the talk. */
  readonly reason: QueueCompleteReason | null
}

/** BlindTransfer / AttendedTransfer (main/manager_bridges.c, stasis_bridges.c). */
export interface TransferEvent {
  readonly type: 'BlindTransfer' | 'AttendedTransfer'
  /** `Result: Success`. */
  readonly succeeded: boolean
  /** The raw `Result`, for logs (`Fail`, `Invalid`, `Not Permitted` …). */
  readonly result: string | null
  readonly transferer: ChannelSnapshot | null
  readonly transferee: ChannelSnapshot | null
  /** Blind transfer target extension. */
  readonly extension: string | null
}

/** CoreShowChannel: one live channel in a CoreShowChannels list (resync). */
export interface CoreShowChannelEvent {
  readonly type: 'CoreShowChannel'
  readonly channel: ChannelSnapshot
  readonly bridgeId: string | null
  /** The channel is the dialed side of Dial, Originate or Queue (it runs AppDial, AppDial2 or AppQueue). */
  readonly dialed: boolean
  /** The raw `Application`, for logs. */
  readonly application: string | null
  readonly durationS: number | null
}

/** QueueEntry: one waiting caller in a QueueStatus list (resync; has no Linkedid). */
export interface QueueEntryEvent {
  readonly type: 'QueueEntry'
  readonly queue: string
  readonly uniqueid: string
  readonly channel: string
  readonly callerNum: string | null
  readonly callerName: string | null
  readonly position: number | null
  readonly waitS: number | null
}

/** QueueMember (QueueStatus list) and QueueMemberStatus / QueueMemberPause (live). */
export interface QueueMemberEvent {
  readonly type: 'QueueMember' | 'QueueMemberStatus' | 'QueueMemberPause'
  readonly queue: string
  readonly memberName: string | null
  readonly iface: string | null
  /** Device state: 1 not in use, 2 in use, 6 ringing … */
  readonly status: number | null
  readonly paused: boolean
  readonly pausedReason: string | null
  readonly inCall: boolean
}

/** FullyBooted (main/asterisk.c), sent after login; Uptime tells about restarts. */
export interface FullyBootedEvent {
  readonly type: 'FullyBooted'
  readonly uptimeS: number | null
}

/** Shutdown (main/asterisk.c). */
export interface ShutdownEvent {
  readonly type: 'Shutdown'
  readonly restart: boolean
}

/** OriginateResponse (main/manager.c `fast_originate`). */
export interface OriginateResponseEvent {
  readonly type: 'OriginateResponse'
  readonly success: boolean
  readonly uniqueid: string | null
  readonly channel: string | null
}

/** Any event we do not model (VarSet, Newexten, Cdr, …): kept for counting only. */
export interface OtherEvent {
  readonly type: 'Other'
  readonly name: string
}

/** Every AMI event the agent understands, as one discriminated union. */
export type AmiEvent =
  | ChannelEvent
  | HangupEvent
  | DialEvent
  | BridgeEvent
  | QueueCallerEvent
  | AgentEvent
  | TransferEvent
  | CoreShowChannelEvent
  | QueueEntryEvent
  | QueueMemberEvent
  | FullyBootedEvent
  | ShutdownEvent
  | OriginateResponseEvent
  | OtherEvent

/** Thrown-free result of decoding: a frame that claims an event but lacks its required headers. */
export interface DecodeFailure {
  readonly type: 'Malformed'
  readonly name: string
  readonly reason: string
}

function presRestricted (frame: AmiFrame): boolean | null {
  const pres = header(frame, 'CID-CallingPres')
  if (pres === undefined) return null
  const n = Number.parseInt(pres, 10)
  // Bits 5-6 of the presentation indicator: 0x20 prohibited, 0x40 unavailable.
  if (Number.isFinite(n)) return (n & 0x60) !== 0
  return /prohibited|unavailable/i.test(pres)
}

/**
 * Decodes one event frame. Unknown events become `Other`; known events that
 * lack the headers we rely on become `Malformed` so the caller can log and
 * count them (never throw on network input).
 */
export function decodeEvent (frame: AmiFrame): AmiEvent | DecodeFailure {
  const name = header(frame, 'Event') ?? ''
  const malformed = (reason: string): DecodeFailure => ({ type: 'Malformed', name, reason })
  switch (name) {
    case 'Newchannel':
    case 'Newstate':
    case 'NewCallerid':
    case 'NewConnectedLine': {
      const channel = snapshot(frame)
      if (channel === null) return malformed('missing Channel/Uniqueid')
      return { type: name, channel, presentationRestricted: name === 'NewCallerid' ? presRestricted(frame) : null }
    }
    case 'Hangup': {
      const channel = snapshot(frame)
      if (channel === null) return malformed('missing Channel/Uniqueid')
      const cause = int(header(frame, 'Cause'))
      return { type: 'Hangup', channel, category: hangupCategory(cause), cause }
    }
    case 'DialBegin':
    case 'DialState':
    case 'DialEnd': {
      const dest = snapshot(frame, 'Dest')
      if (dest === null) return malformed('missing DestChannel/DestUniqueid')
      return {
        type: name,
        caller: snapshot(frame),
        dest,
        status: dialStatus(header(frame, 'DialStatus')),
        dialString: header(frame, 'DialString') ?? null
      }
    }
    case 'BridgeEnter':
    case 'BridgeLeave': {
      const channel = snapshot(frame)
      const bridgeId = header(frame, 'BridgeUniqueid')
      if (channel === null || bridgeId === undefined) return malformed('missing Channel/BridgeUniqueid')
      return { type: name, bridgeId, channel }
    }
    case 'QueueCallerJoin':
    case 'QueueCallerLeave':
    case 'QueueCallerAbandon': {
      const channel = snapshot(frame)
      if (channel === null) return malformed('missing Channel/Uniqueid')
      return {
        type: name,
        queue: header(frame, 'Queue') ?? '',
        channel,
        position: int(header(frame, 'Position')),
        holdTimeS: int(header(frame, 'HoldTime'))
      }
    }
    case 'AgentCalled':
    case 'AgentConnect':
    case 'AgentComplete':
    case 'AgentRingNoAnswer':
      return {
        type: name,
        queue: header(frame, 'Queue') ?? '',
        caller: snapshot(frame),
        dest: snapshot(frame, 'Dest'),
        memberName: present(header(frame, 'MemberName')),
        iface: present(header(frame, 'Interface')),
        holdTimeS: int(header(frame, 'HoldTime')),
        talkTimeS: int(header(frame, 'TalkTime')),
        reason: completeReason(header(frame, 'Reason'))
      }
    case 'BlindTransfer':
    case 'AttendedTransfer':
      return {
        type: name,
        succeeded: header(frame, 'Result') === 'Success',
        result: header(frame, 'Result') ?? null,
        transferer: snapshot(frame, 'Transferer'),
        transferee: snapshot(frame, 'Transferee'),
        extension: header(frame, 'Extension') ?? null
      }
    case 'CoreShowChannel': {
      const channel = snapshot(frame)
      if (channel === null) return malformed('missing Channel/Uniqueid')
      const d = header(frame, 'Duration')
      let durationS: number | null = null
      if (d !== undefined) {
        const parts = d.split(':').map(Number)
        if (parts.length === 3 && parts.every(Number.isFinite)) durationS = parts[0]! * 3600 + parts[1]! * 60 + parts[2]!
      }
      const application = present(header(frame, 'Application'))
      return {
        type: 'CoreShowChannel',
        channel,
        bridgeId: present(header(frame, 'BridgeId')),
        dialed: application !== null && DIAL_APPS.test(application),
        application,
        durationS
      }
    }
    case 'QueueEntry': {
      const uniqueid = header(frame, 'Uniqueid')
      if (uniqueid === undefined) return malformed('missing Uniqueid')
      const callerName = present(header(frame, 'CallerIDName'))
      return {
        type: 'QueueEntry',
        queue: header(frame, 'Queue') ?? '',
        uniqueid,
        channel: header(frame, 'Channel') ?? '',
        callerNum: present(header(frame, 'CallerIDNum')),
        callerName: callerName === null ? null : unescapeC(callerName),
        position: int(header(frame, 'Position')),
        waitS: int(header(frame, 'Wait'))
      }
    }
    case 'QueueMember':
    case 'QueueMemberStatus':
    case 'QueueMemberPause':
      return {
        type: name,
        queue: header(frame, 'Queue') ?? '',
        // QueueMember (list) says `Name`, the live events say `MemberName`.
        memberName: present(header(frame, 'MemberName') ?? header(frame, 'Name')),
        iface: present(header(frame, 'Interface') ?? header(frame, 'Location')),
        status: int(header(frame, 'Status')),
        paused: header(frame, 'Paused') === '1',
        pausedReason: present(header(frame, 'PausedReason')),
        inCall: header(frame, 'InCall') === '1'
      }
    case 'FullyBooted':
      return { type: 'FullyBooted', uptimeS: int(header(frame, 'Uptime')) }
    case 'Shutdown':
      return { type: 'Shutdown', restart: /true/i.test(header(frame, 'Restart') ?? '') }
    case 'OriginateResponse':
      return {
        type: 'OriginateResponse',
        success: /success/i.test(header(frame, 'Response') ?? ''),
        uniqueid: present(header(frame, 'Uniqueid')),
        channel: header(frame, 'Channel') ?? null
      }
    case '':
      return malformed('no Event header')
    default:
      return { type: 'Other', name }
  }
}

/**
 * The PBX's boot identity from a `CoreStatus` response (main/manager.c
 * `action_corestatus`): startup date and time to the second, the same on every
 * connection to one Asterisk run, unlike an estimate from FullyBooted's Uptime.
 * Null when the response lacks them.
 */
export function decodeCoreStatusBoot (frame: AmiFrame): string | null {
  const date = header(frame, 'CoreStartupDate')
  const time = header(frame, 'CoreStartupTime')
  if (date === undefined || time === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}:\d{2}$/.test(time)) return null
  return `${date.replaceAll('-', '')}T${time.replaceAll(':', '')}`
}
