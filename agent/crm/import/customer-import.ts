/**
 * The customer import: a CSV file (or text) in, customers written in
 * batches, bad rows reported with their line and reason. One core for
 * `npm run import`, `POST /api/imports` and the demo's seed.
 *
 * - Columns are mapped by header name (`./import-columns.ts`); the field
 *   delimiter (`,`, `;` or tab) is read off the header line, so Excel's
 *   `;`-separated files import too; a UTF-8 byte order mark is skipped.
 * - Each row is read on its own (`./import-row.ts`): a bad one goes into the
 *   report and the import goes on.
 * - Every {@link DEFAULT_BATCH_ROWS} rows commit together in one transaction,
 *   in a few multi-row statements (`./customer-import-repo.ts`). Rows of
 *   one batch that name the same customer are merged first (a later row
 *   fills in and overrides an earlier one).
 * - Running the same file again adds nobody: each row finds the customer it
 *   wrote the first time (by external id, or name with primary number,
 *   e-mail address or company) and updates it where it differs.
 * - A dry run reads, matches and writes every batch, then rolls it back.
 */
import { createReadStream } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { parse } from 'csv-parse'
import type { CountryCode } from 'libphonenumber-js'
import type { UnitOfWork } from '../../store/unit-of-work.js'
import { RingcardError } from '../../errors.js'
import type { CrmRepos } from '../crm-repos.js'
import { emailKey } from '../customers/customer-parts-repo.js'
import { foldSearchText } from '../customers/search-text.js'
import { parseColumnMap, planColumns, type ColumnPlan } from './import-columns.js'
import { readRow, type ImportRecord, type RowContext } from './import-row.js'
import { groupKey } from './customer-import-repo.js'

/**
 * Rows per transaction. Bigger batches write each index page they touch
 * once for more rows (at a million customers, 5000 imports about twice as
 * fast as 1000 on SQLite); one batch still holds little memory.
 */
export const DEFAULT_BATCH_ROWS = 5000

/** What an imported tier's reason says on the card ("set by hand: imported"). */
export const IMPORTED_TIER_REASON = 'imported'

/** The CSV: a file, or its text. */
export type ImportSource = { readonly path: string } | { readonly text: string }

/** How far an import got. Counts are of data rows (the header is not one). */
export interface ImportProgress {
  readonly rowsDone: number
  /** Estimated from the file's lines until the import finishes, then exact. */
  readonly rowsTotal: number
  readonly inserted: number
  readonly updated: number
  /** Rows that found their customer as it already was. */
  readonly unchanged: number
  /** Bad rows, each in the report. */
  readonly errors: number
  readonly elapsedMs: number
}

/** A row the import could not take. */
export interface BadRow {
  /** The line of the file the row starts on (the header is line 1). */
  readonly line: number
  readonly reason: string
  /** The row's cells as read, to fix and import again. */
  readonly cells: readonly string[]
}

/** The end of an import. */
export interface ImportSummary extends ImportProgress {
  readonly headers: readonly string[]
  /** Headers that named no field and were left out. */
  readonly ignoredColumns: readonly string[]
  readonly dryRun: boolean
  readonly rowsPerSecond: number
}

export interface ImporterDeps {
  /** Each batch is one `run`; the demo seed passes one that runs them all in its own transaction. */
  readonly uow: Pick<UnitOfWork<CrmRepos>, 'run' | 'repos'>
  readonly defaultCountry: CountryCode
  /** The configured tiers' names (an imported tier must be one of them). */
  readonly tierNames: readonly string[]
  readonly now?: () => Date
}

export interface ImportOptions {
  /** Goes into every imported customer's audit row. */
  readonly importId: string
  /** Who imports (null: the system, as from the command line). */
  readonly actorId: number | null
  /** `header=field,…` overrides (see `parseColumnMap`). */
  readonly map?: string
  readonly dryRun?: boolean
  readonly batchSize?: number
  /** After the header and after each batch. */
  readonly onProgress?: (progress: ImportProgress) => void
  /** Each bad row, as found. */
  readonly onBadRow?: (row: BadRow) => void
}

