/**
 * Writes synthetic calls to the agent's AMI socket at a fixed call rate: call
 * k starts at k / rate, and its frames follow at their (compressed) recorded
 * offsets. One loop for all calls, one socket write per wake-up with every
 * frame that is due, like FakePbx's own replay batches.
 *
 * The moment the ring frame of a call is handed to the socket is its t0.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { FakePbx } from '../../agent/fake-pbx/fake-pbx.js'
import type { CallTemplate, SyntheticCall } from './synthetic-calls.js'

export interface PaceOptions {
  /** Calls started per second. */
  readonly rate: number
  /** Template index of the frame after which the operator's card pops; null: nothing is timed. */
  readonly ringFrame: number | null
  /** Called with `performance.now()` taken just before the write that carries a call's ring frame. */
  readonly onRingWritten?: (call: SyntheticCall, t0: number) => void
}

interface Due { readonly at: number; readonly k: number; readonly frame: number }

/** Resolves after the last frame of the last call is written, with how late the pacer wrote at worst. */
export async function paceCalls (pbx: FakePbx, template: CallTemplate, calls: readonly SyntheticCall[], opts: PaceOptions): Promise<{ maxLagMs: number }> {
  const last = template.frames.length - 1
  const schedule: Due[] = []
  calls.forEach((_, k) => {
    const start = (k * 1000) / opts.rate
    template.frames.forEach((f, frame) => { schedule.push({ at: start + f.offsetMs, k, frame }) })
  })
  // Stable sort: frames of one call with the same offset keep their recorded order.
  schedule.sort((a, b) => a.at - b.at)

  const live = new Map<number, string[]>()
  const origin = performance.now()
  let maxLagMs = 0
  let i = 0
  while (i < schedule.length) {
    const wait = schedule[i]!.at - (performance.now() - origin)
    if (wait > 0) {
      await sleep(wait)
      continue
    }
    const now = performance.now() - origin
    maxLagMs = Math.max(maxLagMs, now - schedule[i]!.at)
    let text = ''
    const rung: SyntheticCall[] = []
    for (; i < schedule.length && schedule[i]!.at <= now; i++) {
      const { k, frame } = schedule[i]!
      const call = calls[k]!
      let frames = live.get(k)
      if (frames === undefined) {
        frames = template.wireFrames(call)
        live.set(k, frames)
      }
      text += frames[frame]!
      if (frame === opts.ringFrame) rung.push(call)
      if (frame === last) live.delete(k)
    }
    const t0 = performance.now()
    if (pbx.sendRaw(text) === 0) throw new Error('fake PBX: the agent is not connected')
    for (const call of rung) opts.onRingWritten?.(call, t0)
  }
  return { maxLagMs }
}
