/**
 * Imports started over the API (the widget's admin view): the upload is
 * spooled to a temporary file, its header checked at once, and the import
 * runs in the background while the admin polls its progress. Admins only;
 * one import at a time (two at once could both add the same new customer).
 *
 * Progress lives in this process: an agent restart forgets it (the batches
 * committed so far stay, and a re-run of the file adds nobody). The last
 * {@link KEEP_FINISHED} finished imports can still be read.
 */
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Logger } from 'pino'
import type { Operator } from '../../model/operator.js'
import { RingcardError, isCoded } from '../../errors.js'
import { requireAdmin } from '../customers/customer-access.js'
import type { BadRow, CustomerImporter, ImportProgress } from './customer-import.js'

/** Finished imports whose progress and report can still be read. */
export const KEEP_FINISHED = 20
/** Bad rows kept per import for its report (more are counted, not kept). */
export const MAX_REPORT_ROWS = 100_000
/** Bad rows shown in a progress answer (the whole report is `report.csv`). */
export const REPORT_PREVIEW_ROWS = 1000

/** An import as its progress answer shows it. */
export interface ImportStatus {
  readonly id: string
  readonly state: 'running' | 'finished' | 'failed'
  readonly dryRun: boolean
  readonly startedAt: string
  readonly finishedAt: string | null
  readonly rowsDone: number
  readonly rowsTotal: number
  readonly inserted: number
  readonly updated: number
  readonly unchanged: number
  readonly errors: number
  readonly rowsPerSecond: number
  readonly ignoredColumns: readonly string[]
  /** Why a failed import stopped (rows of the batches before stay imported). */
  readonly failure: { readonly code: string; readonly message: string } | null
  /** The first {@link REPORT_PREVIEW_ROWS} bad rows: line and reason. */
  readonly report: ReadonlyArray<{ readonly line: number; readonly reason: string }>
  readonly reportTruncated: boolean
}

export interface ImportsDeps {
  readonly importer: CustomerImporter
  /** Largest upload in bytes (RINGCARD_IMPORT_MAX_BYTES). */
  readonly maxBytes: number
  readonly now: () => number
  readonly logger: Pick<Logger, 'info' | 'error'>
}

interface Job {
  readonly id: string
  readonly dryRun: boolean
  readonly startedAt: number
  readonly dir: string
  readonly headers: readonly string[]
  readonly ignoredColumns: readonly string[]
  progress: ImportProgress
  finishedAt: number | null
  failure: { code: string; message: string } | null
  readonly bad: BadRow[]
  badDropped: boolean
  done: Promise<void>
}

/** Runs and reports the API's imports; see the module comment. */
export class Imports {
  readonly #deps: ImportsDeps
  readonly #jobs = new Map<string, Job>()
  #running: Job | null = null

  constructor (deps: ImportsDeps) {
    this.#deps = deps
  }