/** Persian defaults for the default tier names, so a Persian file can say طلایی. */
const PERSIAN_TIERS: Readonly<Record<string, string>> = { طلایی: 'gold', نقرهای: 'silver', برنزی: 'bronze' }

class DryRunRollback extends Error {
  constructor (readonly counts: { inserted: number; updated: number; unchanged: number }) {
    super('dry run')
  }
}

/** Imports customers from CSV (see the module comment). */
export class CustomerImporter {
  readonly #deps: ImporterDeps
  readonly #now: () => Date

  constructor (deps: ImporterDeps) {
    this.#deps = deps
    this.#now = deps.now ?? (() => new Date())
  }

  /**
   * Reads and maps the header only, so a caller can refuse a file before
   * starting (and say which columns will be ignored).
   * @throws RingcardError RC_ERR_IMPORT_INVALID
   */
  async plan (source: ImportSource, map?: string): Promise<ColumnPlan> {
    const head = await headOf(source)
    const header = await firstRecord(head, delimiterOf(head))
    if (header === null) throw new RingcardError('RC_ERR_IMPORT_INVALID', 'the file has no header row')
    return planColumns(header, parseColumnMap(map ?? ''))
  }

  /**
   * Imports the file. Resolves with the totals once every batch committed;
   * rejects when the file as a whole cannot be imported (no header, no
   * name column, broken CSV quoting: batches before it stay committed)
   * or the database fails.
   * @throws RingcardError RC_ERR_IMPORT_INVALID
   */
  async run (source: ImportSource, opts: ImportOptions): Promise<ImportSummary> {
    const started = performance.now()
    const overrides = parseColumnMap(opts.map ?? '')
    const head = await headOf(source)
    const delimiter = delimiterOf(head)
    let rowsTotal = Math.max(0, (await countLines(source)) - 1)
    const batchSize = opts.batchSize ?? DEFAULT_BATCH_ROWS
    const directory = await this.#deps.uow.repos.customerImport.directory()
    const context = await this.#rowContext()
    const totals = { rowsDone: 0, inserted: 0, updated: 0, unchanged: 0, errors: 0 }
    const progress = (): ImportProgress => ({ ...totals, rowsTotal: Math.max(rowsTotal, totals.rowsDone), elapsedMs: performance.now() - started })

    let plan: ColumnPlan | null = null
    let batch: ImportRecord[] = []
    // One batch is written while the next one is read: parsing and checking rows overlaps the database's work.
    let writing: Promise<void> = Promise.resolve()
    const flush = async (): Promise<void> => {
      await writing
      if (batch.length === 0) return
      const records = merged(batch)
      batch = []
      writing = this.#writeBatch(records, directory, { importId: opts.importId, actorId: opts.actorId, dryRun: opts.dryRun === true })
        .then((counts) => {
          totals.inserted += counts.inserted
          totals.updated += counts.updated
          totals.unchanged += counts.unchanged
          opts.onProgress?.(progress())
        })
      // Reported at the next flush; never an unhandled rejection meanwhile.
      writing.catch(() => undefined)
    }

    const parser = parse({ delimiter, bom: true, relax_column_count: true, relax_quotes: true, raw: true })
    const input = 'path' in source ? createReadStream(source.path) : Readable.from([source.text])
    input.on('error', (err: Error) => { parser.destroy(err) })
    input.pipe(parser)
    let line = 1
    try {
      for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
        const start = line
        // csv-parse's raw text of a record ends with "\n" (LF files) or without it ("\r", CRLF files; the last record).
        line += (raw.match(/\n/g)?.length ?? 0) + (raw.endsWith('\n') ? 0 : 1)
        if (plan === null) {
          plan = planColumns(record, overrides)
          opts.onProgress?.(progress())
          continue
        }
        if (record.every(c => c.trim() === '')) {
          rowsTotal--
          continue
        }
        totals.rowsDone++
        const reading = readRow(record, start, plan, context)
        if (reading.ok) {
          batch.push(reading.record)
        } else {
          totals.errors++
          opts.onBadRow?.({ line: start, reason: reading.reason, cells: record })
        }
        if (batch.length >= batchSize) await flush()
      }
    } catch (err) {
      // The batch being written when the file broke still commits (or fails) before the import reports.
      await writing.catch(() => undefined)
      if (err instanceof RingcardError) throw err
      if ((err as { code?: unknown }).code !== undefined && String((err as { code: unknown }).code).startsWith('CSV_')) {
        throw new RingcardError('RC_ERR_IMPORT_INVALID', `the CSV is broken near line ${line}: ${(err as Error).message}`, { cause: err })
      }
      throw err
    }
    if (plan === null) throw new RingcardError('RC_ERR_IMPORT_INVALID', 'the file has no header row')
    await flush()
    await writing
    rowsTotal = totals.rowsDone
    const elapsedMs = performance.now() - started
    const summary: ImportSummary = {
      ...totals,
      rowsTotal,
      elapsedMs,
      headers: plan.headers,
      ignoredColumns: plan.ignored,
      dryRun: opts.dryRun === true,
      rowsPerSecond: elapsedMs > 0 ? totals.rowsDone / (elapsedMs / 1000) : 0
    }
    opts.onProgress?.(summary)
    return summary
  }

  /** One batch in one transaction (rolled back in a dry run); groups and campaigns it creates join the directory once committed. */
  async #writeBatch (
    records: readonly ImportRecord[],
    directory: { readonly groups: Map<string, number>; readonly campaigns: Map<string, number> },
    opts: { importId: string; actorId: number | null; dryRun: boolean }
  ): Promise<{ inserted: number; updated: number; unchanged: number }> {
    const created = { groups: new Map<string, number>(), campaigns: new Map<string, number>() }
    try {
      const counts = await this.#deps.uow.run(async (repos) => {
        const repo = repos.customerImport
        const groups = await repo.groupIds([...new Set(records.flatMap(r => r.groups))], directory.groups, opts.actorId)
        const campaigns = await repo.campaignIds([...new Set(records.map(r => r.campaign).filter((c): c is string => c !== null))], directory.campaigns)
        const counts = await repo.write(records, { groups, campaigns }, { importId: opts.importId, actorId: opts.actorId, tierReason: IMPORTED_TIER_REASON })
        if (opts.dryRun) throw new DryRunRollback(counts)
        for (const [k, v] of groups) created.groups.set(k, v)
        for (const [k, v] of campaigns) created.campaigns.set(k, v)
        return counts
      })
      // Known only once committed: a rolled-back batch's new groups do not exist.
      for (const [k, v] of created.groups) directory.groups.set(k, v)
      for (const [k, v] of created.campaigns) directory.campaigns.set(k, v)
      return counts
    } catch (err) {
      if (err instanceof DryRunRollback) return err.counts
      throw err
    }
  }

  async #rowContext (): Promise<RowContext> {
    const owners = await this.#deps.uow.repos.customerImport.owners()
    const tiers = new Map(this.#deps.tierNames.map(n => [foldSearchText(n), n]))
    for (const [fa, en] of Object.entries(PERSIAN_TIERS)) {
      const tier = tiers.get(en)
      if (tier !== undefined && !tiers.has(foldSearchText(fa))) tiers.set(foldSearchText(fa), tier)
    }
    return {
      defaultCountry: this.#deps.defaultCountry,
      ownerIdOf: login => owners.get(login.toLowerCase()) ?? null,
      tierNamed: name => tiers.get(foldSearchText(name)) ?? null,
      tierNames: this.#deps.tierNames,
      today: this.#now().toISOString().slice(0, 10)
    }
  }
}

