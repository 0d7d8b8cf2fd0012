/**
 * `GET /api/lookup` p50/p99 with 1,000,000 customers in SQLite, next to a raw
 * baseline measured in the same run: one indexed SQL lookup of the same
 * numbers (`select … from customer_phones where e164 = ?`) through Kysely on
 * the agent's own connection.
 *
 * Everything is real and on loopback: a migrated SQLite file in a temp dir,
 * the agent from `buildApp` listening on 127.0.0.1:0 (its PBX link is never
 * started), and HTTP requests with an integration token over one keep-alive
 * connection, one at a time. Client and agent share one process, so the
 * figures include the client's share of the event loop.
 *
 * Seeding is set-based SQL inside one transaction (a recursive CTE generates
 * the rows; the indexes are maintained as they go): 1M customers with one
 * valid Frankfurt number each (`+4969` + 8 digits), 1% of them owned by an
 * operator with an extension, plus legacy rows stored without E.164 so the
 * "possible" rung has something to find.
 */
import { Agent, request } from 'node:http'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql, type Kysely } from 'kysely'
import { pino } from 'pino'
import type { Database } from '../../schema/database.js'
import { buildApp } from '../../agent/app.js'
import { loadConfig } from '../../agent/config.js'
import { OperatorRepo } from '../../agent/crm/operators/operator-repo.js'
import { migrateToLatest, openDatabase } from '../../agent/store/connect.js'
import { QueryRecorder, fullScans } from './query-recorder.js'
import { summarize, table, type Row } from './stats.js'

const CUSTOMERS = 1_000_000
/** Customers stored only with a raw number nobody could read (legacy import). */
const LEGACY = 10_000
const SAMPLES = 4000
const WARMUP = 400
const TOKEN = 'bench-asterisk-token'
const BIG_TABLES = ['customers', 'customer_phones', 'operator_extensions', 'caller_picks']

export interface LookupBenchResult {
  readonly text: string
  readonly failures: readonly string[]
}

/** Customer k's number: a valid Frankfurt number, unique per k. */
const numberOf = (k: number): string => `+4969${String(20_000_000 + k).padStart(8, '0')}`

async function seed (db: Kysely<Database>, ownerId: number): Promise<void> {
  const at = new Date().toISOString()
  await db.transaction().execute(async (trx) => {
    await sql`
      with recursive seq(k) as (select 1 union all select k + 1 from seq where k < ${CUSTOMERS})
      insert into customers (id, display_name, honorific, company, stage, owner_id, tier, birthday, language, notes, created_at, updated_at)
      select k, 'Bulk Customer ' || k, null, null, 'customer', case when k % 100 = 0 then ${ownerId} end,
        case k % 4 when 0 then 'gold' when 1 then 'silver' when 2 then 'bronze' end, null, 'de', null, ${at}, ${at}
      from seq`.execute(trx)
    await sql`
      insert into customer_phones (customer_id, raw, e164, digits_suffix, kind)
      select id, '+4969' || printf('%08d', 20000000 + id), '+4969' || printf('%08d', 20000000 + id), printf('%08d', 20000000 + id), 'landline'
      from customers`.execute(trx)
    // Legacy rows: "0171-<8 digits> (alt)" cannot be read as a number; their suffixes are 300000k.
    await sql`
      with recursive seq(k) as (select 1 union all select k + 1 from seq where k < ${LEGACY})
      insert into customers (id, display_name, stage, created_at, updated_at)
      select ${CUSTOMERS} + k, 'Legacy Customer ' || k, 'customer', ${at}, ${at} from seq`.execute(trx)
    await sql`
      insert into customer_phones (customer_id, raw, e164, digits_suffix, kind)
      select id, '0171-' || printf('%08d', 30000000 + id - ${CUSTOMERS}) || ' (alt)', null, printf('%08d', 30000000 + id - ${CUSTOMERS}), 'other'
      from customers where id > ${CUSTOMERS}`.execute(trx)
    // The nightly tier recomputation ran today: it must not catch up over 1M customers while we measure.
    await trx.insertInto('jobs').values({ name: 'tiers.recompute', last_run_at: at }).execute()
  })
}

/** One GET over a keep-alive connection; resolves with the status and the parsed body. */
function get (agent: Agent, port: number, path: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }) })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

