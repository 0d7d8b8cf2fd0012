/**
 * Customer import and search at 1,000,000 customers in SQLite.
 *
 * 1. Import: a generated CSV of 1M customers (German, English, Italian,
 *    Turkish and Persian names; a number each, in `+` or national form; an
 *    e-mail address; a company for 30%; groups and tiers for some) goes
 *    through `CustomerImporter`, the core of `npm run import` and
 *    `POST /api/imports`, into a fresh SQLite file: rows per second.
 * 2. Search: `GET /api/customers?q=…` over HTTP (a supervisor's token, one
 *    keep-alive connection, one request at a time; each answer also writes
 *    its `customer.find` audit rows), first page (50), p50/p99 for each kind
 *    of query, next to a raw baseline measured in the same run: one indexed
 *    prefix query on `customer_search_terms` through Kysely on the agent's
 *    own connection.
 *
 * The plan of one search of each kind is printed; a scan of the terms,
 * phones or e-mail tables is a failure. (The list walks `customers_name_idx`
 * for a common prefix: bounded by the page, by design.)
 */
import { once } from 'node:events'
import { Agent, request } from 'node:http'
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import { sql } from 'kysely'
import { pino } from 'pino'
import { buildApp } from '../../agent/app.js'
import { loadConfig } from '../../agent/config.js'
import { OperatorRepo } from '../../agent/crm/operators/operator-repo.js'
import { crmRepos } from '../../agent/crm/crm-repos.js'
import { CustomerImporter, DEFAULT_BATCH_ROWS } from '../../agent/crm/import/customer-import.js'
import { prefixRange, searchWords } from '../../agent/crm/customers/search-text.js'
import { migrateToLatest, openDatabase } from '../../agent/store/connect.js'
import { UnitOfWork } from '../../agent/store/unit-of-work.js'
import { QueryRecorder } from './query-recorder.js'
import { cpuShare, cpuSnapshot } from './machine-load.js'
import { summarize, table, type Row } from './stats.js'

/** Customers imported and searched (a smaller number for a quick trial: `searchBench(progress, { customers })`). */
const DEFAULT_CUSTOMERS = 1_000_000
const SAMPLES = 300
const WARMUP = 30
const TOKEN = 'bench-supervisor-token'
/** Tables a search must never read whole. */
const NEVER_SCANNED = ['customer_search_terms', 'customer_phones', 'customer_emails']

export interface SearchBenchResult {
  readonly text: string
  readonly failures: readonly string[]
}

const GIVEN = ['Anna', 'Lena', 'Felix', 'Jonas', 'Marie', 'Paul', 'Sophie', 'Leon', 'Jürgen', 'Gülay', 'Oliver', 'Amelia', 'Harry', 'Isla', 'George', 'Giulia', 'Marco', 'Chiara', 'Ayşe', 'Mehmet', 'Elif', 'Emre', 'Noah', 'Grace']
const FAMILY_START = ['Ber', 'Schm', 'Mül', 'Kar', 'Hos', 'Ros', 'Tan', 'Wag', 'Fis', 'Kle', 'Neu', 'Hof', 'Zim', 'Bra', 'Kra', 'Lin', 'Mor', 'Pet', 'Sor', 'Yıl']
const FAMILY_MID = ['a', 'e', 'i', 'o', 'u', 'ei', 'au', '']
const FAMILY_END = ['mann', 'er', 'ini', 'son', 'berg', 'ov', 'ez', 'i', 'ek', 'dız']
const FA_GIVEN = ['محمد', 'زهرا', 'علی', 'فاطمه', 'حسین', 'مریم', 'رضا', 'سارا', 'امیر', 'نگار', 'کیان', 'یاسمن']
const FA_FAMILY_START = ['احمد', 'رضای', 'حسین', 'کریم', 'محمد', 'موسو', 'جعفر', 'قاسم', 'صادق', 'رحیم', 'کاظم', 'یزد']
const FA_FAMILY_END = ['ی', 'یان', 'پور', 'زاده', 'نیا', 'فر']
const COMPANY_END = ['GmbH', 'AG', 'Ltd', 'S.r.l.', 'A.Ş.', 'Trading', 'Logistik']

