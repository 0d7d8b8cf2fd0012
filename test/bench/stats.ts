/**
 * Latency samples → percentiles, and the fixed-width table the bench prints.
 * Percentiles are nearest-rank on the sorted samples (no interpolation), so
 * p99 of 200 samples is the 198th smallest: an observed value, not a guess.
 */

export interface Summary {
  readonly n: number
  readonly p50: number
  readonly p99: number
  readonly max: number
}

export function percentile (sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.max(1, Math.ceil(p * sorted.length))
  return sorted[Math.min(sorted.length, rank) - 1]!
}

export function summarize (samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b)
  return { n: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] ?? Number.NaN }
}

export interface Row {
  readonly label: string
  readonly summary: Summary
  /** Summary the ratio columns divide by; none for the floor rows themselves. */
  readonly floor?: Summary
}

const ms = (x: number): string => Number.isFinite(x) ? x.toFixed(3) : '-'
const ratio = (x: number, y: number): string => Number.isFinite(x / y) ? `${(x / y).toFixed(1)}x` : '-'

export function table (rows: readonly Row[]): string {
  const head = ['scenario', 'n', 'p50 ms', 'p99 ms', 'max ms', 'p50/floor', 'p99/floor']
  const body = rows.map(r => [
    r.label, String(r.summary.n), ms(r.summary.p50), ms(r.summary.p99), ms(r.summary.max),
    r.floor === undefined ? '' : ratio(r.summary.p50, r.floor.p50),
    r.floor === undefined ? '' : ratio(r.summary.p99, r.floor.p99)
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map(cells => cells[i]!.length)))
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)).join('  ').trimEnd()
  return [line(head), widths.map(w => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n')
}
