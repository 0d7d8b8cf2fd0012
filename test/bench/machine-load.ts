/**
 * How much CPU the rest of the machine used while a phase ran. Latency tails
 * on a shared machine measure the neighbours as much as the code, so the
 * bench prints this next to its numbers instead of pretending it ran alone.
 */
import { cpus } from 'node:os'

export interface CpuSnapshot {
  readonly at: number
  /** Busy ms summed over all CPUs (user + nice + sys + irq). */
  readonly machineBusyMs: number
  /** This process's CPU time, ms. */
  readonly ownMs: number
}

export function cpuSnapshot (): CpuSnapshot {
  const machineBusyMs = cpus().reduce((sum, c) => sum + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0)
  const { user, system } = process.cpuUsage()
  return { at: performance.now(), machineBusyMs, ownMs: (user + system) / 1000 }
}

/** Average number of CPUs kept busy by this process and by everything else between two snapshots. */
export function cpuShare (from: CpuSnapshot, to: CpuSnapshot): { own: number; others: number } {
  const wall = Math.max(1, to.at - from.at)
  const own = (to.ownMs - from.ownMs) / wall
  // os.cpus() ticks are coarse (10 ms); clamp the rounding below zero away.
  const others = Math.max(0, (to.machineBusyMs - from.machineBusyMs) / wall - own)
  return { own, others }
}
