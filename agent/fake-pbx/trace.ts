/**
 * Recorded AMI traces (shared/ami-traces/README.md format): one JSON object
 * per line, `{"t_ms": <ms since TCP connect>, "fields": [[key, value|null], …]}`,
 * the first line carrying `"banner"` instead of fields. Keys keep their order
 * and duplicates. Any file in that format replays without per-file code.
 */
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'

/** One header line; a null value is a line that had no colon. */
export type TraceField = readonly [string, string | null]

/** One recorded AMI message. */
export interface TraceFrame {
  /** Milliseconds since the recorder's TCP connect. */
  readonly tMs: number
  readonly fields: readonly TraceField[]
}

/** A parsed trace file. */
export interface Trace {
  /** File name without `.jsonl`, for logs and error messages. */
  readonly name: string
  /** The server greeting, when the trace recorded one. */
  readonly banner: string | null
  readonly frames: readonly TraceFrame[]
}

function isField (value: unknown): value is TraceField {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string'
    && (typeof value[1] === 'string' || value[1] === null)
}

/**
 * Parses trace text. Lines without a `fields` array (e.g. the socket markers
 * of `12-reconnect.timeline.jsonl`) carry no AMI message and are skipped.
 *
 * @throws Error naming the line when a line is not JSON or its fields are not `[string, string|null]` pairs.
 */
export function parseTrace (text: string, name = 'trace'): Trace {
  let banner: string | null = null
  const frames: TraceFrame[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim()
    if (line === '') continue
    let obj: unknown
    try {
      obj = JSON.parse(line)
    } catch {
      throw new Error(`${name}:${i + 1}: not JSON`)
    }
    if (obj === null || typeof obj !== 'object') throw new Error(`${name}:${i + 1}: not an object`)
    const rec = obj as { t_ms?: unknown; banner?: unknown; fields?: unknown }
    if (typeof rec.banner === 'string') {
      banner ??= rec.banner
      continue
    }
    if (!Array.isArray(rec.fields)) continue
    if (typeof rec.t_ms !== 'number' || !Number.isFinite(rec.t_ms)) throw new Error(`${name}:${i + 1}: t_ms is not a number`)
    if (!rec.fields.every(isField)) throw new Error(`${name}:${i + 1}: fields must be [string, string|null] pairs`)
    if (rec.fields.length === 0) continue
    frames.push({ tMs: rec.t_ms, fields: rec.fields })
  }
  return { name, banner, frames }
}

/** Reads and parses a `.jsonl` trace file. */
export async function loadTrace (path: string): Promise<Trace> {
  return parseTrace(await readFile(path, 'utf8'), basename(path).replace(/\.jsonl$/, ''))
}

/** First value of a header, case-insensitive; undefined when absent. */
export function fieldValue (fields: readonly TraceField[], key: string): string | undefined {
  const k = key.toLowerCase()
  for (const [name, value] of fields) if (name.toLowerCase() === k) return value ?? ''
  return undefined
}

const LOGIN_NOISE = new Set(['fullybooted', 'successfulauth'])

/**
 * The frames a PBX timeline replays: events only. Dropped are answers to the
 * recorder's own actions (any frame with a `Response` or an `ActionID`
 * header: responses, list items, OriginateResponse) and the
 * FullyBooted/SuccessfulAuth that follow its login (the fake PBX sends its
 * own), up to the first other event.
 */
export function replayableFrames (trace: Trace): TraceFrame[] {
  const out: TraceFrame[] = []
  for (const frame of trace.frames) {
    if (fieldValue(frame.fields, 'Response') !== undefined || fieldValue(frame.fields, 'ActionID') !== undefined) continue
    const event = fieldValue(frame.fields, 'Event')
    if (event === undefined) continue
    if (out.length === 0 && LOGIN_NOISE.has(event.toLowerCase())) continue
    out.push(frame)
  }
  return out
}

/**
 * Applies a number rewrite (e.g. a real test number → a demo number) to every
 * value that equals or contains a key. Longer keys win over their prefixes.
 */
export function rewriteFields (fields: readonly TraceField[], rewrite: Readonly<Record<string, string>>): TraceField[] {
  const froms = Object.keys(rewrite).filter(from => from !== '').sort((a, b) => b.length - a.length)
  if (froms.length === 0) return [...fields]
  // One pass, so a rewritten value is never rewritten again (A→B, B→C stays B).
  const pattern = new RegExp(froms.map(f => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g')
  return fields.map(([key, value]): TraceField =>
    [key, value === null ? null : value.replace(pattern, m => rewrite[m] ?? m)])
}

const ID_KEY = /(uniqueid|linkedid)$/i
const ID_VALUE = /^(\d+)\.(\d+)$/

/** The highest Uniqueid sequence number in a trace (`<secs>.<seq>`), or -1. */
export function maxIdSequence (frames: readonly TraceFrame[]): number {
  let max = -1
  for (const frame of frames) {
    for (const [key, value] of frame.fields) {
      const m = value !== null && ID_KEY.test(key) ? ID_VALUE.exec(value) : null
      if (m !== null) max = Math.max(max, Number(m[2]))
    }
  }
  return max
}

/**
 * Shifts the sequence part of every Uniqueid/Linkedid (`1795375396.3` →
 * `1795375396.<3 + offset>`), so replaying a recording twice yields two
 * distinct calls — as on a real PBX, whose Uniqueid counter only grows.
 */
export function renumberIds (fields: readonly TraceField[], offset: number): TraceField[] {
  if (offset === 0) return [...fields]
  return fields.map(([key, value]): TraceField => {
    const m = value !== null && ID_KEY.test(key) ? ID_VALUE.exec(value) : null
    return m === null ? [key, value] : [key, `${m[1]}.${Number(m[2]) + offset}`]
  })
}

/** Serialises one AMI message: `Key: value` lines, CRLF, blank line after. A null value writes the bare key line. */
export function formatFrame (fields: readonly TraceField[]): string {
  let out = ''
  for (const [key, value] of fields) out += (value === null ? key : `${key}: ${value}`) + '\r\n'
  return out + '\r\n'
}
