/**
 * Reads the recorded AMI traces (`test/fixtures/ami/*.jsonl`, format in that
 * folder's README) and turns their event lines into typed {@link AmiEvent}s
 * with the recording's own timing, for tests that drive the call tracker.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { decodeEvent, frameFromFields, header, type AmiEvent } from '../../agent/telephony/ami/events.js'

export const TRACE_DIR = fileURLToPath(new URL('../fixtures/ami/', import.meta.url))

export interface TraceLine {
  readonly t_ms: number
  /** ms from the first connection's connect to this connection's (12-reconnect only). */
  readonly t_ms_scenario_offset?: number
  readonly banner?: string
  readonly fields: Array<[string, string | null]>
}

export interface TimedEvent {
  /** ms since this trace's TCP connect. */
  readonly tMs: number
  readonly event: AmiEvent
}

/** Received-message files (not `.sent`, not the 12 timeline), in name order. */
export function traceFiles (): string[] {
  return readdirSync(TRACE_DIR)
    .filter(f => f.endsWith('.jsonl') && !f.endsWith('.sent.jsonl') && !f.endsWith('.timeline.jsonl'))
    .sort()
}

export function readTrace (file: string): TraceLine[] {
  return readFileSync(TRACE_DIR + file, 'utf8').split('\n').filter(l => l.trim() !== '').map(l => JSON.parse(l) as TraceLine)
}

/** The decoded events of a trace; responses and the banner are skipped, malformed events throw (the fixtures have none). */
export function traceEvents (file: string): TimedEvent[] {
  const out: TimedEvent[] = []
  for (const line of readTrace(file)) {
    const frame = frameFromFields(line.fields)
    if (header(frame, 'Event') === undefined) continue
    const event = decodeEvent(frame)
    if (event.type === 'Malformed') throw new Error(`${file} @${line.t_ms}: ${event.name} ${event.reason}`)
    out.push({ tMs: line.t_ms, event })
  }
  return out
}

/** `t_ms_scenario_offset` of a trace (0 when absent). */
export function traceOffsetMs (file: string): number {
  return readTrace(file)[0]?.t_ms_scenario_offset ?? 0
}
