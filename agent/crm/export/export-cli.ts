/**
 * `npm run export -- customers.csv [--interactions contacts.csv]`: writes
 * every customer (with numbers, e-mails, groups, tier, stage, campaign and
 * owner) of the database of RINGCARD_DATABASE_URL, and with
 * `--interactions` every contact, as CSV files Excel opens as they are
 * (`./customer-export.ts`). `npm run import` reads the customers file back.
 */
import { createWriteStream } from 'node:fs'
import { finished } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { loadConfig } from '../../config.js'
import { createLogger } from '../../logger.js'
import { migrateToLatest, openDatabase } from '../../store/connect.js'
import { CUSTOMER_COLUMNS, CustomerExport, INTERACTION_COLUMNS, excelCsv, type ExportContents } from './customer-export.js'

const USAGE = 'usage: npm run export -- <customers.csv> [--interactions <contacts.csv>]\n'

const out = (line: string): void => { process.stdout.write(line + '\n') }

async function run (argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { interactions: { type: 'string' } } })
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}`)
    return 2
  }
  if (parsed.positionals.length !== 1) {
    process.stderr.write(USAGE)
    return 2
  }
  const config = loadConfig()
  const logger = createLogger('warn', undefined, 'pretty')
  const database = await openDatabase(config.databaseUrl, logger)
  try {
    await migrateToLatest(database.db, logger)
    const exporter = new CustomerExport(database.db)
    const files: Array<[ExportContents, string]> = [['customers', parsed.positionals[0]!]]
    if (parsed.values.interactions !== undefined) files.push(['interactions', parsed.values.interactions])
    for (const [contents, path] of files) {
      const started = performance.now()
      const csv = excelCsv(contents === 'customers' ? CUSTOMER_COLUMNS : INTERACTION_COLUMNS)
      const file = createWriteStream(path)
      csv.pipe(file)
      const { rows } = await exporter.write(null, contents, {}, csv)
      await finished(file)
      out(`${rows} ${contents} written to ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    }
    return 0
  } finally {
    await database.close()
  }
}

process.exitCode = await run(process.argv.slice(2))
