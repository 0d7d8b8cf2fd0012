/**
 * Store tests run once per database engine. Each test file gets a fresh
 * SQLite file in the OS temp dir and, when PostgreSQL is reachable, its own
 * PostgreSQL schema (`rc_<random>`, selected through `search_path`), so test
 * files can run in parallel against one server.
 *
 * ```ts
 * describe.each(await dialects())('[%s] CustomerRepo', (_name, dialect) => {
 *   const t = useTestDatabase(dialect)
 *   it('…', async () => { const customers = new CustomerRepo(t.db, now) })
 * })
 * ```
 *
 * Environment (tests may read it; the agent reads env only in config.ts):
 * - `RINGCARD_TEST_PG_URL`: server for the postgres variant (default `postgres://postgres@127.0.0.1:5432/test`).
 * - `RINGCARD_REQUIRE_ALL=1` (CI): an unreachable PostgreSQL fails instead of skipping.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import pg from 'pg'
import { pino } from 'pino'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import type { Database } from '../../schema/database.js'
import { migrateToLatest, openDatabase, redactUrl, type DialectName, type OpenedDatabase } from '../../agent/store/connect.js'

const PG_URL = process.env['RINGCARD_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test'
const REQUIRE_ALL = process.env['RINGCARD_REQUIRE_ALL'] === '1'

/** A silent logger for code under test. */
export const silentLogger = pino({ level: 'silent' })

/** One engine to run a suite against. */
export interface DialectCase {
  readonly name: DialectName
  /** Creates an empty, migrated database private to the caller. */
  create (): Promise<TestDatabase>
}

/** A database private to one suite. */
export interface TestDatabase {
  readonly dialect: DialectName
  /** URL for `openDatabase`; reopening it reaches the same data. */
  readonly url: string
  /** The current connection; replaced by {@link TestDatabase.reopen}. */
  readonly db: Kysely<Database>
  /** Closes the connection and opens a new one to the same data (restart durability). */
  reopen (): Promise<void>
  /** Deletes every row (keeps the schema). */
  reset (): Promise<void>
  /** Closes and removes the database (file or schema). */
  destroy (): Promise<void>
}

/** Tables in delete order (children first). */
const TABLES = [
  'audit_log', 'jobs', 'purchases', 'outcome_requests', 'interactions', 'issues', 'customer_tags', 'tags',
  'caller_picks', 'customer_search_terms', 'stage_changes', 'contact_person_phones', 'contact_persons', 'customer_emails',
  'customer_phones', 'customers', 'campaigns', 'operator_extensions', 'operators'
] as const

let pgProbe: Promise<string | null> | undefined

/** Null when PostgreSQL answers, else why not. */
function probePostgres (): Promise<string | null> {
  pgProbe ??= (async () => {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 })
    try {
      await client.connect()
      await client.query('select 1')
      return null
    } catch (err) {
      return err instanceof Error ? err.message : String(err)
    } finally {
      await client.end().catch(() => undefined)
    }
  })()
  return pgProbe
}

/**
 * The engines to test: always SQLite; PostgreSQL when reachable. When it is
 * not, a notice goes to stderr and the postgres variant is left out, unless
 * `RINGCARD_REQUIRE_ALL=1`, which makes this throw.
 */
export async function dialects (): Promise<Array<[DialectName, DialectCase]>> {
  const cases: DialectCase[] = [{ name: 'sqlite', create: createSqlite }]
  const problem = await probePostgres()
  if (problem === null) {
    cases.push({ name: 'postgres', create: createPostgres })
  } else {
    const where = redactUrl(PG_URL)
    if (REQUIRE_ALL) throw new Error(`PostgreSQL not reachable at ${where} (${problem}) and RINGCARD_REQUIRE_ALL=1`)
    process.stderr.write(
      `\n⚠ PostgreSQL not reachable at ${where} — start it or set RINGCARD_TEST_PG_URL; skipping postgres suites (${problem})\n\n`
    )
  }
  // Tuples so that `describe.each(…)('[%s] …')` prints a bare `[sqlite]` / `[postgres]`.
  return cases.map(c => [c.name, c])
}

/**
 * Registers hooks for one suite: create + migrate before all, delete all
 * rows before each test, drop after all. Read `db` inside tests only.
 */
export function useTestDatabase (dialect: DialectCase, opts: { resetEachTest?: boolean } = {}): TestDatabase {
  let current: TestDatabase | undefined
  const get = (): TestDatabase => {
    if (current === undefined) throw new Error('useTestDatabase: the database exists only inside tests')
    return current
  }
  beforeAll(async () => { current = await dialect.create() })
  if (opts.resetEachTest ?? true) beforeEach(async () => { await get().reset() })
  afterAll(async () => { await current?.destroy() })
  return {
    get dialect () { return get().dialect },
    get url () { return get().url },
    get db () { return get().db },
    reopen: async () => { await get().reopen() },
    reset: async () => { await get().reset() },
    destroy: async () => { await get().destroy() }
  }
}

async function createSqlite (): Promise<TestDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'ringcard-test-'))
  const url = `sqlite:${join(dir, 'ringcard.db')}`
  return await managed('sqlite', url, async () => { await rm(dir, { recursive: true, force: true }) })
}

async function createPostgres (): Promise<TestDatabase> {
  // The creation time is in the name: schemas are dropped by a later run (see sweepPostgres), never
  // during this one, because Kysely's migrator introspects every schema of the database and fails
  // when another test file drops its schema at that moment.
  const schema = `rc_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: PG_URL })
  await admin.connect()
  try {
    await admin.query(`create schema ${schema}`)
  } finally {
    await admin.end()
  }
  const url = withSearchPath(PG_URL, schema)
  return await managed('postgres', url, async () => { /* left for sweepPostgres */ })
}

/**
 * Drops the test schemas of earlier runs: those named `rc_<epoch s>_…` more than
 * `olderThanS` ago (a concurrent run's fresh schemas stay), and any of the old
 * unstamped form. Called once per `vitest run` (test/support/global-setup.ts).
 */
export async function sweepPostgres (olderThanS = 3600): Promise<number> {
  if (await probePostgres() !== null) return 0
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  try {
    const { rows } = await client.query<{ nspname: string }>('select nspname from pg_namespace where nspname like \'rc\\_%\'')
    const cutoff = Date.now() / 1000 - olderThanS
    let dropped = 0
    for (const { nspname } of rows) {
      const m = /^rc_(\d{10})_[0-9a-f]+$/.exec(nspname)
      if (m !== null && Number(m[1]) > cutoff) continue
      await client.query(`drop schema if exists "${nspname}" cascade`)
      dropped++
    }
    return dropped
  } finally {
    await client.end()
  }
}

async function managed (dialect: DialectName, url: string, remove: () => Promise<void>): Promise<TestDatabase> {
  let opened: OpenedDatabase = await openDatabase(url, silentLogger)
  await migrateToLatest(opened.db, silentLogger)
  return {
    dialect,
    url,
    get db () { return opened.db },
    async reopen () {
      await opened.close()
      opened = await openDatabase(url, silentLogger)
    },
    async reset () {
      for (const table of TABLES) await opened.db.deleteFrom(table).execute()
    },
    async destroy () {
      await opened.close()
      await remove()
    }
  }
}

function withSearchPath (url: string, schema: string): string {
  const u = new URL(url)
  u.searchParams.set('options', `-c search_path=${schema}`)
  return u.toString()
}
