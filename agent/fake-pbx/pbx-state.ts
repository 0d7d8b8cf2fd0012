/**
 * What the fake PBX knows "right now", rebuilt from the events it replays, so
 * CoreShowChannels and QueueStatus answer with the state at that moment, in
 * the shapes Asterisk 22 uses (see 10-queue-member-state.jsonl).
 */
import { fieldValue } from './trace.js'
import type { TraceField } from './trace.js'

/** Headers of the channel snapshot block (manager_channels.c `ast_manager_build_channel_state_string_prefix`). */
const SNAPSHOT_KEYS = new Set([
  'channel', 'channelstate', 'channelstatedesc', 'calleridnum', 'calleridname', 'connectedlinenum',
  'connectedlinename', 'language', 'accountcode', 'context', 'exten', 'priority', 'uniqueid', 'linkedid',
  'tenantid', 'chanvariable'
])

interface LiveChannel {
  snapshot: TraceField[]
  readonly bornAtMs: number
  application: string
  applicationData: string
  bridgeId: string
}

interface QueueCaller {
  readonly uniqueid: string
  readonly joinedAtMs: number
}

/** QueueMember fields, in list order, from the live QueueMemberStatus/Pause/Added headers they are copied from. */
const MEMBER_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['Queue', 'Queue'], ['Name', 'MemberName'], ['Location', 'Interface'], ['StateInterface', 'StateInterface'],
  ['Membership', 'Membership'], ['Penalty', 'Penalty'], ['CallsTaken', 'CallsTaken'], ['LastCall', 'LastCall'],
  ['LastPause', 'LastPause'], ['LoginTime', 'LoginTime'], ['InCall', 'InCall'], ['Status', 'Status'],
  ['Paused', 'Paused'], ['PausedReason', 'PausedReason'], ['Wrapuptime', 'Wrapuptime']
]

