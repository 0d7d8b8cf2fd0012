/**
 * `GET /api/lookup` over HTTP on both engines: what an integrator or
 * Asterisk's dialplan gets for every kind of number, and the integration
 * token that may do this and nothing else (403 on every other route, refused
 * on the WebSocket).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dialects, useTestDatabase } from '../support/databases.js'
import { INTRANET, startAgent, type Agent } from '../support/agent-harness.js'
import { crmUnitOfWork } from '../support/crm.js'
import { WsClient } from '../support/ws-client.js'
import { DEMO_NUMBERS } from '../../agent/demo/seed.js'

const ASTERISK = 'tok-asterisk-integration'
const q = (number: string, country?: string): string =>
  `/api/lookup?number=${encodeURIComponent(number)}${country === undefined ? '' : `&country=${country}`}`
const nobody = { match: 'none', candidates: [], displayName: '', ownerExtension: '', tier: '' }

describe.each(await dialects())('[%s] GET /api/lookup', (_name, dialect) => {
  const t = useTestDatabase(dialect, { resetEachTest: false })
  let agent: Agent
  let legacyId: number

  beforeAll(async () => {
    agent = await startAgent(t)
    const { operators, customers } = crmUnitOfWork(t.db).repos
    await operators.create({ login: 'asterisk', displayName: 'Asterisk', role: 'integration', extensions: [], token: ASTERISK })
    // The VIP queue reads the tier: Jane's is gold whatever the demo's tier rules make of her purchases.
    await t.db.updateTable('customers').set({ tier: 'gold' }).where('display_name', '=', 'Jane Doe').execute()
    legacyId = (await customers.create({
      displayName: 'Lena Legacy', honorific: null, company: null, stage: 'customer', sourceCampaign: null, ownerId: null,
      tier: null, birthday: null, language: null, notes: null, tags: [],
      phones: [{ raw: '0171 98765432 (privat)', e164: null, kind: 'other' }]
    })).id
  })
  afterAll(async () => { await agent?.close() })

  const lookup = (path: string, token = ASTERISK) => agent.request('GET', path, { token })

  it('a single match: the normalized number, the candidate with its why, and name, owner extension and tier for the dialplan', async () => {
    const jane = await lookup(q('+49 151 12345678'))
    expect(jane).toEqual({
      status: 200,
      body: {
        number: DEMO_NUMBERS.jane,
        kind: 'e164',
        match: 'single',
        candidates: [{ customerId: expect.any(Number), displayName: 'Jane Doe', confidence: 'exact', why: 'exact number +49 1511 2345678', tier: 'gold' }],
        displayName: 'Jane Doe',
        ownerExtension: '1001',
        tier: 'gold'
      }
    })
    // National format, with or without naming the country.
    expect((await lookup(q('0151 12345678', 'DE'))).body).toMatchObject({ number: DEMO_NUMBERS.jane, match: 'single', displayName: 'Jane Doe', candidates: [{ confidence: 'national' }] })
    expect((await lookup(q('0151 12345678'))).body).toMatchObject({ match: 'single', displayName: 'Jane Doe' })
    // A dialplan that forgot URIENCODE sends "+49…" as " 49…": still Jane, as the number without its +.
    expect((await lookup('/api/lookup?number=+4915112345678')).body).toMatchObject({
      number: DEMO_NUMBERS.jane, match: 'single', displayName: 'Jane Doe', candidates: [{ confidence: 'national', why: 'number +49 1511 2345678 without its + prefix' }]
    })
  })

  it('strips invisible format characters, and reads 00 or 011 as international only where it is the exit code', async () => {
    expect((await lookup(q('\u200F+49 151 1234\u200B5678\u200F'))).body).toMatchObject({ number: DEMO_NUMBERS.jane, match: 'single', candidates: [{ confidence: 'exact' }] })
    expect((await lookup(q('\u2066+۴۹ ۱۵۱ ۱۲۳۴۵۶۷۸\u2069'))).body).toMatchObject({ number: DEMO_NUMBERS.jane, match: 'single' })
    expect((await lookup(q('0049 151 12345678'))).body).toMatchObject({ number: DEMO_NUMBERS.jane, match: 'single', candidates: [{ confidence: 'exact' }] })
    expect((await lookup(q('011 49 151 12345678', 'US'))).body).toMatchObject({ number: DEMO_NUMBERS.jane, match: 'single', candidates: [{ confidence: 'exact' }] })
    expect((await lookup(q('00 49 151 12345678', 'US'))).body).toMatchObject({ kind: 'invalid', match: 'none', displayName: '' })
    expect((await lookup(q('011 49 151 12345678'))).body).toMatchObject({ match: 'none', displayName: '' })
  })

  it('reads a national number in the country the lookup names', async () => {
    expect((await lookup(q('0912 123 4567', 'IR'))).body).toMatchObject({ number: DEMO_NUMBERS.persian, match: 'single', displayName: 'شیرین تهرانی', ownerExtension: '1001' })
    expect((await lookup(q('0912 123 4567', 'ir'))).body).toMatchObject({ number: DEMO_NUMBERS.persian, match: 'single' })
    expect(await lookup(q('0912 123 4567', 'XX'))).toMatchObject({ status: 400, body: { code: 'RC_ERR_LOOKUP_BAD_COUNTRY' } })
    expect(await lookup(q('0912 123 4567', 'IRN'))).toMatchObject({ status: 400, body: { code: 'RC_ERR_API_BAD_BODY' } })
  })

  it('answers the kinds of number that are never looked up: extension, withheld, invalid', async () => {
    expect((await lookup(q('1001'))).body).toEqual({ number: '1001', kind: 'extension', ...nobody })
    expect((await lookup(q('*97'))).body).toEqual({ number: '*97', kind: 'extension', ...nobody })
    expect((await lookup(q(''))).body).toEqual({ number: '', kind: 'withheld', ...nobody })
    expect((await lookup(q('anonymous'))).body).toEqual({ number: '', kind: 'withheld', ...nobody })
    expect((await lookup(q('hello'))).body).toEqual({ number: 'hello', kind: 'invalid', ...nobody })
    // libphonenumber calls it invalid for its region: kept raw, never looked up as a number.
    expect((await lookup(q('+1 187 215 5230'))).body).toEqual({ number: '+1 187 215 5230', kind: 'invalid', ...nobody })
    expect(await lookup('/api/lookup')).toMatchObject({ status: 400, body: { code: 'RC_ERR_API_BAD_BODY' } })
  })

  it('names nobody for an unknown number, a near miss, a shared number or a possible match', async () => {
    expect((await lookup(q(DEMO_NUMBERS.unknown))).body).toEqual({ number: DEMO_NUMBERS.unknown, kind: 'e164', ...nobody })
    for (const nearMiss of ['+33612345678', '+498912345678', '+4917612345678']) {
      expect((await lookup(q(nearMiss))).body, nearMiss).toEqual({ number: nearMiss, kind: 'e164', ...nobody })
    }
    const shared = await lookup(q(DEMO_NUMBERS.shared))
    expect(shared.body).toMatchObject({ kind: 'e164', match: 'several', displayName: '', ownerExtension: '', tier: '' })
    expect(shared.body.candidates.map((c: { displayName: string }) => c.displayName).sort()).toEqual(['Maria Schmidt', 'Thomas Schmidt'])
    expect((await lookup(q('+49 171 98765432'))).body).toEqual({
      number: '+4917198765432',
      kind: 'e164',
      match: 'possible',
      candidates: [{ customerId: legacyId, displayName: 'Lena Legacy', confidence: 'suffix', why: 'last 8 digits 98765432 match "0171 98765432 (privat)", stored unverified', tier: null }],
      displayName: '',
      ownerExtension: '',
      tier: ''
    })
  })

  it('operators, supervisors and admins may look up too; no token is a 401', async () => {
    expect((await lookup(q(DEMO_NUMBERS.jane), 'demo-1001')).body).toMatchObject({ match: 'single', displayName: 'Jane Doe' })
    expect((await lookup(q(DEMO_NUMBERS.jane), 'demo-super')).status).toBe(200)
    expect(await agent.request('GET', q(DEMO_NUMBERS.jane))).toMatchObject({ status: 401, body: { code: 'RC_ERR_AUTH_REQUIRED' } })
    expect(await lookup(q(DEMO_NUMBERS.jane), 'not-a-token')).toMatchObject({ status: 401, body: { code: 'RC_ERR_AUTH_INVALID' } })
  })

  it('an integration token can do nothing else: 403 on every other route, before any body is read', async () => {
    const forbidden = { status: 403, body: { code: 'RC_ERR_AUTH_FORBIDDEN' } }
    const jane = (await lookup(q(DEMO_NUMBERS.jane))).body.candidates[0].customerId as number
    expect(await agent.request('GET', '/api/me', { token: ASTERISK })).toMatchObject(forbidden)
    expect(await agent.request('GET', `/api/customers/${jane}`, { token: ASTERISK })).toMatchObject(forbidden)
    expect(await agent.request('POST', '/api/customers', { token: ASTERISK, body: { displayName: 'X', phone: '+4989555000222' } })).toMatchObject(forbidden)
    expect(await agent.request('GET', '/api/calls/default:1:1', { token: ASTERISK })).toMatchObject(forbidden)
    expect(await agent.request('PUT', '/api/calls/default:1:1/customer', { token: ASTERISK, body: { customerId: jane } })).toMatchObject(forbidden)
    expect(await agent.request('POST', '/api/calls/default:1:1/outcome', {
      token: ASTERISK, body: { disposition: 'support', resolved: true }, headers: { 'idempotency-key': 'integration-try-1' }
    })).toMatchObject(forbidden)
    // Not even a malformed body gets a schema message back.
    expect(await agent.request('POST', '/api/calls/default:1:1/outcome', { token: ASTERISK, body: '{"nope"' })).toMatchObject(forbidden)
    expect(await t.db.selectFrom('customers').select('id').where('display_name', '=', 'X').execute()).toEqual([])
  })

  it('an integration token is refused on the WebSocket: RC_ERR_AUTH_FORBIDDEN, close 4401, no welcome', async () => {
    const ws = new WsClient(agent.wsUrl, INTRANET)
    await ws.opened()
    ws.ws.send(JSON.stringify({ type: 'auth', v: 1, token: ASTERISK }))
    expect(await ws.closed).toEqual({ code: 4401, reason: 'RC_ERR_AUTH_FORBIDDEN' })
    expect(ws.messages.map(m => m.type === 'error' ? m.code : m.type)).toEqual(['RC_ERR_AUTH_FORBIDDEN'])
  })

  it('is in the API description', async () => {
    const spec = await agent.request('GET', '/openapi.json')
    expect(Object.keys(spec.body.paths)).toContain('/api/lookup')
    expect(spec.body.paths['/api/lookup'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['country', 'number'])
  })
})
