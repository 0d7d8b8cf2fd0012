/**
 * The whole agent as a test sees it: buildApp on a real database, listening on
 * 127.0.0.1:0, connected over real AMI/TCP to a fake PBX that replays recorded
 * Asterisk traffic. The agent and the fake PBX share one {@link TestClock}:
 * a replay sends its next frames only once the agent has handled the previous
 * ones (an AMI Ping answered over the same connection, then the pipeline
 * settled), so replays take no wall time and every duration the agent
 * computes is the recorded one. `speed` still scales the trace's time.
 */
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { pino, type Logger } from 'pino'
import { buildApp } from '../../agent/app.js'
import { loadConfig, type Config } from '../../agent/config.js'
import { FakePbx } from '../../agent/fake-pbx/fake-pbx.js'
import { loadTrace, type Trace } from '../../agent/fake-pbx/trace.js'
import { crmUnitOfWork } from './crm.js'
import { seedDemo } from '../../agent/demo/seed.js'
import type { TestDatabase } from './databases.js'
import { WsClient } from './ws-client.js'
import { TestClock } from './test-clock.js'

export const TRACE_DIR = fileURLToPath(new URL('../fixtures/ami/', import.meta.url))
export const INTRANET = 'http://intranet.test'

export function trace (name: string): Promise<Trace> {
  return loadTrace(TRACE_DIR + (name.endsWith('.jsonl') ? name : `${name}.jsonl`))
}

export interface Agent {
  readonly app: FastifyInstance
  readonly pbx: FakePbx
  /** The clock of the agent and its fake PBX. */
  readonly clock: TestClock
  readonly config: Config
  readonly baseUrl: string
  readonly wsUrl: string
  /** A signed-in operator socket (origin: the allow-listed intranet). */
  operator (token: string): Promise<WsClient>
  /** fetch against the agent with a bearer token. */
  request (method: string, path: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any }> // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read whatever the route answered
  /** Waits until every call change has reached the hub and the call log. */
  settled (): Promise<void>
  close (): Promise<void>
}

export interface AgentOptions {
  readonly logger?: Logger
  readonly env?: Record<string, string>
  /** Connect to this fake PBX (e.g. one that outlives an agent restart; see {@link startPbx}) instead of a new one. */
  readonly pbx?: FakePbx
}

/** A fake PBX whose replays run on a {@link TestClock}. */
export type TestPbx = FakePbx & { readonly clock: TestClock }

/** A fake PBX on a new {@link TestClock}, listening, for agents started with `{ pbx }`. */
export async function startPbx (logger: Logger = pino({ level: 'silent' })): Promise<TestPbx> {
  const clock = new TestClock()
  const pbx = new FakePbx({ user: 'rc', secret: 's3cret', loginFailDelayMs: 20, logger, clock })
  await pbx.listen(0)
  // Its `clock` getter returns the TestClock just passed in.
  return pbx as TestPbx
}

export async function startAgent (t: TestDatabase, opts: AgentOptions = {}): Promise<Agent> {
  const logger = opts.logger ?? pino({ level: 'silent' })
  const ownPbx = opts.pbx === undefined
  const pbx = opts.pbx ?? await startPbx(logger)
  const clock = pbx.clock
  if (!(clock instanceof TestClock)) throw new Error('startAgent: the fake PBX must run on a TestClock (see startPbx)')
  const { port } = pbx.address()
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
  await seedDemo(crmUnitOfWork(t.db), { now: () => new Date(clock.now()) })
  const app = await buildApp(config, { db: t.db, logger, amiUrl: config.amiUrl!, now: clock.now })
  const life = new AbortController()
  const { ami, pipeline } = app.ringcard
  const unsettle = clock.settleBy(async (signal) => {
    const stop = AbortSignal.any([signal, life.signal])
    // One TCP stream, answered in order: once the Pong is in, every frame the
    // fake PBX wrote before it has been read and its event applied.
    while (!stop.aborted) {
      try {
        await ami.send({ Action: 'Ping' })
        break
      } catch {
        await reconnected(ami, stop)
      }
    }
    if (!stop.aborted) await pipeline.settled()
  })
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  // The agent is ready once the link says `up`: logged in and its tracker resynced.
  const up = new Promise<void>(resolve => { app.ringcard.pbx.once('up', () => { resolve() }) })
  app.ringcard.pbx.start()
  await pbx.waitForLogin(loginsBefore + 1)
  await up
  const clients: WsClient[] = []
  return {
    app,
    pbx,
    clock,
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
      life.abort()
      unsettle()
      for (const c of clients) c.close()
      await app.close()
      if (ownPbx) await pbx.close()
    }
  }
}

/** Resolves when the agent's AMI link is up again (or at once if it is), or when `stop` aborts. */
function reconnected (ami: Agent['app']['ringcard']['ami'], stop: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const done = (): void => {
      ami.off('connected', done)
      stop.removeEventListener('abort', done)
      resolve()
    }
    ami.on('connected', done)
    stop.addEventListener('abort', done, { once: true })
    if (ami.status === 'connected' || stop.aborted) done()
  })
}
