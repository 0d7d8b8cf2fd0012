/**
 * The process: load config, open and migrate the database, start the demo PBX
 * when no real one is configured, listen, and shut down cleanly on SIGTERM.
 */
import { loadConfig } from './config.js'
import { createLogger } from './logger.js'
import { openDatabase, migrateToLatest } from './store/connect.js'
import { Store } from './store/store.js'
import { demoTokenHolders, seedDemo } from './demo/seed.js'
import { buildApp } from './app.js'
import { startDemoPbx, type DemoPbx } from './demo/demo-pbx.js'
import { RingcardError, isCoded } from './errors.js'

async function main (): Promise<void> {
  let config
  try {
    config = loadConfig()
  } catch (err) {
    // The logger depends on config; this is the one place that writes without it.
    process.stderr.write(`ringcard: ${isCoded(err) ? `${err.code} ` : ''}${(err as Error).message}\n`)
    process.exit(1)
  }
  const logger = createLogger(config.logLevel, undefined, config.logFormat)

  const database = await openDatabase(config.databaseUrl, logger)
  await migrateToLatest(database.db, logger)
  const store = new Store(database.db, { now: () => new Date() })
  if (config.seedDemo) {
    await seedDemo(store)
  } else if (config.amiUrl !== null) {
    // A real PBX must never be reachable with the README's public demo tokens.
    const holders = await demoTokenHolders(store)
    if (holders.length > 0) {
      const logins = holders.map(op => op.login).join(', ')
      const err = new RingcardError('RC_ERR_CONFIG_DEMO_OPERATORS',
        `operators ${logins} still have public demo tokens: run \`npm run operators -- token --login <login>\` for each, or use another RINGCARD_DATABASE_URL`)
      logger.fatal({ code: err.code }, err.message)
      await database.close()
      process.exit(1)
    }
  }

  let watching = (): boolean => false
  const demo: DemoPbx | null = config.amiUrl === null
    ? await startDemoPbx({ logger: logger.child({ module: 'demo-pbx' }), intervalMs: config.demoCallIntervalMs, watching: () => watching() })
    : null
  const amiUrl = config.amiUrl ?? demo!.amiUrl
  if (demo !== null) {
    logger.warn(
      `DEMO MODE — no PBX configured (RINGCARD_AMI_URL is empty). A built-in demo PBX replays recorded Asterisk calls to extension 1001 while an operator is signed in. ` +
      `Open http://${config.host}:${config.port}/ and sign in with token demo-1001. ` +
      'To use a real Asterisk, set RINGCARD_AMI_URL=ami://user:secret@pbx-host:5038 (see README).'
    )
  }

  const app = await buildApp(config, { db: database.db, logger, amiUrl })
  watching = () => app.ringcard.hub.connectedOperators > 0
  await app.listen({ host: config.host, port: config.port })
  app.ringcard.ami.start()
  demo?.start()
  logger.info({ url: `http://${config.host}:${config.port}/`, database: database.dialect }, 'ringcard is listening')

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

void main()
