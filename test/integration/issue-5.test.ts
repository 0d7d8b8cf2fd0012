/**
 * Regressions for issue 5 ("one shape for growth"): the return path's holes
 * that a hostile-input probe found, checked over real HTTP and WebSocket on
 * SQLite and PostgreSQL, and the generated API description.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dialects, useTestDatabase } from '../support/databases.js'
import { startAgent, trace, type Agent } from '../support/agent-harness.js'
import { DEMO_NUMBERS } from '../../agent/demo/seed.js'
import { Routes } from '../../agent/contracts/rest.js'

const RECORDED = '+4915112345678'

describe.each(await dialects())('[%s] issue 5: the return path', (_name, dialect) => {
  const t = useTestDatabase(dialect)
  let agent: Agent
  beforeEach(async () => { agent = await startAgent(t) })
  afterEach(async () => { await agent.close() })

  const customersNamed = (name: string) => t.db.selectFrom('customers').select('id').where('display_name', '=', name).execute()

  it('a colleague whose phone only rang cannot file the call on a new lead (probe 2)', async () => {
    const anna = await agent.operator('demo-1001')
    const ben = await agent.operator('demo-1002')
    await agent.pbx.play(await trace('05-queue-answered'), { speed: 10, rewrite: { [RECORDED]: DEMO_NUMBERS.pat } })
    const call = await anna.call(c => c.answeredBy === '1002')
    await ben.call(c => c.id === call.id && c.state === 'ended')
    await agent.settled()

    const res = await agent.request('POST', '/api/customers', {
      token: 'demo-1001',
      body: { displayName: 'Impostor Lead', phone: '+4930999888777', callId: call.id }
    })
    expect(res).toMatchObject({ status: 404, body: { code: 'RC_ERR_CALL_NOT_FOUND' } })
    // Refused before anything was written: no lead, and Ben's pop still shows Pat.
    expect(await customersNamed('Impostor Lead')).toEqual([])
    await ben.sync()
    const last = ben.calls().filter(c => c.id === call.id).at(-1)
    expect(last?.match).toMatchObject({ kind: 'customer', card: { displayName: 'Pat O\'Brien' } })
    const row = await t.db.selectFrom('interactions').select(['customer_id']).where('call_id', '=', call.id).executeTakeFirstOrThrow()
    const pat = await t.db.selectFrom('customers').select('id').where('display_name', '=', 'Pat O\'Brien').executeTakeFirstOrThrow()
    expect(row.customer_id).toBe(pat.id)

    // Ben, who talked to the caller, may.
    const own = await agent.request('POST', '/api/customers', {
      token: 'demo-1002',
      body: { displayName: 'Real Lead', phone: '+4930999888777', callId: call.id }
    })
    expect(own).toMatchObject({ status: 201, body: { customer: { displayName: 'Real Lead', stage: 'lead' } } })
  })

  it('ids beyond what both engines store are a 400, never a 500 (probe 6)', async () => {
    for (const id of ['2147483648', '1e308', '9007199254740993', '-1', '0']) {
      expect(await agent.request('GET', `/api/customers/${id}`, { token: 'demo-1001' }), id)
        .toMatchObject({ status: 400, body: { code: 'RC_ERR_API_BAD_BODY' } })
    }
    expect(await agent.request('GET', '/api/customers/2147483647', { token: 'demo-1001' }))
      .toMatchObject({ status: 404, body: { code: 'RC_ERR_CUSTOMER_NOT_FOUND' } })
    const anna = await agent.operator('demo-1001')
    await agent.pbx.play(await trace('01-inbound-answered'), { speed: 10, rewrite: { [RECORDED]: DEMO_NUMBERS.jane } })
    const call = await anna.call(c => c.state === 'ended')
    await agent.settled()
    const path = `/api/calls/${encodeURIComponent(call.id)}/outcome`
    for (const field of [{ resolveIssueId: 9007199254740992 }, { resolveIssueId: 2147483648 }, { customerId: 1e308 }]) {
      expect(await agent.request('POST', path, {
        token: 'demo-1001', body: { disposition: 'support', resolved: false, ...field }, headers: { 'idempotency-key': 'probe-6-bigid' }
      }), JSON.stringify(field)).toMatchObject({ status: 400, body: { code: 'RC_ERR_API_BAD_BODY' } })
    }
    expect(await agent.request('PUT', `/api/calls/${encodeURIComponent(call.id)}/customer`, { token: 'demo-1001', body: { customerId: 2147483648 } }))
      .toMatchObject({ status: 400, body: { code: 'RC_ERR_API_BAD_BODY' } })
  })

  it('an anonymous request is refused for its token before its body is looked at (probe 8)', async () => {
    const bad = { disposition: 42, bogus: true }
    for (const token of [undefined, 'not-a-token']) {
      const res = await agent.request('POST', '/api/calls/x/outcome', { token, body: bad })
      expect(res.status).toBe(401)
      expect(res.body.code).toMatch(/^RC_ERR_AUTH_(REQUIRED|INVALID)$/)
      expect(JSON.stringify(res.body)).not.toMatch(/disposition|bogus|must be/)
    }
    const res = await agent.request('POST', '/api/customers', { body: '{"displayName": broken json' })
    expect(res).toMatchObject({ status: 401, body: { code: 'RC_ERR_AUTH_REQUIRED' } })
  })

  it('a reused Idempotency-Key with another body is a conflict, not a silent replay (probe 8)', async () => {
    const anna = await agent.operator('demo-1001')
    await agent.pbx.play(await trace('01-inbound-answered'), { speed: 10, rewrite: { [RECORDED]: DEMO_NUMBERS.jane } })
    const call = await anna.call(c => c.state === 'ended')
    await agent.settled()
    const path = `/api/calls/${encodeURIComponent(call.id)}/outcome`
    const post = (body: unknown) => agent.request('POST', path, { token: 'demo-1001', body, headers: { 'idempotency-key': 'probe-8-key-1' } })
    const first = await post({ disposition: 'support', note: 'first', resolved: true })
    expect(first.status).toBe(201)
    expect(await post({ disposition: 'support', note: 'first', resolved: true })).toMatchObject({ status: 200, body: { replayed: true, interactionId: first.body.interactionId } })
    expect(await post({ disposition: 'sale', note: 'second', resolved: false })).toMatchObject({ status: 409, body: { code: 'RC_ERR_IDEMPOTENCY_CONFLICT' } })
    const rows = await t.db.selectFrom('interactions').select(['note', 'disposition']).where('call_id', '=', call.id).execute()
    expect(rows).toEqual([{ note: 'first', disposition: 'support' }])
  })
})

const sqlite = (await dialects())[0]![1]

describe('issue 5: one wire contract, published', () => {
  const t = useTestDatabase(sqlite)
  let agent: Agent
  beforeEach(async () => { agent = await startAgent(t) })
  afterEach(async () => { await agent.close() })

  it('GET /openapi.json documents every /api route with its request and response schemas; /docs serves the UI', async () => {
    const res = await fetch(`${agent.baseUrl}/openapi.json`)
    expect(res.status).toBe(200)
    const doc = await res.json() as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, { content?: unknown }>; security?: unknown; requestBody?: unknown }>> }
    expect(doc.openapi).toMatch(/^3\./)
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })))
    const api = ops.filter(o => o.path.startsWith('/api/'))
    // Exactly the contract's /api routes, each published.
    const contract = Object.keys(Routes).filter(k => k.includes(' /api/')).map(k => k.replace(/:(\w+)/g, '{$1}'))
    expect(api.map(o => `${o.method.toUpperCase()} ${o.path}`).sort()).toEqual(contract.sort())
    expect(contract).toEqual(expect.arrayContaining([
      'GET /api/calls/{callId}', 'GET /api/customers/{id}', 'GET /api/me',
      'POST /api/calls/{callId}/outcome', 'POST /api/customers', 'PUT /api/calls/{callId}/customer'
    ]))
    for (const { path, method, op } of api) {
      const ok = Object.entries(op.responses).filter(([status]) => status.startsWith('2'))
      expect(ok.length, `${method} ${path}`).toBeGreaterThan(0)
      // 204 No Content has, by definition, no body to describe.
      for (const [status, r] of ok) if (status !== '204') expect(r.content, `${method} ${path}`).toBeDefined()
      expect(op.responses['401'], `${method} ${path}`).toBeDefined()
      expect(op.security, `${method} ${path}`).toEqual([{ bearerAuth: [] }])
    }
    expect(api.find(o => o.method === 'post' && o.path === '/api/calls/{callId}/outcome')?.op.requestBody).toBeDefined()
    const ui = await fetch(`${agent.baseUrl}/docs/`)
    expect(ui.status).toBe(200)
    expect(await ui.text()).toMatch(/swagger/i)
  })
})

describe('issue 5: an undocumented /api route cannot be registered', () => {
  it('assertDocumented refuses an /api route without a success response schema or tags, and ignores others', async () => {
    const { assertDocumented } = await import('../../agent/delivery/http/openapi.js')
    expect(() => { assertDocumented({ url: '/api/things', method: 'GET' }) }).toThrow(/no success response schema/)
    expect(() => { assertDocumented({ url: '/api/things', method: 'GET', schema: { response: { 400: {} }, tags: ['x'] } }) }).toThrow(/no success response schema/)
    expect(() => { assertDocumented({ url: '/api/things', method: 'GET', schema: { response: { 200: {} } } }) }).toThrow(/no tags/)
    expect(() => { assertDocumented({ url: '/api/things', method: 'GET', schema: { response: { 200: {} }, tags: ['x'] } }) }).not.toThrow()
    expect(() => { assertDocumented({ url: '/healthz', method: 'GET' }) }).not.toThrow()
  })
})
