/**
 * A Kysely dialect for the callback-based `sqlite3` package.
 *
 * Kysely's built-in `SqliteDialect` expects a synchronous, better-sqlite3-like
 * driver. This dialect keeps Kysely's SQLite query compiler and introspector
 * and swaps in {@link Sqlite3Driver}. Nothing outside `agent/store/` imports
 * the `sqlite3` package.
 */
import { SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely'
import type { DatabaseConnection, DatabaseIntrospector, Dialect, DialectAdapter, Driver, Kysely, QueryCompiler } from 'kysely'
import { Sqlite3Driver } from './sqlite3-driver.js'

/** Options for {@link Sqlite3Dialect}. */
export interface Sqlite3DialectConfig {
  /** Database file path, or `:memory:`. The parent directory must exist. */
  readonly filename: string
  /**
   * How long SQLite waits for a lock held by another process before failing
   * with `SQLITE_BUSY`. Default 5000 ms.
   */
  readonly busyTimeoutMs?: number
  /**
   * Called once after the file is opened and the pragmas are set
   * (`journal_mode=WAL`, `synchronous=FULL`, `busy_timeout`, `foreign_keys=ON`).
   */
  readonly onCreateConnection?: (connection: DatabaseConnection) => Promise<void>
}

/**
 * Kysely's SQLite adapter, except that migrations run inside a transaction.
 * SQLite's DDL is transactional; Kysely's adapter only says otherwise because
 * better-sqlite3 users may run pragmas that refuse to run in one. A migration
 * that fails half-way then leaves nothing behind, as on PostgreSQL.
 */
export class Sqlite3Adapter extends SqliteAdapter {
  override get supportsTransactionalDdl (): boolean {
    return true
  }
}

/**
 * SQLite through the `sqlite3` package.
 *
 * ```ts
 * const db = new Kysely<Database>({ dialect: new Sqlite3Dialect({ filename: 'data/ringcard.db' }) })
 * ```
 *
 * One connection guarded by a mutex: queries run one at a time and a
 * transaction holds the connection until COMMIT or ROLLBACK. `db.destroy()`
 * waits for the query in flight, then closes the file.
 */
export class Sqlite3Dialect implements Dialect {
  readonly #config: Sqlite3DialectConfig

  constructor (config: Sqlite3DialectConfig) {
    this.#config = Object.freeze({ ...config })
  }

  createDriver (): Driver {
    return new Sqlite3Driver(this.#config)
  }

  createQueryCompiler (): QueryCompiler {
    return new SqliteQueryCompiler()
  }

  createAdapter (): DialectAdapter {
    return new Sqlite3Adapter()
  }

  createIntrospector (db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db)
  }
}