export async function lookupBench (progress: (line: string) => void): Promise<LookupBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'ringcard-bench-lookup-'))
  const file = join(dir, 'ringcard.db')
  const logger = pino({ level: 'silent' })
  const cleanups: Array<() => Promise<void> | void> = [() => rm(dir, { recursive: true, force: true })]
  const failures: string[] = []
  try {
    const database = await openDatabase(`sqlite:${file}`, logger)
    cleanups.unshift(() => database.close())
    await migrateToLatest(database.db, logger)
    const operators = new OperatorRepo(database.db, () => new Date())
    const owner = await operators.create({ login: 'owner', displayName: 'Olga Owner', role: 'operator', extensions: ['2001'], token: 'bench-owner-token' })
    await operators.create({ login: 'asterisk', displayName: 'Asterisk', role: 'integration', extensions: [], token: TOKEN })
    const seedStart = performance.now()
    await seed(database.db, owner.id)
    const seedMs = performance.now() - seedStart
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(database.db)
    const { size } = await stat(file)
    progress(`seeded ${CUSTOMERS + LEGACY} customers in ${(seedMs / 1000).toFixed(1)} s (${(size / 1024 / 1024).toFixed(0)} MB)`)

    const config = loadConfig({
      RINGCARD_HOST: '127.0.0.1',
      RINGCARD_PORT: '0',
      RINGCARD_DATABASE_URL: `sqlite:${file}`,
      // Never connected: the link is not started.
      RINGCARD_AMI_URL: 'ami://bench:bench@127.0.0.1:9',
      RINGCARD_SEED_DEMO: 'no'
    })
    const recorder = new QueryRecorder()
    const app = await buildApp(config, { db: database.db.withPlugin(recorder), logger, amiUrl: config.amiUrl! })
    cleanups.unshift(() => app.close())
    await app.listen({ host: '127.0.0.1', port: 0 })
    const address = app.server.address()
    if (address === null || typeof address === 'string') throw new Error('no port')
    const http = new Agent({ keepAlive: true, maxSockets: 1 })
    cleanups.unshift(() => { http.destroy() })

    // Deterministic spread over the whole table.
    const pick = (i: number): number => 1 + ((i * 7919 + 13) % CUSTOMERS)
    const lookupPath = (n: string): string => `/api/lookup?number=${encodeURIComponent(n)}`

    // Correctness first: one of each kind answers what it should.
    const single = await get(http, address.port, lookupPath(numberOf(100)))
    const singleBody = single.body as { match?: string; displayName?: string; ownerExtension?: string; tier?: string }
    if (single.status !== 200 || singleBody.match !== 'single' || singleBody.displayName !== 'Bulk Customer 100' || singleBody.ownerExtension !== '2001' || singleBody.tier !== 'gold') {
      failures.push(`single lookup answered ${single.status} ${JSON.stringify(single.body)}`)
    }
    const possible = await get(http, address.port, lookupPath('+4917130000042'))
    if ((possible.body as { match?: string }).match !== 'possible') failures.push(`legacy lookup answered ${JSON.stringify(possible.body)}`)

    recorder.recording = true
    await get(http, address.port, lookupPath(numberOf(pick(1))))
    await get(http, address.port, lookupPath('+4930' + String(10_000_000 + 1).padStart(8, '0')))
    await get(http, address.port, lookupPath('+4917130000007'))
    recorder.recording = false
    const plans = await recorder.plans(database.db)
    for (const p of plans) {
      const scans = fullScans(p.plan, BIG_TABLES)
      if (scans.length > 0) failures.push(`full scan in lookup query: ${p.sql} → ${scans.join('; ')}`)
    }

    const kinds = {
      single: (i: number) => numberOf(pick(i)),
      // A valid Berlin number nobody has: the exact rung misses, then the legacy rung's index.
      unknown: (i: number) => `+4930${String(10_000_000 + (i % 1_000_000)).padStart(8, '0')}`,
      possible: (i: number) => `+49171${String(30_000_000 + 1 + (i % LEGACY)).padStart(8, '0')}`
    } as const
    const samples = { baseline: [] as number[], single: [] as number[], unknown: [] as number[], possible: [] as number[] }
    const wrong = { single: 0, unknown: 0, possible: 0 }
    // Round-robin, so drift of the machine during the run hits every kind alike.
    for (let i = -WARMUP; i < SAMPLES; i++) {
      const j = i + WARMUP
      let t0 = performance.now()
      const rows = await database.db.selectFrom('customer_phones').select(['customer_id', 'raw', 'e164']).where('e164', '=', kinds.single(j)).execute()
      const baseline = performance.now() - t0
      if (rows.length !== 1) failures.push(`baseline lookup of ${kinds.single(j)} found ${rows.length} rows`)
      if (i >= 0) samples.baseline.push(baseline)
      for (const kind of ['single', 'unknown', 'possible'] as const) {
        t0 = performance.now()
        const res = await get(http, address.port, lookupPath(kinds[kind](j)))
        const ms = performance.now() - t0
        const match = (res.body as { match?: string }).match
        const expected = kind === 'unknown' ? 'none' : kind
        if (res.status !== 200 || match !== expected) wrong[kind]++
        if (i >= 0) samples[kind].push(ms)
      }
    }
    for (const [kind, n] of Object.entries(wrong)) if (n > 0) failures.push(`${n} ${kind} lookups answered the wrong match`)

    const floor = summarize(samples.baseline)
    const rows: Row[] = [
      { label: 'GET /api/lookup, single match', summary: summarize(samples.single), floor },
      { label: 'GET /api/lookup, unknown number', summary: summarize(samples.unknown), floor },
      { label: 'GET /api/lookup, possible (legacy)', summary: summarize(samples.possible), floor },
      { label: 'baseline: one indexed SQL lookup', summary: floor }
    ]
    const p99 = summarize(samples.single).p99
    if (p99 >= 20) failures.push(`single-match lookup p99 ${p99.toFixed(1)} ms is not under 20 ms`)
    const text = [
      `GET /api/lookup with ${CUSTOMERS.toLocaleString('en')} customers (+${LEGACY.toLocaleString('en')} legacy) in SQLite, ${SAMPLES} samples each, one request at a time over HTTP keep-alive`,
      `seeded in ${(seedMs / 1000).toFixed(1)} s (${(size / 1024 / 1024).toFixed(0)} MB)`,
      '',
      table(rows),
      '',
      'query plans of one lookup of each kind:',
      ...plans.map(p => `  ${p.sql}\n    ${p.plan.join('\n    ')}`)
    ].join('\n')
    return { text, failures }
  } finally {
    for (const c of cleanups) await c()
  }
}
