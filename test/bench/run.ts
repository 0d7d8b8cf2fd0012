/**
 * `npm run bench`: runs the benchmarks in this folder and prints their
 * tables. Exits 1 when a benchmark reports a failure (a pop that never
 * arrived counts as one, however fast the others were) or overruns its
 * time budget. Not part of `npm test`: nothing here asserts on timings.
 *
 * `npm run bench -- lookup` runs only the named benchmarks
 * (`screen-pop`, `lookup`, `search`: import and search at 1M customers);
 * without names, all of them.
 */
import { lookupBench } from './lookup.bench.js'
import { screenPopBench } from './screen-pop.bench.js'
import { searchBench } from './search.bench.js'

interface Bench {
  readonly run: (progress: (line: string) => void) => Promise<{ readonly text: string; readonly failures: readonly string[] }>
  /** How long it may take, seeding included. */
  readonly budgetMs: number
}

const BENCHES: Readonly<Record<string, Bench>> = {
  'screen-pop': { run: screenPopBench, budgetMs: 120_000 },
  lookup: { run: lookupBench, budgetMs: 180_000 },
  search: { run: searchBench, budgetMs: 540_000 }
}

const out = (line: string): void => { process.stdout.write(line + '\n') }
const err = (line: string): void => { process.stderr.write(line + '\n') }

const names = process.argv.slice(2)
const unknown = names.filter(n => !Object.hasOwn(BENCHES, n))
if (unknown.length > 0) {
  err(`bench: unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`)
  process.exit(2)
}
const chosen = names.length > 0 ? names : Object.keys(BENCHES)
const budgetMs = chosen.reduce((sum, n) => sum + BENCHES[n]!.budgetMs, 0)

const watchdog = setTimeout(() => {
  err(`bench: still running after ${budgetMs / 1000} s; giving up`)
  process.exit(1)
}, budgetMs)
watchdog.unref()

const started = performance.now()
for (const name of chosen) {
  try {
    const result = await BENCHES[name]!.run(line => { err(`… ${name}: ${line}`) })
    out(result.text)
    out('')
    if (result.failures.length > 0) {
      err('')
      for (const f of result.failures) err(`BENCH FAILURE (${name}): ${f}`)
      process.exitCode = 1
    }
  } catch (e) {
    err(`bench ${name}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`)
    process.exitCode = 1
  }
}
out(`total ${((performance.now() - started) / 1000).toFixed(1)} s`)
clearTimeout(watchdog)
