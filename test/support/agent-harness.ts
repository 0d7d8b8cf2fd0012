/**
 * The whole agent as a test sees it: buildApp on a real database, listening on
 * 127.0.0.1:0, connected over real AMI/TCP to a fake PBX that replays recorded
 * Asterisk traffic.
 */
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { pino, type Logger } from 'pino'
import { buildApp } from '../../agent/app.js'
import { loadConfig, type Config } from '../../agent/config.js'
import { FakePbx } from '../../agent/fake-pbx/fake-pbx.js'
import { loadTrace, type Trace } from '../../agent/fake-pbx/trace.js'
import { Store } from '../../agent/store/store.js'
import { seedDemo } from '../../agent/demo/seed.js'
import type { TestDatabase } from './databases.js'
import { WsClient } from './ws-client.js'

export const TRACE_DIR = fileURLToPath(new URL('../fixtures/ami/', import.meta.url))
export const INTRANET = 'http://intranet.test'

export function trace (name: string): Promise<Trace> {
  return loadTrace(TRACE_DIR + (name.endsWith('.jsonl') ? name : `${name}.jsonl`))
}

export interface Agent {
  readonly app: FastifyInstance
  readonly pbx: FakePbx
  readonly config: Config
  readonly baseUrl: string
  readonly wsUrl: string
  /** A signed-in operator socket (origin: the allow-listed intranet). */
  operator (token: string): Promise<WsClient>
  /** fetch against the agent with a bearer token. */
  request (method: string, path: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any }>
  /** Waits until every call change has reached the hub and the call log. */
  settled (): Promise<void>
  close (): Promise<void>
}

export interface AgentOptions {
  readonly logger?: Logger
  readonly env?: Record<string, string>
  /** Connect to this fake PBX (e.g. one that outlives an agent restart) instead of a new one. */
  readonly pbx?: FakePbx
}

export async function startAgent (t: TestDatabase, opts: AgentOptions = {}): Promise<Agent> {
  const logger = opts.logger ?? pino({ level: 'silent' })
  const ownPbx = opts.pbx === undefined
  const pbx = opts.pbx ?? new FakePbx({ user: 'rc', secret: 's3cret', loginFailDelayMs: 20, logger })
  const { port } = ownPbx ? await pbx.listen(0) : pbx.address()
  const loginsBefore = pbx.received.filter(a => a.action.toLowerCase() === 'login').length
  const config = loadConfig({
    RINGCARD_PORT: '0',
    RINGCARD_DATABASE_URL: t.url,
    RINGCARD_AMI_URL: `ami://rc:s3cret@127.0.0.1:${port}`,
    RINGCARD_AMI_RECONNECT_MIN_MS: '20',
    RINGCARD_AMI_RECONNECT_MAX_MS: '200',
    RINGCARD_ALLOWED_ORIGINS: INTRANET,
    RINGCARD_SEED_DEMO: 'no',
    ...opts.env
  })
  await seedDemo(new Store(t.db, { now: () => new Date() }))
  const app = await buildApp(config, { db: t.db, logger, amiUrl: config.amiUrl! })
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  app.ringcard.ami.start()
  await pbx.waitForLogin(loginsBefore + 1)
  // The agent is ready once its post-login resync has asked for the queues.
  const resyncs = (): number => pbx.received.filter(a => a.action.toLowerCase() === 'queuestatus').length
  for (let i = 0; i < 200 && resyncs() < loginsBefore + 1; i++) {
    await new Promise(resolve => setTimeout(resolve, 10))
  }
  const clients: WsClient[] = []
  return {
    app,
    pbx,
    config,
    baseUrl: address,
    wsUrl: address.replace(/^http/, 'ws') + '/ws',
    async operator (token) {
      const c = new WsClient(address.replace(/^http/, 'ws') + '/ws', INTRANET)
      clients.push(c)
      return await c.signIn(token)
    },
    async request (method, path, o = {}) {
      const headers: Record<string, string> = { ...o.headers }
      if (o.token !== undefined) headers['authorization'] = `Bearer ${o.token}`
      if (o.body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json'
      const res = await fetch(address + path, { method, headers, body: o.body === undefined ? undefined : (typeof o.body === 'string' ? o.body : JSON.stringify(o.body)) })
      const text = await res.text()
      let body: unknown = text
      try { body = JSON.parse(text) } catch { /* not JSON */ }
      return { status: res.status, body }
    },
    settled: () => app.ringcard.pipeline.settled(),
    async close () {
      for (const c of clients) c.close()
      await app.close()
      if (ownPbx) await pbx.close()
    }
  }
}
