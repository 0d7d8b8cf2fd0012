/**
 * The process: load config, open and migrate the database, start the demo PBX
 * when no real one is configured, listen, and shut down cleanly on SIGTERM.
 *
 * A start that cannot go on (bad config, database unreachable, migration
 * failed, port in use, …) ends with exit code 1 and exactly one fatal log line
 * carrying a code (`RC_ERR_…`) and the `step` that failed.
 */
import type { Logger } from 'pino'
import { loadConfig, startupLogSettings } from './config.js'
import { createLogger } from './logger.js'
import { openDatabase, migrateToLatest, redactUrl } from './store/connect.js'
import { UnitOfWork } from './store/unit-of-work.js'
import { crmRepos } from './crm/crm-repos.js'
import { demoTokenHolders, seedDemo } from './demo/seed.js'
import { DEMO_CROWD } from './demo/demo-customers.js'
import { buildApp } from './app.js'
import { startDemoPbx, type DemoPbx } from './demo/demo-pbx.js'
import { isCoded, type ErrorCode } from './errors.js'

/** The start-up steps a fatal line can name. */
type StartupStep = 'config' | 'database' | 'migrate' | 'seed' | 'demo-pbx' | 'build' | 'listen' | 'start'

/** A start that cannot go on: the step, the code of its fatal line, and the cause. */
class StartupError extends Error {
  override readonly name = 'StartupError'
  constructor (readonly step: StartupStep, readonly code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}

/** The messages of an error and its causes, outermost first ("migration failed: table … exists"). */
function messages (err: unknown): string {
  const parts: string[] = []
  for (let e: unknown = err; e !== undefined && e !== null && parts.length < 5; e = (e as { cause?: unknown }).cause) {
    parts.push(e instanceof Error ? e.message : String(e))
    if (!(e instanceof Error)) break
  }
  return parts.join(': ')
}

/** Runs one step of the start; whatever it throws becomes a {@link StartupError} naming the step. */
async function step<T> (name: StartupStep, code: ErrorCode, what: string, run: () => Promise<T> | T): Promise<T> {
  try {
    return await run()
  } catch (err) {
    if (err instanceof StartupError) throw err
    throw new StartupError(name, isCoded(err) ? err.code : code, `${what}: ${messages(err)}`, { cause: err })
  }
}

/** Set once the config is read; before that a failure is logged with {@link startupLogSettings}. */
let processLogger: Logger | undefined
/** What a failed start closes (newest first) before it exits. */
const opened: Array<() => Promise<unknown>> = []

/** Writes the one fatal line of a failed start, closes what was opened (briefly), and exits with 1. */
async function failStart (err: unknown): Promise<never> {
  const failure = err instanceof StartupError
    ? err
    : new StartupError('start', isCoded(err) ? err.code : 'RC_ERR_STARTUP_FAILED', `start failed: ${messages(err)}`, { cause: err })
  const logger = processLogger ?? (() => {
    const { level, format } = startupLogSettings()
    return createLogger(level, undefined, format)
  })()
  // A coded cause (a bad variable) says all in the message; anything else keeps its stack for the log reader.
  const cause = failure.cause === undefined || isCoded(failure.cause) ? {} : { err: failure.cause }
  logger.fatal({ code: failure.code, step: failure.step, ...cause }, failure.message)
  const closing = (async () => { for (const close of opened.reverse()) await close().catch(() => undefined) })()
  await Promise.race([closing, new Promise(resolve => setTimeout(resolve, 2000).unref())])
  process.exit(1)
}

async function main (): Promise<void> {
  const config = await step('config', 'RC_ERR_CONFIG_INVALID', 'invalid configuration', () => loadConfig())
  const logger = createLogger(config.logLevel, undefined, config.logFormat)
  processLogger = logger

  const database = await step('database', 'RC_ERR_STORE_UNAVAILABLE', `cannot open the database ${redactUrl(config.databaseUrl)}`,
    () => openDatabase(config.databaseUrl, logger))
  opened.push(() => database.close())
  await step('migrate', 'RC_ERR_STARTUP_FAILED', 'database migration failed', () => migrateToLatest(database.db, logger))
  const uow = new UnitOfWork(database.db, h => crmRepos(h, () => new Date()))
  if (config.seedDemo) {
    await step('seed', 'RC_ERR_STARTUP_FAILED', 'seeding the demo data failed', () => seedDemo(uow, { tiers: config.tiers, locale: config.locale, crowd: DEMO_CROWD }))
  } else if (config.amiUrl !== null) {
    // A real PBX must never be reachable with the README's public demo tokens.
    const holders = await demoTokenHolders(uow.repos.operators)
    if (holders.length > 0) {
      const logins = holders.map(op => op.login).join(', ')
      throw new StartupError('config', 'RC_ERR_CONFIG_DEMO_OPERATORS',
        `operators ${logins} still have public demo tokens: run \`npm run operators -- token --login <login>\` for each, or use another RINGCARD_DATABASE_URL`)
    }
  }

  let watching = (): boolean => false
  const demo: DemoPbx | null = config.amiUrl === null
    ? await step('demo-pbx', 'RC_ERR_STARTUP_FAILED', 'the demo PBX did not start',
        () => startDemoPbx({ logger: logger.child({ module: 'demo-pbx' }), intervalMs: config.demoCallIntervalMs, watching: () => watching() }))
    : null
  if (demo !== null) opened.push(() => demo.stop())
  const amiUrl = config.amiUrl ?? demo!.amiUrl
  if (demo !== null) {
    logger.warn(
      `DEMO MODE — no PBX configured (RINGCARD_AMI_URL is empty). A built-in demo PBX replays recorded Asterisk calls to extension 1001 while an operator is signed in. `
      + `Open http://${config.host}:${config.port}/ and sign in with token demo-1001. `
      + 'To use a real Asterisk, set RINGCARD_AMI_URL=ami://user:secret@pbx-host:5038 (see README).'
    )
  }

  const app = await step('build', 'RC_ERR_STARTUP_FAILED', 'building the agent failed', () => buildApp(config, { db: database.db, logger, amiUrl }))
  opened.push(() => app.close())
  watching = () => app.ringcard.hub.connectedOperators > 0
  await step('listen', 'RC_ERR_STARTUP_FAILED', `cannot listen on ${config.host}:${config.port}`,
    () => app.listen({ host: config.host, port: config.port }))
  opened.length = 0
  app.ringcard.pbx.start()
  demo?.start()
  logger.info({ url: `http://${config.host}:${config.port}/`, database: database.dialect }, 'ringcard is listening')
  // Customers stored before the search index existed get their terms, once, in the background.
  uow.repos.search.backfill()
    .then((indexed) => { if (indexed > 0) logger.info({ customers: indexed }, 'search index filled') })
    .catch((err: unknown) => { logger.error({ err }, 'filling the search index failed; search misses older customers until the next start') })

  let stopping = false
  const shutdown = (signal: string): void => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    void (async () => {
      await app.close()
      await demo?.stop()
      await database.close()
      process.exit(0)
    })()
  }
  process.on('SIGTERM', () => { shutdown('SIGTERM') })
  process.on('SIGINT', () => { shutdown('SIGINT') })
}

main().catch(failStart)
