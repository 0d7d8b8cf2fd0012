/**
 * `npm run import -- customers.csv [--map "header=field,…"] [--dry-run] [--report report.csv]`:
 * imports customers into the database of RINGCARD_DATABASE_URL (the
 * agent's), as the API's import does (`./customer-import.ts`). On a
 * terminal it shows a progress bar with the rate and the time left;
 * otherwise a line every few seconds. Bad rows go into the report (line,
 * reason, and the row as it was, ready to fix and import again); without
 * `--report` the first of them are printed.
 *
 * Exit code 0 when the file was imported (bad rows included), 1 when it
 * could not be (no name column, broken quoting, database down), 2 on a
 * usage error.
 */
import { createWriteStream } from 'node:fs'
import { finished } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { randomBytes } from 'node:crypto'
import cliProgress from 'cli-progress'
import { sql } from 'kysely'
import type { Stringifier } from 'csv-stringify'
import { loadConfig } from '../../config.js'
import { createLogger } from '../../logger.js'
import { isCoded } from '../../errors.js'
import { migrateToLatest, openDatabase } from '../../store/connect.js'
import { UnitOfWork } from '../../store/unit-of-work.js'
import { crmRepos } from '../crm-repos.js'
import { excelCell, excelCsv } from '../export/customer-export.js'
import { IMPORT_FIELDS } from './import-columns.js'
import { CustomerImporter, type BadRow, type ImportProgress } from './customer-import.js'
import { reportColumns } from './imports.js'

const USAGE = `usage: npm run import -- <customers.csv> [--map "header=field,…"] [--dry-run] [--report <report.csv>]
  Columns are found by their header (name, first name, last name, company, phone, mobile, e-mail,
  groups, owner, stage, tier, campaign, birthday, language, address, city, notes, external id …,
  in English, German or Persian). --map names the field of other headers ("Handy=mobile,Fax=ignore").
  Fields: ${IMPORT_FIELDS.join(', ')}
`
/** Bad rows printed when there is no --report. */
const SHOWN_BAD_ROWS = 20
/** How often a plain (non-terminal) progress line is written. */
const PLAIN_EVERY_MS = 5000

const out = (line: string): void => { process.stdout.write(line + '\n') }
const err = (line: string): void => { process.stderr.write(line + '\n') }

async function run (argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { map: { type: 'string' }, 'dry-run': { type: 'boolean' }, report: { type: 'string' }, help: { type: 'boolean' } }
    })
  } catch (e) {
    err(`${(e as Error).message}\n${USAGE}`)
    return 2
  }
  const { positionals, values } = parsed
  if (values.help === true) {
    out(USAGE)
    return 0
  }
  if (positionals.length !== 1) {
    err(USAGE)
    return 2
  }
  const path = positionals[0]!
  const config = loadConfig()
  const logger = createLogger('warn', undefined, 'pretty')
  const database = await openDatabase(config.databaseUrl, logger)
  let report: Stringifier | null = null
  const bad: BadRow[] = []
  const bar = process.stdout.isTTY
    ? new cliProgress.SingleBar({
        format: '{bar} {percentage}% | {value}/{total} rows | {rate} rows/s | ETA {eta_formatted} | {errors} bad',
        etaBuffer: 50,
        hideCursor: true
      }, cliProgress.Presets.shades_classic)
    : null
  let lastLine = 0
  let barShown = false
  const started = performance.now()
  const onProgress = (p: ImportProgress): void => {
    const rate = Math.round(p.rowsDone / Math.max(0.001, (performance.now() - started) / 1000))
    if (bar !== null) {
      if (!barShown) bar.start(p.rowsTotal, 0, { rate: 0, errors: 0 })
      barShown = true
      bar.setTotal(p.rowsTotal)
      bar.update(p.rowsDone, { rate, errors: p.errors })
    } else if (performance.now() - lastLine >= PLAIN_EVERY_MS) {
      lastLine = performance.now()
      out(`${p.rowsDone}/${p.rowsTotal} rows, ${rate} rows/s, ${p.errors} bad`)
    }
  }
  try {
    await migrateToLatest(database.db, logger)
    // SQLite's default page cache (2 MB) is far smaller than the indexes an import adds to; this process does nothing else.
    if (database.dialect === 'sqlite') await sql`pragma cache_size = -262144`.execute(database.db)
    const uow = new UnitOfWork(database.db, h => crmRepos(h, () => new Date()))
    const importer = new CustomerImporter({ uow, defaultCountry: config.defaultCountry, tierNames: config.tiers.rules.map(r => r.name) })
    const headers = (await importer.plan({ path }, values.map)).headers
    let reportStream: ReturnType<typeof createWriteStream> | null = null
    if (values.report !== undefined) {
      report = excelCsv(reportColumns(headers))
      reportStream = createWriteStream(values.report)
      report.pipe(reportStream)
    }
    const summary = await importer.run({ path }, {
      importId: `cli_${randomBytes(6).toString('base64url')}`,
      actorId: null,
      map: values.map,
      dryRun: values['dry-run'] === true,
      onProgress,
      onBadRow: (row) => {
        if (report !== null) report.write([row.line, row.reason, ...row.cells].map(excelCell))
        else if (bad.length < SHOWN_BAD_ROWS) bad.push(row)
      }
    })
    bar?.stop()
    if (report !== null && reportStream !== null) {
      report.end()
      await finished(reportStream)
    }
    const seconds = summary.elapsedMs / 1000
    out(`${summary.dryRun ? 'dry run: would have ' : ''}imported ${summary.rowsDone} rows in ${seconds.toFixed(1)} s (${Math.round(summary.rowsPerSecond)} rows/s): `
      + `${summary.inserted} new, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.errors} bad`)
    if (summary.ignoredColumns.length > 0) out(`ignored columns: ${summary.ignoredColumns.join(', ')} (name their field with --map)`)
    if (summary.errors > 0) {
      if (report !== null) out(`bad rows are in ${values.report!} (line, reason, the row)`)
      else {
        for (const row of bad) err(`line ${row.line}: ${row.reason}`)
        if (summary.errors > bad.length) err(`… ${summary.errors - bad.length} more; write them all with --report <file.csv>`)
      }
    }
    return 0
  } catch (e) {
    bar?.stop()
    if (isCoded(e)) {
      err(`import failed: ${e.message} (${e.code})`)
      return 1
    }
    throw e
  } finally {
    await database.close()
  }
}

process.exitCode = await run(process.argv.slice(2))
