/**
 * Builds the agent: every stage constructed and every route registered, but
 * nothing started — no listening socket, no PBX connection. `main.ts` starts
 * it; tests call `buildApp` and listen on port 0.
 */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import fastifyCors from '@fastify/cors'
import fastifyStatic from '@fastify/static'
import fastifyWebsocket from '@fastify/websocket'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Config } from './config.js'
import type { Database } from '../schema/database.js'
import { AmiAdapter } from './telephony/ami/ami-adapter.js'
import { CallTracker } from './telephony/calls/call-tracker.js'
import { PbxLink } from './telephony/pbx-link.js'
import { DEFAULT_PBX_ID } from './model/pbx.js'
import { CallRecorder } from './screen-pop/call-log.js'
import { CardBuilder } from './screen-pop/card-builder.js'
import { CallMatches } from './screen-pop/call-matches.js'
import { CustomerMatcher } from './crm/customers/customer-matcher.js'
import { CallerLookup } from './crm/customers/caller-lookup.js'
import { CallerSummaryRepo } from './crm/customers/caller-summary-repo.js'
import { Hub } from './delivery/ws/hub.js'
import { authenticateRoutes } from './delivery/http/auth.js'
import { registerCallRoutes } from './delivery/http/call-routes.js'
import { registerCustomerRoutes } from './delivery/http/customer-routes.js'
import { registerLookupRoutes } from './delivery/http/lookup-routes.js'
import { registerTimelineRoutes } from './delivery/http/timeline-routes.js'
import { registerErrorReplies } from './delivery/http/error-replies.js'
import { registerOpenApi } from './delivery/http/openapi.js'
import { Routes } from './contracts/rest.js'
import { InMemoryLiveCalls, type LiveCalls } from './live/live-calls.js'
import { WrapUp } from './screen-pop/wrap-up.js'
import { CustomerDesk } from './screen-pop/customer-desk.js'
import { OperatorDirectory } from './crm/operators/operator-directory.js'
import { wirePipeline, type Pipeline } from './screen-pop/pipeline.js'
import { UnitOfWork } from './store/unit-of-work.js'
import { crmRepos, type CrmUnitOfWork } from './crm/crm-repos.js'
import { CustomerFiles } from './crm/customers/customer-files.js'
import { Groups } from './crm/groups/groups.js'
import { Campaigns } from './crm/campaigns/campaigns.js'
import { AuditTrail } from './crm/audit/audit-trail.js'
import { PopAudit, wasPoppedTo } from './screen-pop/popped-customers.js'
import { registerCustomerFileRoutes } from './delivery/http/customer-file-routes.js'
import { registerGroupRoutes } from './delivery/http/group-routes.js'
import { registerCampaignRoutes } from './delivery/http/campaign-routes.js'
import { registerAuditRoutes } from './delivery/http/audit-routes.js'
import { registerOperatorRoutes } from './delivery/http/operator-routes.js'
import { OperatorRoster } from './crm/operators/operator-roster.js'
import { IssueDesk } from './crm/issues/issue-desk.js'
import { PurchaseDesk } from './crm/purchases/purchase-desk.js'
import { TierDesk } from './crm/tiers/tier-desk.js'
import { Tiering } from './crm/tiers/tiering.js'
import { TimelineDesk } from './crm/timeline/timeline-desk.js'
import { DailyJob } from './jobs/daily-job.js'
import { JobRuns } from './store/job-runs.js'
import { CustomerImporter } from './crm/import/customer-import.js'
import { Imports } from './crm/import/imports.js'
import { CustomerExport } from './crm/export/customer-export.js'
import { registerImportRoutes } from './delivery/http/import-routes.js'
import { registerExportRoutes } from './delivery/http/export-routes.js'

export interface AppDeps {
  readonly db: Kysely<Database>
  readonly logger: Logger
  /** AMI URL to connect to (the real PBX or the demo PBX). */
  readonly amiUrl: string
  readonly now?: () => number
  /** Where the built widget lives (dist/). */
  readonly staticDir?: string
}

/** The stages, exposed for main.ts and tests. */
export interface Ringcard {
  /** The default PBX's AMI adapter (owned by {@link pbx}). */
  readonly ami: AmiAdapter
  /** The link to the default PBX: start it to connect. */
  readonly pbx: PbxLink
  readonly tracker: CallTracker
  readonly hub: Hub
  /** Live calls and what each pops; the use cases and the pipeline write it, the hub relays it. */
  readonly live: LiveCalls
  /** The CRM repositories: `uow.repos` autocommits, `uow.run` is one transaction. */
  readonly uow: CrmUnitOfWork
  readonly directory: OperatorDirectory
  readonly pipeline: Pipeline
  readonly recorder: CallRecorder
  /** Customers' tiers by the rules: recompute one or all. */
  readonly tiering: Tiering
  /** The nightly tier recomputation (started when the app is ready). */
  readonly nightlyTiers: DailyJob
}

