/**
 * Ring event → card on the operator's socket, p50/p99, at 10 and 100 calls/s,
 * with 100,000 customers in SQLite; next to it, the raw floor measured in the
 * same run: one indexed SQL lookup plus one `ws` send of the same card.
 *
 * Everything is real and on loopback: a migrated SQLite file in a temp dir,
 * the agent from `buildApp` listening on 127.0.0.1:0 and logged in over
 * AMI/TCP to a FakePbx, and a `ws` client signed in as operator 1001 from an
 * allow-listed Origin. Agent, fake PBX and client share one process and one
 * clock (`performance.now()`), so the numbers include the pacer's and the
 * client's share of the event loop — a little pessimistic, never optimistic.
 *
 * t0: the pacer hands the call's ring frame to the agent's socket.
 * t1: the client's `message` event for the call's first `call` message with
 *     `myLeg: 'ringing'` (it must carry that caller's customer card).
 * The ring frame is found once per run, empirically: frames of a calibration
 * call are written one at a time until the card pops.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { pino } from 'pino'
import { buildApp } from '../../agent/app.js'
import { loadConfig } from '../../agent/config.js'
import { FakePbx } from '../../agent/fake-pbx/fake-pbx.js'
import { loadTrace } from '../../agent/fake-pbx/trace.js'
import { migrateToLatest, openDatabase } from '../../agent/store/connect.js'
import { DEMO_TOKENS, seedBulk, seedDemo } from '../../agent/demo/seed.js'
import { crmUnitOfWork } from '../support/crm.js'
import { paceCalls } from './call-pacer.js'
import { cpuShare, cpuSnapshot } from './machine-load.js'
import { OperatorSocket } from './operator-socket.js'
import { FLOOR_LOOKUP, measureFloor, queryPlan } from './raw-floor.js'
import { QueryRecorder, fullScans } from './query-recorder.js'
import { summarize, table, type Row, type Summary } from './stats.js'
import { callerPool } from './caller-pool.js'
import { CallTemplate, type Caller, type SyntheticCall } from './synthetic-calls.js'

const TRACE = fileURLToPath(new URL('../fixtures/ami/01-inbound-answered.jsonl', import.meta.url))
const ORIGIN = 'http://intranet.bench'
const BULK_CUSTOMERS = 100_000
/** Distinct callers, each with an open issue and 5 past contacts; calls and floor lookups cycle through them. */
const CALLER_POOL = 5000
/** The recorded call lasts 3 s; played 3× faster, about 100 calls overlap at 100 calls/s. */
const SPEED = 3
const PREWARM = { rate: 20, calls: 20 }
const PHASES = [{ rate: 10, seconds: 20 }, { rate: 100, seconds: 10 }] as const
const FLOOR_SAMPLES = 2000
const FLOOR_WARMUP = 200
/** A pop at 10 calls/s starts from an idle process; so does this floor variant. */
const FLOOR_IDLE = { samples: 200, gapMs: 20 }
/** Calibration: how long to wait for a pop after each single frame. A pop takes a few ms. */
const PROBE_MS = 50
/** After the last frame of a phase, how long calls may take to pop and end. */
const DRAIN_MS = 10_000
const BIG_TABLES = ['customers', 'customer_phones', 'customer_tags', 'interactions', 'issues']

interface PhaseResult {
  readonly label: string
  readonly calls: number
  readonly latency: Summary
  readonly missing: number
  readonly wrongCard: number
  readonly early: number
  readonly notEnded: number
  readonly pacerMaxLagMs: number
  /** Average CPUs used by this process and by the rest of the machine during the phase. */
  readonly cpu: { own: number; others: number }
}

