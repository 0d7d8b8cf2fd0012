/**
 * `GET /api/operators` over HTTP on both engines: the people a customer can
 * be handed to, by name, with nothing secret in the answer; an integration
 * token is refused. OpenAPI documents the route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dialects, useTestDatabase } from '../support/databases.js'
import { startAgent, type Agent } from '../support/agent-harness.js'
import { crmUnitOfWork } from '../support/crm.js'

const ASTERISK = 'tok-asterisk-roster'

describe.each(await dialects())('[%s] GET /api/operators', (_name, dialect) => {
  const t = useTestDatabase(dialect, { resetEachTest: false })
  let agent: Agent

  beforeAll(async () => {
    agent = await startAgent(t)
    await crmUnitOfWork(t.db).repos.operators.create({ login: 'asterisk', displayName: 'Asterisk', role: 'integration', extensions: [], token: ASTERISK })
  })
  afterAll(async () => { await agent?.close() })

  it('lists operators, supervisors and admins by name with id and role only, for every person at the desk', async () => {
    const rows = await t.db.selectFrom('operators').select(['id', 'display_name', 'role']).where('role', '!=', 'integration').execute()
    const expected = rows.map(r => ({ id: r.id, displayName: r.display_name, role: r.role }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName))
    expect(expected.map(o => o.displayName)).toEqual(['Alex Admin', 'Anna Berg', 'Ben Okafor', 'Sam Lee'])
    for (const token of ['demo-1001', 'demo-super', 'demo-admin']) {
      const res = await agent.request('GET', '/api/operators', { token })
      expect(res.status).toBe(200)
      expect(res.body).toEqual({ operators: expected })
      // No login, token, hash or extension crosses the wire.
      expect(JSON.stringify(res.body)).not.toMatch(/token|login|hash|extension|demo-|1001/i)
    }
  })

  it('refuses an integration token (403), an unknown token (401) and no token (401)', async () => {
    expect(await agent.request('GET', '/api/operators', { token: ASTERISK })).toMatchObject({ status: 403, body: { code: 'RC_ERR_AUTH_FORBIDDEN' } })
    expect(await agent.request('GET', '/api/operators', { token: 'nobody-has-this' })).toMatchObject({ status: 401, body: { code: 'RC_ERR_AUTH_INVALID' } })
    expect(await agent.request('GET', '/api/operators', {})).toMatchObject({ status: 401, body: { code: 'RC_ERR_AUTH_REQUIRED' } })
  })

  it('the use case refuses an integration itself, whatever route reaches it', async () => {
    const { OperatorRoster } = await import('../../agent/crm/operators/operator-roster.js')
    const uow = crmUnitOfWork(t.db)
    const integration = await uow.repos.operators.findByToken(ASTERISK)
    await expect(new OperatorRoster(uow).list(integration!)).rejects.toMatchObject({ code: 'RC_ERR_AUTH_FORBIDDEN' })
  })

  it('is in the OpenAPI document with its answer schema', async () => {
    const doc = await (await fetch(`${agent.baseUrl}/openapi.json`)).json() as { paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown }>> }
    const get = doc.paths['/api/operators']?.get
    expect(get?.security).toEqual([{ bearerAuth: [] }])
    expect(Object.keys(get?.responses ?? {})).toEqual(expect.arrayContaining(['200', '401', '403']))
    expect(JSON.stringify(get?.responses['200'])).toContain('displayName')
  })
})