  /**
   * Takes the CSV (spooled to a temporary file, at most `maxBytes`),
   * checks its header and starts importing it in the background.
   * @throws RingcardError RC_ERR_AUTH_FORBIDDEN (not an admin), RC_ERR_IMPORT_RUNNING,
   *   RC_ERR_IMPORT_TOO_LARGE, RC_ERR_IMPORT_INVALID (no header, no name column, a bad `map`)
   */
  async start (actor: Operator, upload: Readable, opts: { readonly map?: string; readonly dryRun?: boolean } = {}): Promise<{ readonly importId: string }> {
    requireAdmin(actor)
    if (this.#running !== null) throw new RingcardError('RC_ERR_IMPORT_RUNNING')
    const dir = await mkdtemp(join(tmpdir(), 'ringcard-import-'))
    const path = join(dir, 'upload.csv')
    let plan
    try {
      await pipeline(upload, limit(this.#deps.maxBytes), createWriteStream(path))
      plan = await this.#deps.importer.plan({ path }, opts.map)
      // Checked again: another upload may have finished spooling meanwhile.
      if (this.#running !== null) throw new RingcardError('RC_ERR_IMPORT_RUNNING')
    } catch (err) {
      await rm(dir, { recursive: true, force: true })
      throw err
    }
    const id = `imp_${randomBytes(9).toString('base64url')}`
    const job: Job = {
      id,
      dryRun: opts.dryRun === true,
      startedAt: this.#deps.now(),
      dir,
      headers: plan.headers,
      ignoredColumns: plan.ignored,
      progress: { rowsDone: 0, rowsTotal: 0, inserted: 0, updated: 0, unchanged: 0, errors: 0, elapsedMs: 0 },
      finishedAt: null,
      failure: null,
      bad: [],
      badDropped: false,
      done: Promise.resolve()
    }
    this.#jobs.set(id, job)
    this.#running = job
    this.#deps.logger.info({ importId: id, operatorId: actor.id, dryRun: job.dryRun }, 'import started')
    job.done = this.#run(job, path, actor.id, opts.map)
    this.#forgetOld()
    return { importId: id }
  }

  /**
   * The progress of an import, with the first bad rows.
   * @throws RingcardError RC_ERR_AUTH_FORBIDDEN, RC_ERR_IMPORT_NOT_FOUND
   */
  status (actor: Operator, importId: string): ImportStatus {
    const job = this.#job(actor, importId)
    const p = job.progress
    const seconds = ((job.finishedAt ?? this.#deps.now()) - job.startedAt) / 1000
    return {
      id: job.id,
      state: job.finishedAt === null ? 'running' : job.failure === null ? 'finished' : 'failed',
      dryRun: job.dryRun,
      startedAt: new Date(job.startedAt).toISOString(),
      finishedAt: job.finishedAt === null ? null : new Date(job.finishedAt).toISOString(),
      rowsDone: p.rowsDone,
      rowsTotal: p.rowsTotal,
      inserted: p.inserted,
      updated: p.updated,
      unchanged: p.unchanged,
      errors: p.errors,
      rowsPerSecond: seconds > 0 ? Math.round(p.rowsDone / seconds) : 0,
      ignoredColumns: job.ignoredColumns,
      failure: job.failure,
      report: job.bad.slice(0, REPORT_PREVIEW_ROWS).map(b => ({ line: b.line, reason: b.reason })),
      reportTruncated: job.bad.length > REPORT_PREVIEW_ROWS || job.badDropped
    }
  }

  /**
   * The bad rows so far as CSV rows: line, reason, then the row's own cells
   * under the file's own headers (fix them and import the report again).
   * @throws RingcardError RC_ERR_AUTH_FORBIDDEN, RC_ERR_IMPORT_NOT_FOUND
   */
  report (actor: Operator, importId: string): { readonly columns: readonly string[]; readonly rows: ReadonlyArray<readonly string[]> } {
    const job = this.#job(actor, importId)
    return { columns: reportColumns(job.headers), rows: job.bad.map(b => [String(b.line), b.reason, ...b.cells]) }
  }

  /** Resolves once the import is no longer running (whatever its outcome). */
  async settled (importId: string): Promise<void> {
    await this.#jobs.get(importId)?.done
  }

  /** Waits for a running import and removes every temporary file. */
  async close (): Promise<void> {
    await this.#running?.done
    for (const job of this.#jobs.values()) await rm(job.dir, { recursive: true, force: true })
  }

  async #run (job: Job, path: string, actorId: number, map: string | undefined): Promise<void> {
    try {
      const summary = await this.#deps.importer.run({ path }, {
        importId: job.id,
        actorId,
        map,
        dryRun: job.dryRun,
        onProgress: (p) => { job.progress = p },
        onBadRow: (row) => {
          if (job.bad.length < MAX_REPORT_ROWS) job.bad.push(row)
          else job.badDropped = true
        }
      })
      job.progress = summary
      this.#deps.logger.info({
        importId: job.id, rows: summary.rowsDone, inserted: summary.inserted, updated: summary.updated,
        unchanged: summary.unchanged, errors: summary.errors, rowsPerSecond: Math.round(summary.rowsPerSecond)
      }, 'import finished')
    } catch (err) {
      job.failure = isCoded(err)
        ? { code: err.code, message: err.message }
        : { code: 'RC_ERR_INTERNAL', message: 'The import stopped on an internal error; the details are in the agent log' }
      this.#deps.logger.error({ err, importId: job.id, code: job.failure.code }, 'import failed')
    } finally {
      job.finishedAt = this.#deps.now()
      if (this.#running === job) this.#running = null
      await rm(job.dir, { recursive: true, force: true })
    }
  }

  #job (actor: Operator, importId: string): Job {
    requireAdmin(actor)
    const job = this.#jobs.get(importId)
    if (job === undefined) throw new RingcardError('RC_ERR_IMPORT_NOT_FOUND')
    return job
  }

  #forgetOld (): void {
    const finished = [...this.#jobs.values()].filter(j => j.finishedAt !== null).sort((a, b) => a.startedAt - b.startedAt)
    for (const job of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.#jobs.delete(job.id)
  }
}

/** The report's header: where and why, then the file's own headers. */
export function reportColumns (headers: readonly string[]): string[] {
  return ['line', 'reason', ...headers]
}

/** Passes bytes through until more than `max` went by, then fails with RC_ERR_IMPORT_TOO_LARGE. */
function limit (max: number): Transform {
  let seen = 0
  return new Transform({
    transform (chunk: Buffer, _encoding, callback) {
      seen += chunk.length
      if (seen > max) callback(new RingcardError('RC_ERR_IMPORT_TOO_LARGE'))
      else callback(null, chunk)
    }
  })
}