export interface BenchResult {
  readonly text: string
  /** Empty when every pop arrived with the right card. */
  readonly failures: readonly string[]
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const sizeOf = async (path: string): Promise<number> => (await stat(path).catch(() => ({ size: 0 }))).size

export async function screenPopBench (progress: (line: string) => void): Promise<BenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'ringcard-bench-'))
  const file = join(dir, 'ringcard.db')
  const logger = pino({ level: 'silent' })
  const cleanups: Array<() => Promise<void> | void> = [() => rm(dir, { recursive: true, force: true })]
  try {
    // ── database ──────────────────────────────────────────────────────────
    const database = await openDatabase(`sqlite:${file}`, logger)
    cleanups.unshift(() => database.close())
    await migrateToLatest(database.db, logger)
    await seedDemo(crmUnitOfWork(database.db))
    const seedStart = performance.now()
    await seedBulk(database.db, BULK_CUSTOMERS)
    const seedMs = performance.now() - seedStart
    const anna = await database.db.selectFrom('operators').select('id').where('login', '=', 'anna').executeTakeFirstOrThrow()
    const pool = await callerPool(database.db, CALLER_POOL, anna.id)
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(database.db)
    const customers = Number((await database.db.selectFrom('customers').select(eb => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    const dbBytes = await sizeOf(file)
    progress(`seeded ${customers} customers in ${(seedMs / 1000).toFixed(1)} s (${mb(dbBytes)})`)
    let nextCaller = 0
    const caller = (): Caller => pool[nextCaller++ % pool.length]!

    // ── agent + fake PBX + operator ───────────────────────────────────────
    const pbx = new FakePbx({ user: 'bench', secret: 'bench-secret', logger })
    cleanups.unshift(() => pbx.close())
    const { port } = await pbx.listen(0)
    const config = loadConfig({
      RINGCARD_HOST: '127.0.0.1',
      RINGCARD_PORT: '0',
      RINGCARD_DATABASE_URL: `sqlite:${file}`,
      RINGCARD_AMI_URL: `ami://bench:bench-secret@127.0.0.1:${port}`,
      RINGCARD_ALLOWED_ORIGINS: ORIGIN,
      RINGCARD_SEED_DEMO: 'no'
    })
    const recorder = new QueryRecorder()
    const app = await buildApp(config, { db: database.db.withPlugin(recorder), logger, amiUrl: config.amiUrl! })
    cleanups.unshift(() => app.close())
    const address = await app.listen({ host: '127.0.0.1', port: 0 })
    app.ringcard.pbx.start()
    await pbx.waitForLogin()
    // Ready once the post-login resync has asked for the queues.
    for (let i = 0; i < 200 && !pbx.received.some(a => a.action.toLowerCase() === 'queuestatus'); i++) {
      await new Promise(resolve => setTimeout(resolve, 10))
    }
    const operator = await OperatorSocket.signIn(address.replace(/^http/, 'ws') + '/ws', ORIGIN, DEMO_TOKENS.anna)
    cleanups.unshift(() => { operator.close() })

    const template = new CallTemplate(await loadTrace(TRACE), config.amiEventMask, SPEED)
    let seq = 0
    const newCalls = (n: number): SyntheticCall[] => Array.from({ length: n }, () => template.call(seq++, caller()))
    const settle = async (calls: readonly SyntheticCall[]): Promise<number> => {
      await operator.until(() => calls.every(c => operator.ended.has(c.linkedid)), DRAIN_MS)
      await app.ringcard.pipeline.settled()
      return calls.filter(c => !operator.ended.has(c.linkedid)).length
    }

    // ── warm-up, then find the ring frame ─────────────────────────────────
    const prewarm = newCalls(PREWARM.calls)
    await paceCalls(pbx, template, prewarm, { rate: PREWARM.rate, ringFrame: null })
    await settle(prewarm)

    const probe = newCalls(1)[0]!
    const probeFrames = template.wireFrames(probe)
    recorder.recording = true
    let ringFrame: number | null = null
    for (let i = 0; i < probeFrames.length && ringFrame === null; i++) {
      pbx.sendRaw(probeFrames[i]!)
      if (await operator.until(() => operator.pops.has(probe.linkedid), PROBE_MS)) ringFrame = i
    }
    if (ringFrame !== null) pbx.sendRaw(probeFrames.slice(ringFrame + 1).join(''))
    await settle([probe])
    recorder.recording = false
    const probePop = operator.pops.get(probe.linkedid)
    if (ringFrame === null || probePop === undefined) throw new Error('calibration: the card never popped for a single call; the agent is broken, not slow')
    progress(`ring frame: #${ringFrame} of ${template.frames.length} (${template.frames[ringFrame]!.label})`)
    const plans = await recorder.plans(database.db)
    const floorPlan = await queryPlan(database.db, FLOOR_LOOKUP)

    // ── raw floor ─────────────────────────────────────────────────────────
    const floorSamples = await measureFloor({
      db: database.db,
      filename: file,
      numbers: Array.from({ length: FLOOR_SAMPLES }, () => caller().e164),
      payload: probePop.raw,
      warmup: FLOOR_WARMUP,
      idleSamples: FLOOR_IDLE.samples,
      idleGapMs: FLOOR_IDLE.gapMs
    })
    const floor = summarize(floorSamples.both)
    progress('floor measured')

    // ── load phases ───────────────────────────────────────────────────────
    const phases: PhaseResult[] = []
    for (const { rate, seconds } of PHASES) {
      const calls = newCalls(rate * seconds)
      const t0 = new Map<string, number>()
      const before = cpuSnapshot()
      const { maxLagMs } = await paceCalls(pbx, template, calls, { rate, ringFrame, onRingWritten: (c, t) => { t0.set(c.linkedid, t) } })
      const notEnded = await settle(calls)
      const cpu = cpuShare(before, cpuSnapshot())
      const latencies: number[] = []
      let missing = 0
      let wrongCard = 0
      let early = 0
      for (const call of calls) {
        const pop = operator.pops.get(call.linkedid)
        const start = t0.get(call.linkedid)
        if (pop === undefined || start === undefined) { missing++; continue }
        if (pop.match.kind !== 'customer' || pop.match.card.customerId !== call.caller.customerId) wrongCard++
        if (pop.t1 < start) early++
        else latencies.push(pop.t1 - start)
      }
      const label = `ring→card @ ${rate} calls/s`
      phases.push({ label, calls: calls.length, latency: summarize(latencies), missing, wrongCard, early, notEnded, pacerMaxLagMs: maxLagMs, cpu })
      progress(`${label}: ${calls.length} calls done`)
    }

    // ── report ────────────────────────────────────────────────────────────
    const failures: string[] = []
    for (const p of phases) {
      if (p.missing > 0) failures.push(`${p.label}: ${p.missing} of ${p.calls} pops NEVER ARRIVED`)
      if (p.wrongCard > 0) failures.push(`${p.label}: ${p.wrongCard} pops carried the wrong card`)
      if (p.early > 0) failures.push(`${p.label}: ${p.early} pops arrived before their ring frame was written (ring-frame calibration is wrong)`)
      if (p.notEnded > 0) failures.push(`${p.label}: ${p.notEnded} calls never showed as ended on the operator's socket`)
    }
    if (operator.seqGaps > 0) failures.push(`operator socket: ${operator.seqGaps} seq gaps (messages lost or reordered)`)
    const scans = plans.flatMap(q => fullScans(q.plan, BIG_TABLES).map(step => `${step}  ←  ${q.sql}`))
    for (const s of scans) failures.push(`full scan of a big table for one call: ${s}`)

    const rows: Row[] = [
      ...phases.map(p => ({ label: p.label, summary: p.latency, floor })),
      { label: 'floor: SQL lookup, then ws send of the card', summary: floor },
      { label: '  SQL alone: e164 = ? (Kysely, agent\'s connection)', summary: summarize(floorSamples.lookup) },
      { label: `  ws alone: send → 'message' (${Buffer.byteLength(probePop.raw)} B card)`, summary: summarize(floorSamples.send) },
      { label: `info: floor after ${FLOOR_IDLE.gapMs} ms idle`, summary: summarize(floorSamples.bothAfterIdle) },
      { label: 'info: SQL alone, raw sqlite3 prepared stmt', summary: summarize(floorSamples.rawLookup) }
    ]
    const cpu = cpus()
    const busiest = Math.max(...phases.map(p => p.cpu.others))
    const text = [
      'ringcard bench: ring event → card delivered on the operator\'s socket',
      `node ${process.version} · ${process.platform}/${process.arch} · ${cpu.length} CPUs (${cpu[0]?.model.trim() ?? '?'})`,
      ...(busiest > 0.25 ? [`WARNING: other processes kept up to ${busiest.toFixed(2)} CPUs busy during a load phase; the tails (p99, max) measure them too`] : []),
      `SQLite file ${mb(dbBytes)} (WAL checkpointed) · ${customers} customers (${BULK_CUSTOMERS} bulk + demo) · seeded in ${(seedMs / 1000).toFixed(1)} s`,
      `calls: ${template.frames.length} AMI frames each (recorded 01-inbound-answered, ${SPEED}x faster: ${Math.round(template.durationMs)} ms/call)`,
      `callers: ${pool.length} random bulk customers, each with 1 open issue and 5 past contacts (a full card)`,
      `t0 = ring frame #${ringFrame} (${template.frames[ringFrame]!.label}) written to the agent's AMI socket; t1 = operator 1001's ws 'message' with myLeg 'ringing'`,
      'one process, one clock (performance.now); floor: one sample = lookup then send, back to back, on the idle process; ratios divide by it',
      '',
      table(rows),
      '',
      ...phases.map(p => `${p.label}: ${p.calls - p.missing}/${p.calls} popped, ${p.missing} missing, ${p.wrongCard} wrong card, pacer lag ≤ ${p.pacerMaxLagMs.toFixed(1)} ms, CPUs busy: bench ${p.cpu.own.toFixed(2)}, others ${p.cpu.others.toFixed(2)}`),
      `ws seq gaps: ${operator.seqGaps}`,
      `floor lookup plan: ${floorPlan.join('; ')}`,
      `statements one call ran (pop + call log): ${plans.length} distinct, ${scans.length === 0 ? 'no full scans of big tables' : `${scans.length} FULL SCANS`}; SQLite plans:`,
      ...plans.map(q => `  ${q.plan.join('; ')}  ←  ${q.sql.length > 110 ? q.sql.slice(0, 107) + '...' : q.sql}`)
    ].join('\n')
    return { text, failures }
  } finally {
    for (const cleanup of cleanups) await cleanup()
  }
}