declare module 'fastify' {
  interface FastifyInstance { ringcard: Ringcard }
}

const DEFAULT_STATIC = fileURLToPath(new URL('../dist/', import.meta.url))
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }

export async function buildApp (config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const now = deps.now ?? Date.now
  const logger = deps.logger
  const uow = new UnitOfWork(deps.db, h => crmRepos(h, () => new Date(now())))
  const directory = new OperatorDirectory(uow.repos.operators, logger)
  const nameOf = (ext: string, pbxId: string): string | null => directory.byEndpoint(pbxId, ext)?.displayName ?? null
  const operatorIdOf = (ext: string, pbxId: string): number | null => directory.byEndpoint(pbxId, ext)?.id ?? null
  const authenticate = (token: string) => uow.repos.operators.findByToken(token)

  const ami = new AmiAdapter({
    url: deps.amiUrl,
    logger: logger.child({ module: 'ami' }),
    eventMask: config.amiEventMask,
    pingIntervalMs: config.amiPingIntervalMs,
    pingTimeoutMs: config.amiPingTimeoutMs,
    actionTimeoutMs: config.amiActionTimeoutMs,
    reconnectMinMs: config.amiReconnectMinMs,
    reconnectMaxMs: config.amiReconnectMaxMs,
    now
  })
  const pbxId = DEFAULT_PBX_ID
  const tracker = new CallTracker({
    pbxId,
    now,
    logger: logger.child({ module: 'calls' }),
    isOperatorExtension: (ext) => directory.byEndpoint(pbxId, ext) !== null
  })
  const pbx = new PbxLink({ pbxId, ami, tracker, logger: logger.child({ module: 'pbx' }) })
  const matcher = new CustomerMatcher(uow.repos.customers, {
    defaultCountry: config.defaultCountry, suffixDigits: config.matchSuffixDigits, picks: uow.repos.callerPicks
  })
  const tiering = new Tiering(uow, { policy: config.tiers, locale: config.locale, now, logger: logger.child({ module: 'tiers' }) })
  const cards = new CardBuilder(uow.repos, matcher, {
    dispositionLabels: new Map(config.dispositions.map(d => [d.code, d.label])),
    tiers: tiering,
    now,
    timeZone: config.timeZone
  })
  // The customer file: who may read it (an operator: callers who rang them, live ones included), audited reads and writes.
  const files = new CustomerFiles({
    uow,
    defaultCountry: config.defaultCountry,
    poppedTo: (actor, customerId) => wasPoppedTo(live, actor, customerId),
    afterMerge: (repos, customerId, actorId) => tiering.recompute(repos, customerId, actorId),
    logger: logger.child({ module: 'customers' })
  })
  // Each pop is a read of the files it shows: audited once per call, off the pop's path.
  const matches = new CallMatches(cards, logger, new PopAudit(files, logger.child({ module: 'audit' })))
  const live = new InMemoryLiveCalls({ now })
  const hub = new Hub({
    logger: logger.child({ module: 'hub' }),
    live,
    authenticate,
    nameOf,
    allowedOrigins: config.allowedOrigins,
    dispositions: config.dispositions,
    authTimeoutMs: config.wsAuthTimeoutMs,
    revalidateMs: config.wsRevalidateMs,
    maxBufferedBytes: config.wsMaxBufferedBytes,
    now
  })
  const recorder = new CallRecorder(uow.repos.interactions, { logger: logger.child({ module: 'recorder' }), operatorIdOf })
  const pipeline = wirePipeline({ pbx, tracker, matches, live, pbxStatus: (status) => { hub.pbxStatus(status) }, recorder, logger })

  // The return path: one use case per operator action, each deciding who may do it.
  const wrapUp = new WrapUp({
    live,
    matches,
    store: {
      saveOutcome: (input) => uow.repos.outcomes.save(input),
      callInteraction: (callId) => uow.repos.interactions.getByCall(callId),
      rememberPick: (pick) => uow.repos.callerPicks.remember(pick)
    },
    recorder,
    cards,
    dispositions: config.dispositions.map(d => d.code),
    nameOf,
    logger: logger.child({ module: 'wrap-up' })
  })
  const desk = new CustomerDesk({
    live,
    matches,
    files,
    cards,
    logger: logger.child({ module: 'customers' })
  })

  // The customer file's history and standing: whoever may read the file reads (and adds to) them; each read is audited.
  const access = files.fileAccess()
  const fcrWindowDays = config.fcrWindowDays
  const timelineDesks = {
    timeline: new TimelineDesk({ uow, access, dispositionLabels: new Map(config.dispositions.map(d => [d.code, d.label])), fcrWindowDays, now }),
    issues: new IssueDesk({ uow, access, fcrWindowDays }),
    purchases: new PurchaseDesk({ uow, access, tiering, now }),
    tiers: new TierDesk({ uow, access, tiering })
  }
  // Customer files in bulk: CSV imports (admins, in the background) and exports (streamed).
  const imports = new Imports({
    importer: new CustomerImporter({ uow, defaultCountry: config.defaultCountry, tierNames: config.tiers.rules.map(r => r.name), now: () => new Date(now()) }),
    maxBytes: config.importMaxBytes,
    now,
    logger: logger.child({ module: 'import' })
  })
  const exports = new CustomerExport(deps.db, () => new Date(now()))
  const nightlyTiers = new DailyJob({
    name: 'tiers.recompute',
    hour: config.tierRecomputeHour,
    timeZone: config.timeZone,
    now,
    run: async () => { await tiering.recomputeAll() },
    store: new JobRuns(deps.db),
    logger: logger.child({ module: 'jobs' })
  })

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: 64 * 1024,
    // Reject unknown body fields instead of silently dropping them.
    ajv: { customOptions: { removeAdditional: false } },
    // Slow, unfinished requests must not pile up until descriptors run out (probe 4).
    // Headers and request timeouts answer 408 and disconnect; they stop at the
    // WebSocket upgrade, and `ws` turns the idle timeout off on upgraded sockets.
    requestTimeout: config.httpRequestTimeoutMs,
    keepAliveTimeout: config.httpKeepAliveTimeoutMs,
    // A socket silent this long (a stuck handler, a client that stopped reading a response) is destroyed.
    connectionTimeout: 2 * config.httpRequestTimeoutMs,
    http: {
      headersTimeout: config.httpHeadersTimeoutMs,
      requestTimeout: config.httpRequestTimeoutMs,
      keepAliveTimeout: config.httpKeepAliveTimeoutMs,
      // Node checks the two timeouts on this interval (default 30 s, far coarser than they are).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(config.httpHeadersTimeoutMs / 4)))
    }
  })
  // Over the cap a connection is closed on accept, before it costs more than a moment.
  app.server.maxConnections = config.httpMaxConnections
  app.decorate('ringcard', { ami, pbx, tracker, hub, live, uow, directory, pipeline, recorder, tiering, nightlyTiers })

  await app.register(fastifyCors, {
    // Embedding pages call the API cross-origin; only allow-listed origins may.
    origin: (origin, cb) => { cb(null, origin === undefined || config.allowedOrigins.includes(origin)) },
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']
  })
  await app.register(fastifyWebsocket, { options: { maxPayload: 16 * 1024 } })

  const staticDir = deps.staticDir ?? DEFAULT_STATIC
  if (existsSync(staticDir)) {
    await app.register(fastifyStatic, {
      root: staticDir,
      index: ['index.html'],
      // The widget bundle is public code and holds no data. Any page may load it, so a
      // page outside the allow-list gets a widget that explains the refusal (WS close
      // 4403) instead of a blank spot; the API and socket still check the origin.
      setHeaders: (res, path) => {
        if (/widget\.js(\.map)?$/.test(path)) res.setHeader('Access-Control-Allow-Origin', '*')
      }
    })
  } else {
    logger.warn({ staticDir }, 'widget bundle not found; run `npm run build:widget`')
  }

  registerErrorReplies(app)
  await registerOpenApi(app, version)

  hub.register(app)
  // Every /api route is authenticated in onRequest, before its body is read.
  await app.register(async (api) => {
    authenticateRoutes(api, authenticate)
    registerCallRoutes(api, wrapUp)
    registerCustomerRoutes(api, desk)
    registerExportRoutes(api, exports)
    registerCustomerFileRoutes(api, files)
    registerImportRoutes(api, imports, config.importMaxBytes)
    registerGroupRoutes(api, new Groups(uow))
    registerCampaignRoutes(api, new Campaigns(uow))
    registerAuditRoutes(api, new AuditTrail(uow))
    registerOperatorRoutes(api, new OperatorRoster(uow))
    registerTimelineRoutes(api, timelineDesks)
    registerLookupRoutes(api, new CallerLookup({ matcher, customers: new CallerSummaryRepo(deps.db) }))
  })
  // Browsers ask for it on every page; an empty answer keeps their consoles and our logs clean.
  app.get('/favicon.ico', { logLevel: 'warn', schema: { hide: true } }, async (_req, reply) => reply.code(204).send())
  // Probed every few seconds by monitors and the widget's hosts: not worth a log line each.
  app.get('/healthz', { logLevel: 'warn', schema: Routes['GET /healthz'] }, async () => ({ ok: true, pbx: pbx.status, operators: hub.connectedOperators }))

  app.addHook('onReady', async () => {
    await directory.start()
    nightlyTiers.start()
  })
  app.addHook('onClose', async () => {
    await nightlyTiers.stop()
    pipeline.stop()
    await pbx.stop()
    // Calls that ended just before shutdown are still being looked up: let them reach the call log.
    await pipeline.settled()
    hub.close()
    directory.stop()
    recorder.stop()
    await recorder.drain()
    await imports.close()
  })
  return app
}
