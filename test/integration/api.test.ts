/**
 * The REST API at its edges: authentication, bad bodies, foreign calls, CORS,
 * idempotent retries across an agent restart, and what the logs may contain.
 * Runs on SQLite and PostgreSQL.
 */
import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dialects, useTestDatabase } from '../support/databases.js'
import { INTRANET, startAgent, trace, type Agent } from '../support/agent-harness.js'
import { createLogger } from '../../agent/logger.js'
import { DEMO_NUMBERS } from '../../agent/demo/seed.js'

const RECORDED = '+4915112345678'

function logSink (): { stream: Writable; text: () => string } {
  const chunks: string[] = []
  return {
    stream: new Writable({ write (c, _e, cb) { chunks.push(String(c)); cb() } }),
    text: () => chunks.join('')
  }
}

describe.each(await dialects())('[%s] REST API', (_name, dialect) => {
  const t = useTestDatabase(dialect)
  let agent: Agent
  let logs: ReturnType<typeof logSink>
  let callId: string

  beforeEach(async () => {
    logs = logSink()
    agent = await startAgent(t, { logger: createLogger('info', logs.stream) })
    const anna = await agent.operator('demo-1001')
    await agent.pbx.play(await trace('01-inbound-answered'), { speed: 10, rewrite: { [RECORDED]: DEMO_NUMBERS.jane } })
    callId = (await anna.call(c => c.state === 'ended')).id
    await agent.settled()
  })
  afterEach(async () => { await agent.close() })

  const outcome = (body: unknown, o: { token?: string; key?: string | null; id?: string; headers?: Record<string, string> } = {}) =>
    agent.request('POST', `/api/calls/${encodeURIComponent(o.id ?? callId)}/outcome`, {
      token: o.token ?? 'demo-1001',
      body,
      headers: { ...(o.key === null ? {} : { 'idempotency-key': o.key ?? 'key-12345678' }), ...o.headers }
    })
  const ok = { disposition: 'support', note: 'all good', resolved: true }

  it('every route needs a valid bearer token', async () => {
    expect(await agent.request('GET', '/api/me')).toMatchObject({ status: 401, body: { code: 'RC_ERR_AUTH_REQUIRED' } })
    expect(await agent.request('GET', '/api/me', { headers: { authorization: 'Basic abc' } })).toMatchObject({ status: 401, body: { code: 'RC_ERR_AUTH_REQUIRED' } })
    expect(await agent.request('GET', '/api/me', { token: 'wrong' })).toMatchObject({ status: 401, body: { code: 'RC_ERR_AUTH_INVALID' } })
    expect(await outcome(ok, { token: 'wrong' })).toMatchObject({ status: 401, body: { code: 'RC_ERR_AUTH_INVALID' } })
    expect(await agent.request('GET', '/api/customers/1')).toMatchObject({ status: 401 })
    expect(await agent.request('POST', '/api/customers', { body: { displayName: 'x', phone: '+4930111111' } })).toMatchObject({ status: 401 })
    expect(await agent.request('GET', '/api/me', { token: 'demo-1001' })).toMatchObject({ status: 200, body: { login: 'anna', extensions: ['1001'] } })
  })

  it.each([
    ['no disposition', { note: 'x', resolved: true }],
    ['unknown disposition', { disposition: 'nonsense', resolved: true }],
    ['resolved not boolean', { disposition: 'support', resolved: 'yes' }],
    ['extra field', { ...ok, admin: true }],
    ['note too long', { ...ok, note: 'x'.repeat(4001) }],
    ['NUL in the note', { ...ok, note: 'a\u0000b' }],
    ['customerId not a number', { ...ok, customerId: 'abc' }],
    ['array body', [ok]]
  ])('a bad outcome body (%s) gets 400 RC_ERR_API_BAD_BODY and writes nothing', async (_what, body) => {
    const before = await t.db.selectFrom('interactions').select(['disposition']).where('call_id', '=', callId).executeTakeFirstOrThrow()
    const res = await outcome(body)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ statusCode: 400, code: 'RC_ERR_API_BAD_BODY', message: expect.any(String) })
    const after = await t.db.selectFrom('interactions').select(['disposition']).where('call_id', '=', callId).executeTakeFirstOrThrow()
    expect(after).toEqual(before)
  })

  it('malformed JSON, a wrong content type and an oversized body are coded 4xx', async () => {
    expect(await outcome('{"disposition": ')).toMatchObject({ status: 400, body: { code: 'RC_ERR_API_BAD_BODY' } })
    const text = await outcome('<outcome/>', { headers: { 'content-type': 'application/xml' } })
    expect(text).toMatchObject({ status: 415, body: { code: 'RC_ERR_API_BAD_BODY' } })
    const huge = await outcome({ ...ok, note: 'x'.repeat(70_000) })
    expect(huge).toMatchObject({ status: 413, body: { code: 'RC_ERR_API_BAD_BODY' } })
  })

  it('the Idempotency-Key header is required and checked', async () => {
    expect(await outcome(ok, { key: null })).toMatchObject({ status: 400, body: { code: 'RC_ERR_API_BAD_IDEMPOTENCY_KEY' } })
    expect(await outcome(ok, { key: 'short' })).toMatchObject({ status: 400, body: { code: 'RC_ERR_API_BAD_IDEMPOTENCY_KEY' } })
    expect(await outcome(ok, { key: 'bad key with spaces' })).toMatchObject({ status: 400, body: { code: 'RC_ERR_API_BAD_IDEMPOTENCY_KEY' } })
  })

  it('unknown calls, foreign calls, missing issues and reused keys are coded', async () => {
    expect(await outcome(ok, { id: '1:9999.99' })).toMatchObject({ status: 404, body: { code: 'RC_ERR_CALL_NOT_FOUND' } })
    expect(await outcome(ok, { id: 'bad id!' })).toMatchObject({ status: 400, body: { code: 'RC_ERR_API_BAD_BODY' } })
    expect(await outcome(ok, { token: 'demo-1002' })).toMatchObject({ status: 404, body: { code: 'RC_ERR_CALL_NOT_FOUND' } })
    expect(await outcome({ ...ok, resolved: false, resolveIssueId: 999_999 })).toMatchObject({ status: 404, body: { code: 'RC_ERR_ISSUE_NOT_FOUND' } })
    // An outcome can be filed only on the customer the call matched: not on someone else's file.
    expect(await outcome({ ...ok, customerId: 999_999 }, { key: 'key-customer-x' })).toMatchObject({ status: 400, body: { code: 'RC_ERR_API_BAD_BODY' } })
    const other = await t.db.selectFrom('customers').select('id').where('display_name', '!=', 'Jane Doe').executeTakeFirstOrThrow()
    expect(await outcome({ ...ok, customerId: other.id }, { key: 'key-customer-y' })).toMatchObject({ status: 400, body: { code: 'RC_ERR_API_BAD_BODY' } })
    expect(await agent.request('GET', '/api/customers/999999', { token: 'demo-1001' })).toMatchObject({ status: 404, body: { code: 'RC_ERR_CUSTOMER_NOT_FOUND' } })
    expect(await agent.request('GET', '/api/customers/abc', { token: 'demo-1001' })).toMatchObject({ status: 400, body: { code: 'RC_ERR_API_BAD_BODY' } })
    expect(await agent.request('GET', '/api/nothing-here', { token: 'demo-1001' })).toMatchObject({ status: 404, body: { code: 'RC_ERR_API_NOT_FOUND' } })

    // A key already used for this call cannot be reused for another call.
    expect((await outcome(ok, { key: 'key-shared-1' })).status).toBe(201)
    const anna = await agent.operator('demo-1001')
    await agent.pbx.play(await trace('01-inbound-answered'), { speed: 10, rewrite: { [RECORDED]: DEMO_NUMBERS.pat } })
    const second = await anna.call(c => c.state === 'ended' && c.id !== callId)
    expect(await outcome(ok, { id: second.id, key: 'key-shared-1' })).toMatchObject({ status: 409, body: { code: 'RC_ERR_IDEMPOTENCY_CONFLICT' } })
  })

  it('an unresolved outcome can open a new issue that then shows on the card', async () => {
    const res = await outcome({ disposition: 'complaint', note: 'invoice wrong', resolved: false, newIssueTitle: 'Invoice 4711 disputed' }, { key: 'key-issue-1' })
    expect(res.status).toBe(201)
    expect(res.body.issueId).toEqual(expect.any(Number))
    const row = await t.db.selectFrom('issues').selectAll().where('id', '=', res.body.issueId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ title: 'Invoice 4711 disputed', status: 'open' })
    const customerId = (await t.db.selectFrom('interactions').select('customer_id').where('call_id', '=', callId).executeTakeFirstOrThrow()).customer_id
    const file = await agent.request('GET', `/api/customers/${customerId}`, { token: 'demo-1001' })
    expect(file.body.customer.openIssues.map((i: { title: string }) => i.title)).toContain('Invoice 4711 disputed')
    expect(file.body.contacts[0]).toMatchObject({ resolved: false, disposition: 'Complaint' })
  })

  it('creating a lead validates the phone number', async () => {
    expect(await agent.request('POST', '/api/customers', { token: 'demo-1001', body: { displayName: 'X', phone: 'call me maybe' } }))
      .toMatchObject({ status: 422, body: { code: 'RC_ERR_PHONE_INVALID' } })
    expect(await agent.request('POST', '/api/customers', { token: 'demo-1001', body: { phone: '+4930111111' } }))
      .toMatchObject({ status: 400, body: { code: 'RC_ERR_API_BAD_BODY' } })
    expect(await agent.request('POST', '/api/customers', { token: 'demo-1001', body: { displayName: 'Nul\u0000l', phone: '+4930111111' } }))
      .toMatchObject({ status: 400, body: { code: 'RC_ERR_API_BAD_BODY' } })
    const lead = await agent.request('POST', '/api/customers', { token: 'demo-1001', body: { displayName: 'Nora Lind', phone: '۰۳۰ ۹۸۷۶۵۴۳', sourceCampaign: 'spring-fair' } })
    expect(lead).toMatchObject({ status: 201, body: { customer: { displayName: 'Nora Lind', stage: 'lead', sourceCampaign: 'spring-fair' } } })
    const phone = await t.db.selectFrom('customer_phones').selectAll().where('customer_id', '=', lead.body.customer.customerId).executeTakeFirstOrThrow()
    expect(phone.e164).toBe('+49309876543')
  })

  it('CORS answers only allow-listed origins', async () => {
    const pre = (origin: string) => fetch(`${agent.baseUrl}/api/me`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' }
    })
    const good = await pre(INTRANET)
    expect(good.headers.get('access-control-allow-origin')).toBe(INTRANET)
    const evil = await pre('https://evil.example.com')
    expect(evil.headers.get('access-control-allow-origin')).toBeNull()
    // The widget bundle itself is public: any page may load it (and then learn it is refused).
    const js = await fetch(`${agent.baseUrl}/widget.js`, { headers: { origin: 'https://evil.example.com' } })
    expect(js.status).toBe(200)
    expect(js.headers.get('access-control-allow-origin')).toBe('*')
    expect(await js.text()).toContain('ringcard-pop')
  })

  it('a saved outcome survives an agent restart, and a retry after it replays instead of writing twice', async () => {
    const first = await outcome(ok, { key: 'key-restart-1' })
    expect(first.status).toBe(201)
    await agent.close()
    await t.reopen()
    agent = await startAgent(t, { logger: createLogger('info', logs.stream) })
    // The call is no longer in memory: the agent finds it in the call log, owned by Anna's extension.
    const retry = await outcome(ok, { key: 'key-restart-1' })
    expect(retry).toMatchObject({ status: 200, body: { replayed: true, interactionId: first.body.interactionId } })
    const correction = await outcome({ ...ok, note: 'corrected' }, { key: 'key-restart-2' })
    expect(correction).toMatchObject({ status: 201, body: { interactionId: first.body.interactionId } })
    expect(await outcome(ok, { key: 'key-restart-3', token: 'demo-1002' })).toMatchObject({ status: 404 })
    const rows = await t.db.selectFrom('interactions').selectAll().where('call_id', '=', callId).execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]!.note).toBe('corrected')
  })

  it('info-level logs carry ids, never numbers, names, notes or tokens', async () => {
    expect((await outcome({ ...ok, note: 'secret-note-text' }, { key: 'key-logs-1' })).status).toBe(201)
    await agent.request('POST', '/api/customers', { token: 'demo-1001', body: { displayName: 'Quentin Quirk', phone: '+4930555666777' } })
    await agent.settled()
    const text = logs.text()
    expect(text).toContain('outcome saved')
    expect(text).toContain('call recorded')
    for (const secret of ['4915112345678', '1511 2345678', 'Jane', 'Doe', 'secret-note-text', 'Quentin', '555666777', 'demo-1001', 's3cret']) {
      expect(text, secret).not.toContain(secret)
    }
  })
})