/** Customer k of the generated file (deterministic). */
function customer (k: number): { name: string; phone: string; national: string; email: string; company: string | null; persian: boolean } {
  const persian = k % 5 === 0
  const given = persian ? FA_GIVEN[k % FA_GIVEN.length]! : GIVEN[k % GIVEN.length]!
  const family = persian
    ? FA_FAMILY_START[Math.floor(k / 7) % FA_FAMILY_START.length]! + FA_FAMILY_END[Math.floor(k / 89) % FA_FAMILY_END.length]!
    : FAMILY_START[Math.floor(k / 7) % FAMILY_START.length]! + FAMILY_MID[Math.floor(k / 151) % FAMILY_MID.length]! + FAMILY_END[Math.floor(k / 1213) % FAMILY_END.length]!
  const digits = `1${String(k).padStart(7, '0')}`
  return {
    name: `${given} ${family}`,
    phone: `+49 176 ${digits}`,
    national: `0176 ${digits}`,
    email: persian ? `c${k}@example.ir` : `${searchWords(given)[0]}.${searchWords(family)[0]}.${k}@example.com`,
    company: k % 10 < 3 ? `${FAMILY_START[k % 20]}${FAMILY_END[Math.floor(k / 20) % 10]} ${COMPANY_END[k % COMPANY_END.length]}` : null,
    persian
  }
}

