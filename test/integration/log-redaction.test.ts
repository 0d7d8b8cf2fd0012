/**
 * Probe 8a: a token a client puts in the query string must not reach the log
 * through the request URL. Fastify logs `req.url` on every request line; the
 * agent's logger keeps the path and replaces the query.
 */
import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dialects, useTestDatabase } from '../support/databases.js'
import { startAgent, type Agent } from '../support/agent-harness.js'
import { createLogger } from '../../agent/logger.js'

function logSink (): { stream: Writable; lines: () => string[] } {
  const chunks: string[] = []
  return {
    stream: new Writable({ write (c, _e, cb) { chunks.push(String(c)); cb() } }),
    lines: () => chunks.join('').split('\n').filter(Boolean)
  }
}

const [sqlite] = await dialects()

describe('request logging', () => {
  const t = useTestDatabase(sqlite![1])
  let agent: Agent
  let logs: ReturnType<typeof logSink>

  beforeEach(async () => {
    logs = logSink()
    // trace: every line the agent can write about a request, not only the info ones.
    agent = await startAgent(t, { logger: createLogger('trace', logs.stream) })
  })
  afterEach(async () => { await agent.close() })

  it('never logs a query string, on a good, a refused and an unknown route', async () => {
    expect((await agent.request('GET', '/api/me?token=SECRET123', { token: 'demo-1001' })).status).toBe(200)
    expect((await agent.request('GET', '/api/me?token=SECRET123')).status).toBe(401)
    expect((await agent.request('GET', '/nowhere?token=SECRET123&x=1')).status).toBe(404)
    expect((await agent.request('GET', '/healthz?access_token=SECRET123')).status).toBe(200)

    const lines = logs.lines()
    expect(lines.filter(l => l.includes('SECRET123'))).toEqual([])
    // The request lines are still there, with the path and a marker where the query was.
    const urls = lines.map(l => JSON.parse(l) as { req?: { url?: string } }).flatMap(l => l.req?.url ?? [])
    expect(urls).toContain('/api/me?[redacted]')
    expect(urls).toContain('/nowhere?[redacted]')
  })
})