/**
 * The key a record names its customer by within one batch: the external id,
 * else the name with the primary number, e-mail address or company (the
 * same keys the store matches on).
 */
function identity (r: ImportRecord): string {
  if (r.externalId !== null) return `x:${r.externalId}`
  const name = foldSearchText(r.displayName)
  const e164 = r.phones[0]?.e164 ?? null
  if (e164 !== null) return `p:${e164}|${name}`
  if (r.emails[0] !== undefined) return `e:${emailKey(r.emails[0])}|${name}`
  return `n:${r.displayName}|${r.company ?? ''}`
}

/** Rows of one batch that name the same customer become one record: later rows fill in and override, numbers, addresses and groups add up. */
function merged (records: readonly ImportRecord[]): ImportRecord[] {
  const byKey = new Map<string, ImportRecord>()
  for (const r of records) {
    const key = identity(r)
    const earlier = byKey.get(key)
    if (earlier === undefined) {
      byKey.set(key, r)
      continue
    }
    const pick = <K extends keyof ImportRecord>(k: K): ImportRecord[K] => (r[k] ?? earlier[k])
    byKey.set(key, {
      line: earlier.line,
      externalId: pick('externalId'),
      displayName: r.displayName,
      honorific: pick('honorific'),
      givenName: pick('givenName'),
      familyName: pick('familyName'),
      company: pick('company'),
      phones: [...earlier.phones, ...r.phones.filter(p => p.e164 === null || !earlier.phones.some(q => q.e164 === p.e164)).map(p => ({ ...p, primary: false }))],
      emails: [...earlier.emails, ...r.emails.filter(e => !earlier.emails.some(f => emailKey(f) === emailKey(e)))],
      groups: [...earlier.groups, ...r.groups.filter(g => !earlier.groups.some(h => groupKey(h) === groupKey(g)))],
      ownerId: pick('ownerId'),
      stage: pick('stage'),
      tier: pick('tier'),
      campaign: pick('campaign'),
      birthday: pick('birthday'),
      language: pick('language'),
      address: pick('address'),
      city: pick('city'),
      notes: pick('notes')
    })
  }
  return [...byKey.values()]
}