async function writeCsv (path: string, customers: number): Promise<void> {
  const file = createWriteStream(path)
  const quote = (s: string): string => /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  file.write('name,phone,email,company,groups,tier,city\n')
  for (let k = 1; k <= customers; k++) {
    const c = customer(k)
    // Tiers by k / 3, so that they do not follow the names (which follow k % 5 and k / 7).
    const tier = Math.floor(k / 3) % 4 === 0 ? 'gold' : ''
    const line = [c.name, k % 2 === 0 ? c.phone : c.national, c.email, c.company ?? '', k % 10 === 0 ? 'VIP' : '', tier, c.persian ? 'تهران' : 'Berlin'].map(quote).join(',') + '\n'
    if (!file.write(line)) await once(file, 'drain')
  }
  file.end()
  await finished(file)
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

export async function searchBench (progress: (line: string) => void, opts: { readonly customers?: number } = {}): Promise<SearchBenchResult> {
  const CUSTOMERS = opts.customers ?? DEFAULT_CUSTOMERS
  const dir = await mkdtemp(join(tmpdir(), 'ringcard-bench-search-'))
  const file = join(dir, 'ringcard.db')
  const csv = join(dir, 'customers.csv')
  const logger = pino({ level: 'silent' })
  const cleanups: Array<() => Promise<void> | void> = [() => rm(dir, { recursive: true, force: true })]
  const failures: string[] = []
  try {
    let t0 = performance.now()
    await writeCsv(csv, CUSTOMERS)
    const csvBytes = (await stat(csv)).size
    progress(`wrote ${CUSTOMERS.toLocaleString('en')} rows of CSV (${(csvBytes / 1024 / 1024).toFixed(0)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`)

    const database = await openDatabase(`sqlite:${file}`, logger)
    cleanups.unshift(() => database.close())
    await migrateToLatest(database.db, logger)
    // As `npm run import` does: a page cache the size of what the import touches.
    await sql`pragma cache_size = -262144`.execute(database.db)
    const operators = new OperatorRepo(database.db, () => new Date())
    await operators.create({ login: 'super', displayName: 'Sam Super', role: 'supervisor', extensions: [], token: TOKEN })
    // The nightly tier run and the search backfill are not what is measured here.
    await database.db.insertInto('jobs').values([{ name: 'tiers.recompute', last_run_at: new Date().toISOString() }]).execute()

    const uow = new UnitOfWork(database.db, h => crmRepos(h, () => new Date()))
    const importer = new CustomerImporter({ uow, defaultCountry: 'DE', tierNames: ['gold', 'silver', 'bronze'] })
    let lastReport = 0
    const importCpu = cpuSnapshot()
    const imported = await importer.run({ path: csv }, {
      importId: 'bench',
      actorId: null,
      onProgress: (p) => {
        if (performance.now() - lastReport < 15_000) return
        lastReport = performance.now()
        progress(`import: ${p.rowsDone.toLocaleString('en')} rows, ${Math.round(p.rowsDone / (p.elapsedMs / 1000))} rows/s`)
      }
    })
    const importLoad = cpuShare(importCpu, cpuSnapshot())
    if (imported.inserted !== CUSTOMERS || imported.errors !== 0) failures.push(`import: ${imported.inserted} inserted, ${imported.errors} bad of ${CUSTOMERS}`)
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(database.db)
    const { size } = await stat(file)
    const terms = Number((await database.db.selectFrom('customer_search_terms').select(eb => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    progress(`imported in ${(imported.elapsedMs / 1000).toFixed(1)} s (${Math.round(imported.rowsPerSecond)} rows/s); ${terms.toLocaleString('en')} search terms; ${(size / 1024 / 1024).toFixed(0)} MB`)

    const config = loadConfig({
      RINGCARD_HOST: '127.0.0.1',
      RINGCARD_PORT: '0',
      RINGCARD_DATABASE_URL: `sqlite:${file}`,
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
    const search = (q: string, more = ''): string => `/api/customers?q=${encodeURIComponent(q)}${more}`

    // Deterministic spread over the whole file.
    const pick = (i: number): number => 1 + ((i * 7919 + 13) % CUSTOMERS)
    const persianPick = (i: number): number => 5 * (1 + ((i * 7919 + 13) % (CUSTOMERS / 5 - 1)))
    const latinPick = (i: number): number => pick(i) % 5 === 0 ? pick(i) - 1 : pick(i)
    const arabic = (text: string): string => text.replace(/ی/g, 'ي').replace(/ک/g, 'ك')
    type Found = ReadonlyArray<{ readonly displayName: string; readonly tier: string | null }>
    const names = (found: Found): string[] => found.map(c => c.displayName)
    // Prefix semantics: `Jonas Hofmann` also finds a Jonas at Hofmann GmbH, so the exact customer may be on a later page of a full one.
    const hasOrFull = (name: string) => (found: Found): boolean => names(found).includes(name) || found.length === 50
    const kinds: ReadonlyArray<{ label: string; path: (i: number) => string; expect: (i: number) => (found: Found) => boolean }> = [
      { label: 'full name', path: i => search(customer(pick(i)).name), expect: i => hasOrFull(customer(pick(i)).name) },
      { label: 'name prefix (3 letters)', path: i => search(customer(pick(i)).name.split(' ')[1]!.slice(0, 3)), expect: () => found => found.length === 50 },
      { label: 'Persian name typed with Arabic ي/ك', path: i => search(arabic(customer(persianPick(i)).name)), expect: i => hasOrFull(customer(persianPick(i)).name) },
      { label: 'phone, national form', path: i => search(customer(pick(i)).national), expect: i => found => names(found).join() === customer(pick(i)).name },
      { label: 'phone, last 5 digits', path: i => search(customer(pick(i)).phone.slice(-5)), expect: i => found => names(found).includes(customer(pick(i)).name) },
      { label: 'e-mail prefix', path: i => search(customer(latinPick(i)).email.split('@')[0]! + '@'), expect: i => found => names(found).includes(customer(latinPick(i)).name) },
      { label: 'company word', path: i => search(customer(pick(i) - (pick(i) % 10)).company!.split(' ')[0]!), expect: () => found => found.length > 0 },
      { label: 'name + tier=gold filter', path: i => search(customer(pick(i)).name.split(' ')[1]!, '&tier=gold'), expect: () => found => found.every(c => c.tier === 'gold') }
    ]

    // Correctness and plans: one of each kind.
    recorder.recording = true
    for (const kind of kinds) {
      const res = await get(http, address.port, kind.path(1))
      const found = (res.body as { customers?: Found }).customers ?? []
      if (res.status !== 200 || !kind.expect(1)(found)) failures.push(`${kind.label}: ${kind.path(1)} answered ${res.status} ${JSON.stringify(names(found).slice(0, 5))}`)
    }
    recorder.recording = false
    const plans = (await recorder.plans(database.db)).filter(p => /customer_search_terms/.test(p.sql))
    for (const p of plans) {
      const scans = p.plan.filter(step => NEVER_SCANNED.some(t => new RegExp(`^SCAN ${t}\\b`).test(step)))
      if (scans.length > 0) failures.push(`full scan in search query: ${p.sql} → ${scans.join('; ')}`)
    }

    const samples = new Map<string, number[]>([['baseline', []], ...kinds.map(k => [k.label, []] as [string, number[]])])
    const wrong = new Map<string, { count: number; example: string }>()
    t0 = performance.now()
    const searchCpu = cpuSnapshot()
    for (let i = -WARMUP; i < SAMPLES; i++) {
      const j = i + WARMUP + 2
      const range = prefixRange(searchWords(customer(pick(j)).name)[1]!)
      let start = performance.now()
      const rows = await database.db.selectFrom('customer_search_terms').select('customer_id')
        .where('term', '>=', range.from).where('term', '<', range.to).limit(50).execute()
      if (i >= 0) samples.get('baseline')!.push(performance.now() - start)
      if (rows.length === 0) failures.push(`baseline found nothing for ${range.from}`)
      for (const kind of kinds) {
        start = performance.now()
        const res = await get(http, address.port, kind.path(j))
        const ms = performance.now() - start
        const found = (res.body as { customers?: Found }).customers ?? []
        if (res.status !== 200 || !kind.expect(j)(found)) {
          wrong.set(kind.label, { count: (wrong.get(kind.label)?.count ?? 0) + 1, example: `${decodeURIComponent(kind.path(j))} → ${res.status} ${JSON.stringify(names(found).slice(0, 3))}` })
        }
        if (i >= 0) samples.get(kind.label)!.push(ms)
      }
    }
    const searchLoad = cpuShare(searchCpu, cpuSnapshot())
    progress(`searched in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    for (const [label, w] of wrong) failures.push(`${w.count} "${label}" searches answered wrongly, e.g. ${w.example}`)

    const floor = summarize(samples.get('baseline')!)
    const rows: Row[] = [
      ...kinds.map(k => ({ label: `GET /api/customers?q= ${k.label}`, summary: summarize(samples.get(k.label)!), floor })),
      { label: 'baseline: one indexed prefix query', summary: floor }
    ]
    for (const k of kinds) {
      const p99 = summarize(samples.get(k.label)!).p99
      if (p99 >= 50) failures.push(`"${k.label}" search p99 ${p99.toFixed(1)} ms is not under 50 ms`)
    }
    const text = [
      `import of ${CUSTOMERS.toLocaleString('en')} customers from CSV (${(csvBytes / 1024 / 1024).toFixed(0)} MB) into SQLite, batches of ${DEFAULT_BATCH_ROWS} rows: `
      + `${(imported.elapsedMs / 1000).toFixed(1)} s, ${Math.round(imported.rowsPerSecond).toLocaleString('en')} rows/s `
      + `(${terms.toLocaleString('en')} search terms, database ${(size / 1024 / 1024).toFixed(0)} MB); `
      + `CPUs busy meanwhile: this process ${importLoad.own.toFixed(1)}, everything else ${importLoad.others.toFixed(1)}`,
      '',
      `GET /api/customers?q=… first page (50) with ${CUSTOMERS.toLocaleString('en')} customers in SQLite, ${SAMPLES} samples each, one request at a time over HTTP keep-alive`,
      '',
      table(rows),
      `CPUs busy while searching: this process ${searchLoad.own.toFixed(1)}, everything else ${searchLoad.others.toFixed(1)}`,
      '',
      'query plans of one search of each kind:',
      ...plans.map(p => `  ${p.sql}\n    ${p.plan.join('\n    ')}`)
    ].join('\n')
    return { text, failures }
  } finally {
    for (const c of cleanups) await c()
  }
}
