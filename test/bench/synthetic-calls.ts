/**
 * Many distinct calls from one recorded call. Every value that identifies the
 * recorded call on the wire (Uniqueids/Linkedid, channel-name sequence
 * numbers, the bridge id, the caller's number and name) is replaced per call,
 * so the agent sees N unrelated calls; everything else is the recorded bytes.
 *
 * Frames are filtered by the agent's login event mask the way Asterisk (and
 * FakePbx's own broadcast) would, because they go out through
 * `FakePbx.sendRaw`, which does not filter.
 */
import { randomUUID } from 'node:crypto'
import { fieldValue, formatFrame, replayableFrames } from '../../agent/fake-pbx/trace.js'
import type { Trace } from '../../agent/fake-pbx/trace.js'

/** The values of `01-inbound-answered` that name that one call. */
const RECORDED = {
  uniqueidPrefix: '1795375396.',
  inboundChannel: 'inbound-00000000',
  agentChannel: 'agents-00000001',
  bridge: '5037d643-6e6a-4c24-84e5-9a84ed93a34e',
  number: '+4915112345678',
  name: 'Jane Doe'
} as const

/** A customer the synthetic call comes from. */
export interface Caller {
  readonly customerId: number
  readonly e164: string
  readonly name: string
}

export interface TemplateFrame {
  /** Milliseconds after the call's first frame, after time compression. */
  readonly offsetMs: number
  /** `Event` plus the channel it is about, for the report. */
  readonly label: string
  readonly text: string
}

/** One call of the run. Its wire text is made only when it is due (see {@link CallTemplate.wireFrames}). */
export interface SyntheticCall {
  /** Run-wide sequence number; makes every id unique. */
  readonly seq: number
  /** The Linkedid, i.e. the part of the agent's call id after `<boot>:`. */
  readonly linkedid: string
  readonly caller: Caller
}

/** Asterisk Uniqueids are `<epoch s>.<counter>`; a distinct epoch per call keeps the recorded counters. */
const epochOf = (seq: number): number => 1_800_000_000 + seq

function wants (mask: ReadonlySet<string>, privilege: string | undefined): boolean {
  if (privilege === undefined) return true
  return privilege.split(',').some(c => c.trim() !== 'all' && mask.has(c.trim()))
}

export class CallTemplate {
  readonly frames: readonly TemplateFrame[]
  /** Compressed length of one call, first frame to last. */
  readonly durationMs: number
  readonly #pattern: RegExp

  /**
   * @param eventMask the agent's login `Events:` mask, e.g. `system,call,agent`
   * @param speed time compression (3 plays the 3 s recorded call in 1 s)
   */
  constructor (trace: Trace, eventMask: string, speed: number) {
    const mask = new Set(eventMask.split(',').map(s => s.trim().toLowerCase()))
    const kept = replayableFrames(trace).filter(f => wants(mask, fieldValue(f.fields, 'Privilege')))
    const first = kept[0]
    if (first === undefined) throw new Error(`${trace.name}: no frames pass the event mask ${eventMask}`)
    this.frames = kept.map(f => ({
      offsetMs: (f.tMs - first.tMs) / speed,
      label: `${fieldValue(f.fields, 'Event')} ${fieldValue(f.fields, 'Channel') ?? fieldValue(f.fields, 'DestChannel') ?? ''}`.trim(),
      text: formatFrame(f.fields)
    }))
    this.durationMs = this.frames[this.frames.length - 1]!.offsetMs
    const all = this.frames.map(f => f.text).join('')
    for (const [what, token] of Object.entries(RECORDED)) {
      // A re-recorded fixture must fail here, not produce calls that share ids.
      if (!all.includes(token)) throw new Error(`${trace.name}: recorded ${what} ${token} not found; update RECORDED in synthetic-calls.ts`)
    }
    this.#pattern = new RegExp(Object.values(RECORDED).map(t => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g')
  }

  /** A call from `caller`, identified by `seq`. */
  call (seq: number, caller: Caller): SyntheticCall {
    return { seq, linkedid: `${epochOf(seq)}.0`, caller }
  }

  /**
   * The recorded call's frames with every identifying value made unique for
   * this call, same indexes as {@link frames}. Made on demand: a thousand
   * calls of wire text held at once would grow the heap the agent's garbage
   * collector has to walk, in the same process.
   */
  wireFrames (call: SyntheticCall): string[] {
    const hex = (n: number): string => n.toString(16).padStart(8, '0')
    const by: Record<string, string> = {
      [RECORDED.uniqueidPrefix]: `${epochOf(call.seq)}.`,
      [RECORDED.inboundChannel]: `inbound-${hex(2 * call.seq)}`,
      [RECORDED.agentChannel]: `agents-${hex(2 * call.seq + 1)}`,
      [RECORDED.bridge]: randomUUID(),
      [RECORDED.number]: call.caller.e164,
      [RECORDED.name]: call.caller.name
    }
    return this.frames.map(f => f.text.replace(this.#pattern, m => by[m] ?? m))
  }
}