/** The first 64 KiB of the source, as text. */
async function headOf (source: ImportSource): Promise<string> {
  if ('text' in source) return source.text.slice(0, 65_536)
  const file = await open(source.path, 'r')
  try {
    const buffer = Buffer.alloc(65_536)
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0)
    return buffer.subarray(0, bytesRead).toString('utf8')
  } finally {
    await file.close()
  }
}

/** `,`, `;` or tab: whichever the header line has most of outside quotes (`,` when none). */
function delimiterOf (head: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]])
  let quoted = false
  for (const ch of head) {
    if (ch === '"') quoted = !quoted
    else if (!quoted && (ch === '\n' || ch === '\r')) break
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1)
  }
  return [...counts].reduce((best, c) => c[1] > best[1] ? c : best)[0]
}

/** The first record of a text (the header), or null when there is none. */
async function firstRecord (head: string, delimiter: string): Promise<string[] | null> {
  const parser = parse({ delimiter, bom: true, relax_column_count: true, relax_quotes: true, to: 1 })
  Readable.from([head]).pipe(parser)
  for await (const record of parser as AsyncIterable<string[]>) return record
  return null
}

/** Lines in the source (for the progress estimate): line breaks, plus one when the last line has none. */
async function countLines (source: ImportSource): Promise<number> {
  const count = (chunk: Buffer | string, from = 0): number => {
    let n = 0
    for (let i = chunk.indexOf('\n', from); i !== -1; i = chunk.indexOf('\n', i + 1)) n++
    return n
  }
  if ('text' in source) return count(source.text) + (source.text.endsWith('\n') || source.text === '' ? 0 : 1)
  if ((await stat(source.path)).size === 0) return 0
  let lines = 0
  let last = 0
  for await (const chunk of createReadStream(source.path) as AsyncIterable<Buffer>) {
    lines += count(chunk)
    last = chunk[chunk.length - 1] ?? last
  }
  return lines + (last === 0x0A ? 0 : 1)
}