function hms (ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`
}

/** Live channels (latest snapshot per Uniqueid), queue callers and queue members. */
export class PbxState {
  readonly #channels = new Map<string, LiveChannel>()
  /** Uniqueids that hung up: a late snapshot-bearing event must not resurrect them. */
  readonly #gone = new Set<string>()
  readonly #queues = new Map<string, QueueCaller[]>()
  readonly #members = new Map<string, Map<string, TraceField[]>>()

  constructor (private readonly now: () => number) {}

  /** Number of live channels. */
  get channelCount (): number {
    return this.#channels.size
  }

  /** Forgets everything (PBX restart). */
  reset (): void {
    this.#channels.clear()
    this.#gone.clear()
    this.#queues.clear()
    this.#members.clear()
  }

  /** Updates the state from one replayed event. */
  apply (fields: readonly TraceField[]): void {
    const event = fieldValue(fields, 'Event') ?? ''
    const uniqueid = fieldValue(fields, 'Uniqueid')
    const queue = fieldValue(fields, 'Queue')
    if (event === 'Hangup' && uniqueid !== undefined) {
      this.#channels.delete(uniqueid)
      this.#gone.add(uniqueid)
      for (const callers of this.#queues.values()) removeCaller(callers, uniqueid)
      return
    }
    if (uniqueid !== undefined && fieldValue(fields, 'ChannelState') !== undefined && fieldValue(fields, 'Channel') !== undefined) {
      this.#updateChannel(event, uniqueid, fields)
    }
    if (queue === undefined) return
    const callers = this.#queue(queue)
    if (event === 'QueueCallerJoin' && uniqueid !== undefined && !callers.some(c => c.uniqueid === uniqueid)) {
      callers.push({ uniqueid, joinedAtMs: this.now() })
    } else if ((event === 'QueueCallerLeave' || event === 'QueueCallerAbandon') && uniqueid !== undefined) {
      removeCaller(callers, uniqueid)
    } else if (event === 'QueueMemberStatus' || event === 'QueueMemberPause' || event === 'QueueMemberAdded') {
      const iface = fieldValue(fields, 'Interface') ?? ''
      const members = this.#members.get(queue) ?? new Map<string, TraceField[]>()
      this.#members.set(queue, members)
      const prev = members.get(iface) ?? []
      members.set(iface, MEMBER_FIELDS.map(([out, from]): TraceField =>
        [out, fieldValue(fields, from) ?? fieldValue(prev, out) ?? '']))
    } else if (event === 'QueueMemberRemoved') {
      this.#members.get(queue)?.delete(fieldValue(fields, 'Interface') ?? '')
    }
  }

  /** CoreShowChannel items (without the ack and the Complete event). */
  coreShowChannels (actionId: string | undefined): TraceField[][] {
    const now = this.now()
    return [...this.#channels.values()].map(ch => [
      ['Event', 'CoreShowChannel'],
      ...(actionId === undefined ? [] : [['ActionID', actionId] as const]),
      ...ch.snapshot,
      ['Application', ch.application],
      ['ApplicationData', ch.applicationData],
      ['Duration', hms(now - ch.bornAtMs)],
      ['BridgeId', ch.bridgeId]
    ])
  }

  /** QueueParams, QueueMember and QueueEntry items, optionally for one queue. */
  queueStatus (actionId: string | undefined, onlyQueue: string | undefined): TraceField[][] {
    const now = this.now()
    const tail: TraceField[] = actionId === undefined ? [] : [['ActionID', actionId]]
    const names = new Set([...this.#queues.keys(), ...this.#members.keys()])
    const out: TraceField[][] = []
    for (const name of names) {
      if (onlyQueue !== undefined && onlyQueue !== '' && onlyQueue !== name) continue
      const callers = this.#queues.get(name) ?? []
      // Counters we cannot know from a replay stay 0; the strategy is unknown too.
      out.push([['Event', 'QueueParams'], ['Queue', name], ['Max', '0'], ['Strategy', 'ringall'],
        ['Calls', String(callers.length)], ['Holdtime', '0'], ['TalkTime', '0'], ['Completed', '0'],
        ['Abandoned', '0'], ['ServiceLevel', '0'], ['ServicelevelPerf', '0.0'], ['ServicelevelPerf2', '0.0'],
        ['Weight', '0'], ...tail])
      for (const member of this.#members.get(name)?.values() ?? []) out.push([['Event', 'QueueMember'], ...member, ...tail])
      callers.forEach((caller, i) => {
        const snap = this.#channels.get(caller.uniqueid)?.snapshot ?? []
        // QueueEntry prints an empty caller ID as `unknown`, without brackets (app_queue.c).
        const id = (key: string): string => {
          const v = fieldValue(snap, key) ?? ''
          return v === '' || v === '<unknown>' ? 'unknown' : v
        }
        out.push([['Event', 'QueueEntry'], ['Queue', name], ['Position', String(i + 1)],
          ['Channel', fieldValue(snap, 'Channel') ?? ''], ['Uniqueid', caller.uniqueid],
          ['CallerIDNum', id('CallerIDNum')], ['CallerIDName', id('CallerIDName')],
          ['ConnectedLineNum', id('ConnectedLineNum')], ['ConnectedLineName', id('ConnectedLineName')],
          ['Wait', String(Math.floor((now - caller.joinedAtMs) / 1000))], ['Priority', '0'], ...tail])
      })
    }
    return out
  }

  #queue (name: string): QueueCaller[] {
    let callers = this.#queues.get(name)
    if (callers === undefined) {
      callers = []
      this.#queues.set(name, callers)
    }
    return callers
  }

  #updateChannel (event: string, uniqueid: string, fields: readonly TraceField[]): void {
    if (this.#gone.has(uniqueid)) return
    const snapshot = fields.filter(([key]) => SNAPSHOT_KEYS.has(key.toLowerCase()))
    let ch = this.#channels.get(uniqueid)
    if (ch === undefined) {
      ch = { snapshot, bornAtMs: this.now(), application: '', applicationData: '', bridgeId: '' }
      this.#channels.set(uniqueid, ch)
    } else {
      ch.snapshot = snapshot
    }
    if (event === 'Newexten') {
      ch.application = fieldValue(fields, 'Application') ?? ''
      ch.applicationData = fieldValue(fields, 'AppData') ?? ''
    } else if (event === 'BridgeEnter') {
      ch.bridgeId = fieldValue(fields, 'BridgeUniqueid') ?? ''
    } else if (event === 'BridgeLeave') {
      ch.bridgeId = ''
    }
  }
}

function removeCaller (callers: QueueCaller[], uniqueid: string): void {
  const i = callers.findIndex(c => c.uniqueid === uniqueid)
  if (i >= 0) callers.splice(i, 1)
}
