import sqlite3 from 'sqlite3'
import {
  CompiledQuery,
  DeleteQueryNode,
  IdentifierNode,
  InsertQueryNode,
  MergeQueryNode,
  RawNode,
  SelectQueryNode,
  UpdateQueryNode,
  createQueryId
} from 'kysely'
import type { DatabaseConnection, Driver, QueryCompiler, QueryResult, RootOperationNode } from 'kysely'

/**
 * What the driver needs to open a database. Same shape as {@link Sqlite3DialectConfig}
 * without the documentation; see there.
 */
export interface Sqlite3DriverConfig {
  readonly filename: string
  readonly busyTimeoutMs?: number
  readonly onCreateConnection?: (connection: DatabaseConnection) => Promise<void>
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000

/**
 * Kysely driver for the callback-based `sqlite3` package.
 *
 * SQLite has one connection per handle, so, like Kysely's own `SqliteDriver`,
 * every acquire waits on a mutex until the previous holder releases it. A
 * transaction holds the connection from BEGIN to COMMIT/ROLLBACK, which makes
 * transactions serializable without any locking in SQLite itself.
 */
export class Sqlite3Driver implements Driver {
  readonly #config: Sqlite3DriverConfig
  readonly #mutex = new ConnectionMutex()
  #db: sqlite3.Database | undefined
  #connection: Sqlite3Connection | undefined

  constructor (config: Sqlite3DriverConfig) {
    this.#config = Object.freeze({ ...config })
  }

  async init (): Promise<void> {
    const db = await openDatabase(this.#config.filename)
    this.#db = db
    const connection = new Sqlite3Connection(db)
    this.#connection = connection
    // busy_timeout matters when another process (sqlite3 CLI, a backup job) holds the file.
    const busy = Math.max(0, Math.trunc(this.#config.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS))
    for (const pragma of [
      'pragma journal_mode = WAL',
      'pragma synchronous = FULL',
      `pragma busy_timeout = ${busy}`,
      'pragma foreign_keys = ON'
    ]) {
      await connection.executeQuery(CompiledQuery.raw(pragma))
    }
    await this.#config.onCreateConnection?.(connection)
  }

  async acquireConnection (): Promise<DatabaseConnection> {
    await this.#mutex.lock()
    if (this.#connection === undefined) {
      this.#mutex.unlock()
      throw new Error('Sqlite3Driver: acquireConnection() before init() or after destroy()')
    }
    return this.#connection
  }

  async beginTransaction (connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'))
  }

  async commitTransaction (connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'))
  }

  async rollbackTransaction (connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'))
  }

  async savepoint (connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(compileQuery(savepointCommand('savepoint', name), createQueryId()))
  }

  async rollbackToSavepoint (connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(compileQuery(savepointCommand('rollback to', name), createQueryId()))
  }

  async releaseSavepoint (connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(compileQuery(savepointCommand('release', name), createQueryId()))
  }

  async releaseConnection (): Promise<void> {
    this.#mutex.unlock()
  }

  /** Waits for the query or transaction in flight, then closes the file. */
  async destroy (): Promise<void> {
    const db = this.#db
    if (db === undefined) return
    await this.#mutex.lock()
    this.#db = undefined
    this.#connection = undefined
    try {
      await new Promise<void>((resolve, reject) => {
        db.close((err) => { if (err === null) resolve(); else reject(err) })
      })
    } finally {
      this.#mutex.unlock()
    }
  }
}

/** One `sqlite3.Database` handle seen as a Kysely connection. */
class Sqlite3Connection implements DatabaseConnection {
  readonly #db: sqlite3.Database

  constructor (db: sqlite3.Database) {
    this.#db = db
  }

  executeQuery<R> (compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, query } = compiledQuery
    const parameters = compiledQuery.parameters.map(toSqliteValue)
    if (returnsRows(query, sql)) {
      return new Promise((resolve, reject) => {
        this.#db.all<R>(sql, parameters, (err, rows) => {
          if (err !== null) reject(err)
          else resolve({ rows })
        })
      })
    }
    return new Promise((resolve, reject) => {
      // `this` is the RunResult; an arrow function would lose it.
      this.#db.run(sql, parameters, function (this: sqlite3.RunResult, err: Error | null) {
        if (err !== null) {
          reject(err)
          return
        }
        resolve({ numAffectedRows: BigInt(this.changes), insertId: BigInt(this.lastID), rows: [] })
      })
    })
  }

  /**
   * Streams a SELECT with real backpressure: `Statement#get` steps the
   * prepared statement one row per call.
   */
  async* streamQuery<R> (compiledQuery: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiledQuery.query)) {
      throw new Error('Sqlite3Driver only supports streaming of select queries')
    }
    const size = Math.max(1, Math.trunc(chunkSize))
    const stmt = await new Promise<sqlite3.Statement>((resolve, reject) => {
      const s = this.#db.prepare(compiledQuery.sql, compiledQuery.parameters.map(toSqliteValue), (err: Error | null) => {
        if (err !== null) reject(err)
        else resolve(s)
      })
    })
    try {
      for (;;) {
        const rows: R[] = []
        while (rows.length < size) {
          const row = await new Promise<R | undefined>((resolve, reject) => {
            stmt.get<R>((err, r) => { if (err !== null) reject(err); else resolve(r) })
          })
          if (row === undefined) break
          rows.push(row)
        }
        if (rows.length > 0) yield { rows }
        if (rows.length < size) return
      }
    } finally {
      await new Promise<void>((resolve) => { stmt.finalize(() => { resolve() }) })
    }
  }
}

/**
 * `sqlite3` has no `reader` flag like better-sqlite3, and `all()` does not
 * report `changes`/`lastID`, so pick the call from the query tree. Raw SQL is
 * classified by its first keyword; a raw write that starts with WITH gets rows
 * but no affected-row count.
 */
function returnsRows (query: RootOperationNode, sql: string): boolean {
  if (SelectQueryNode.is(query)) return true
  if (InsertQueryNode.is(query) || UpdateQueryNode.is(query) || DeleteQueryNode.is(query) || MergeQueryNode.is(query)) {
    return query.returning !== undefined
  }
  if (RawNode.is(query)) {
    return READ_KEYWORD.test(sql) || /\breturning\b/i.test(sql)
  }
  return false
}

const READ_KEYWORD = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*(?:select|with|pragma|values|explain)\b/i

/**
 * `sqlite3` silently binds a bigint as NULL, which would corrupt data; convert
 * safe integers and refuse the rest.
 */
function toSqliteValue (value: unknown): unknown {
  if (typeof value !== 'bigint') return value
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`Sqlite3Driver: bigint parameter ${value} is outside the safe integer range`)
  }
  return Number(value)
}

function savepointCommand (command: string, name: string): RawNode {
  return RawNode.createWithChildren([RawNode.createWithSql(`${command} `), IdentifierNode.create(name)])
}

function openDatabase (filename: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db: sqlite3.Database = new sqlite3.Database(
      filename,
      sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE | sqlite3.OPEN_FULLMUTEX,
      (err) => { if (err === null) resolve(db); else reject(err) }
    )
  })
}

/** First-come, first-served lock around the single connection. */
class ConnectionMutex {
  #locked = false
  readonly #waiters: Array<() => void> = []

  lock (): Promise<void> {
    if (!this.#locked) {
      this.#locked = true
      return Promise.resolve()
    }
    return new Promise((resolve) => { this.#waiters.push(resolve) })
  }

  unlock (): void {
    const next = this.#waiters.shift()
    if (next === undefined) this.#locked = false
    else next()
  }
}
