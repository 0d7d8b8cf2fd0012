/**
 * `npm run bench`: runs the benchmarks in this folder and prints their
 * tables. Exits 1 when a benchmark reports a failure (a pop that never
 * arrived counts as one, however fast the others were) or overruns its
 * time budget. Not part of `npm test`: nothing here asserts on timings.
 */
import { screenPopBench } from './screen-pop.bench.js'

const BUDGET_MS = 120_000

const out = (line: string): void => { process.stdout.write(line + '\n') }
const err = (line: string): void => { process.stderr.write(line + '\n') }

const watchdog = setTimeout(() => {
  err(`bench: still running after ${BUDGET_MS / 1000} s; giving up`)
  process.exit(1)
}, BUDGET_MS)
watchdog.unref()

const started = performance.now()
try {
  const result = await screenPopBench(line => { err(`… ${line}`) })
  out(result.text)
  out(`total ${((performance.now() - started) / 1000).toFixed(1)} s`)
  if (result.failures.length > 0) {
    err('')
    for (const f of result.failures) err(`BENCH FAILURE: ${f}`)
    process.exitCode = 1
  }
} catch (e) {
  err(`bench: ${e instanceof Error ? e.stack ?? e.message : String(e)}`)
  process.exitCode = 1
}
clearTimeout(watchdog)
