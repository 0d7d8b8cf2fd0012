/**
 * The one place that knows which database engine is in use. Everything else
 * takes the `Kysely<Database>` this returns.
 *
 * | URL                                   | engine                            |
 * |---------------------------------------|-----------------------------------|
 * | `postgres://…`, `postgresql://…`      | PostgreSQL through a `pg` pool    |
 * | `sqlite:./data/ringcard.db`, `sqlite:///abs/path.db` | SQLite file (parent dir created) |
 * | `./data/x.db`, `/abs/x.db` (plain path) | SQLite file                     |
 * | `:memory:`, `sqlite::memory:`         | SQLite in memory                  |
 */
import { mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { Kysely, Migrator, PostgresAdapter, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { Logger } from 'pino'
import type { Database } from '../../schema/database.js'
import { migrations } from '../../schema/migrations.js'
import { Sqlite3Dialect } from './dialects/sqlite3/sqlite3-dialect.js'

export type DialectName = 'sqlite' | 'postgres'

/** The subset of a pino logger this module uses. */
export type StoreLogger = Pick<Logger, 'info' | 'warn' | 'error'>

/** An open database. Call `close()` once; later calls do nothing. */
export interface OpenedDatabase {
  readonly db: Kysely<Database>
  readonly dialect: DialectName
  close (): Promise<void>
}

/** Options for {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** Most PostgreSQL connections in the pool. Default 10. Ignored for SQLite (one connection). */
  readonly poolSize?: number
}

/** Where a database URL points. */
export type DatabaseLocation =
  | { readonly dialect: 'postgres'; readonly connectionString: string }
  | { readonly dialect: 'sqlite'; readonly filename: string }

/**
 * Reads a database URL (see the module table). Throws a plain `Error` for an
 * unknown scheme; `config.ts` validates the URL before this is reached.
 */
export function parseDatabaseUrl (url: string): DatabaseLocation {
  const text = url.trim()
  if (/^postgres(?:ql)?:\/\//i.test(text)) return { dialect: 'postgres', connectionString: text }
  if (text === ':memory:' || text === 'sqlite::memory:') return { dialect: 'sqlite', filename: ':memory:' }
  if (/^sqlite:/i.test(text)) {
    const rest = text.slice('sqlite:'.length)
    // sqlite:///abs → /abs; sqlite://rel → rel; sqlite:rel → rel
    const filename = rest.startsWith('//') ? rest.slice(2) : rest
    if (filename === '') throw new Error('sqlite: URL without a file name')
    return { dialect: 'sqlite', filename }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) throw new Error(`Unsupported database URL scheme in ${redactUrl(text)}`)
  if (text === '') throw new Error('Empty database URL')
  return { dialect: 'sqlite', filename: text }
}

/**
 * Opens the database a URL points to and checks that it answers. For SQLite
 * the parent directory is created and the file opened with WAL,
 * `synchronous=FULL`, `busy_timeout=5000` and foreign keys on.
 */
export async function openDatabase (url: string, logger: StoreLogger, opts: OpenDatabaseOptions = {}): Promise<OpenedDatabase> {
  const location = parseDatabaseUrl(url)
  let db: Kysely<Database>
  if (location.dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: location.connectionString, max: opts.poolSize ?? 10 })
    // An idle client's error (server restart) is emitted on the pool; unhandled it would crash the process.
    pool.on('error', (err) => { logger.error({ err }, 'PostgreSQL pool client error') })
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  } else {
    if (location.filename !== ':memory:') await mkdir(dirname(resolve(location.filename)), { recursive: true })
    db = new Kysely<Database>({ dialect: new Sqlite3Dialect({ filename: location.filename }) })
  }

  let closed = false
  const close = async (): Promise<void> => {
    if (closed) return
    closed = true
    await db.destroy()
  }
  try {
    await sql`select 1`.execute(db)
    if (location.dialect === 'sqlite' && location.filename !== ':memory:') {
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db)
      if (mode.rows[0]?.journal_mode !== 'wal') {
        logger.warn({ journalMode: mode.rows[0]?.journal_mode }, 'SQLite did not switch to WAL; concurrent readers will block writers')
      }
    }
  } catch (err) {
    await close().catch(() => undefined)
    throw err
  }
  logger.info({ dialect: location.dialect, location: describe(location) }, 'database opened')
  return { db, dialect: location.dialect, close }
}

/**
 * Applies every migration in `schema/` that has not run yet. Safe to call on
 * every start; on PostgreSQL concurrent starts wait on Kysely's migration
 * lock. On both engines each run is one transaction: a failing migration
 * leaves the schema as it was.
 */
export async function migrateToLatest (db: Kysely<Database>, logger: StoreLogger): Promise<void> {
  // Kysely's migrator lists the tables of every schema in the database; on PostgreSQL that listing
  // fails (3F000 schema, 42P01 relation does not exist) when another schema or table is dropped at
  // that moment. Nothing was migrated then (each run is one transaction): try again.
  for (let attempt = 1; ; attempt++) {
    try {
      await migrateOnce(db, logger)
      return
    } catch (err) {
      const code = (err as { cause?: { code?: unknown } }).cause?.code
      if ((code !== '3F000' && code !== '42P01') || attempt >= 3) throw err
      logger.warn({ attempt }, 'a schema vanished while the migrator listed tables; retrying')
    }
  }
}

async function migrateOnce (db: Kysely<Database>, logger: StoreLogger): Promise<void> {
  const migrator = new Migrator({
    db,
    migrationTableSchema: await migrationSchema(db),
    provider: { getMigrations: async () => ({ ...migrations }) }
  })
  const { error, results } = await migrator.migrateToLatest()
  for (const r of results ?? []) {
    if (r.status === 'Success') logger.info({ migration: r.migrationName }, 'migration applied')
    else if (r.status === 'Error') logger.error({ migration: r.migrationName }, 'migration failed')
  }
  if (error !== undefined) {
    throw new Error('Database migration failed', { cause: error })
  }
}

/**
 * PostgreSQL: the schema this connection creates tables in. Without it
 * Kysely looks for its migration tables in every schema of the database, so
 * a fresh schema next to a migrated one (two deployments, or parallel test
 * suites, sharing a database) is taken as migrated and the run fails with
 * `relation "kysely_migration_lock" does not exist`. SQLite: undefined (one
 * schema per file).
 */
async function migrationSchema (db: Kysely<Database>): Promise<string | undefined> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return undefined
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db)
  return rows[0]?.schema ?? undefined
}

function describe (location: DatabaseLocation): string {
  return location.dialect === 'postgres' ? redactUrl(location.connectionString) : location.filename
}

/** The URL without its password, for logs. */
export function redactUrl (url: string): string {
  try {
    const u = new URL(url)
    if (u.password !== '') u.password = '***'
    return u.toString()
  } catch {
    return '<unparseable URL>'
  }
}
