/**
 * Never the wrong person (issue 6), through a whole pop: fake PBX over real
 * AMI/TCP, real database, real WebSocket and HTTP. A near-miss number pops
 * "unknown", a legacy number nobody could read pops a possible match that
 * files the call on nobody until an operator confirms it, and the chooser
 * remembers the operator's pick for the next call from that number.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dialects, useTestDatabase } from '../support/databases.js'
import { startAgent, trace, type Agent } from '../support/agent-harness.js'
import { crmUnitOfWork } from '../support/crm.js'
import { DEMO_NUMBERS } from '../../agent/demo/seed.js'
import type { CallView } from '../../agent/contracts/ws.js'
import type { WsClient } from '../support/ws-client.js'

const RECORDED = '+4915112345678'

describe.each(await dialects())('[%s] matching through a pop', (_name, dialect) => {
  const t = useTestDatabase(dialect)
  let agent: Agent

  beforeEach(async () => { agent = await startAgent(t) })
  afterEach(async () => { await agent.close() })

  const rows = (callId: string) => t.db.selectFrom('interactions').select(['customer_id', 'call_result']).where('call_id', '=', callId).execute()

  /** Plays trace 01 from `number` to Anna (1001) and returns her ringing view and the ended one. */
  async function ring (anna: WsClient, number: string): Promise<{ ringing: CallView; ended: CallView }> {
    const from = anna.messages.length
    await agent.pbx.play(await trace('01-inbound-answered'), { rewrite: { [RECORDED]: number, 'Jane Doe': 'Caller' } })
    const ringing = await anna.call(c => c.myLeg === 'ringing', { from })
    const ended = await anna.call(c => c.id === ringing.id && c.state === 'ended', { from })
    await agent.settled()
    return { ringing, ended }
  }

  it.each([['+33612345678'], ['+498912345678'], ['+4917612345678']])(
    'a valid number that differs from Jane\'s only before its last 8 digits (%s) pops "unknown", not Jane, and files the call on nobody', async (number) => {
      const anna = await agent.operator('demo-1001')
      const { ringing } = await ring(anna, number)
      expect(ringing.match).toEqual({ kind: 'unknown', number: expect.any(String), e164: number })
      expect(JSON.stringify(ringing)).not.toContain('Jane Doe')
      expect(await rows(ringing.id)).toEqual([{ customer_id: null, call_result: 'answered' }])
    })

  it('a legacy raw number pops a possible match; the call is filed on that customer only once an operator confirms', async () => {
    const { customers, issues } = crmUnitOfWork(t.db).repos
    const legacy = await customers.create({
      displayName: 'Lena Legacy', honorific: null, company: null, stage: 'customer', sourceCampaign: null, ownerId: null,
      tier: null, birthday: null, language: null, notes: null, tags: [],
      phones: [{ raw: '0171 98765432 (privat)', e164: null, kind: 'other' }]
    })
    await issues.add(legacy.id, 'Parcel lost in transit', null)
    const anna = await agent.operator('demo-1001')
    const { ringing, ended } = await ring(anna, '+4917198765432')
    expect(ringing.match).toMatchObject({
      kind: 'possible',
      e164: '+4917198765432',
      candidates: [{ customerId: legacy.id, displayName: 'Lena Legacy', confidence: 'suffix', why: expect.stringContaining('stored unverified') }]
    })
    expect(ringing.match).not.toHaveProperty('chosenId')
    // Who it might be, not their file: no issues or history of a person who may be someone else.
    if (ringing.match.kind !== 'possible') throw new Error('unreachable')
    expect(ringing.match.candidates[0]).toMatchObject({ openIssues: [], lastContacts: [], groups: [] })
    // Nobody confirmed: the automatic call record belongs to no one.
    expect(ended.match.kind).toBe('possible')
    expect(await rows(ringing.id)).toEqual([{ customer_id: null, call_result: 'answered' }])

    const path = `/api/calls/${encodeURIComponent(ringing.id)}/customer`
    expect(await agent.request('PUT', path, { token: 'demo-1001', body: { customerId: 999_999 } }))
      .toMatchObject({ status: 400, body: { code: 'RC_ERR_API_BAD_BODY' } })
    const confirmed = await agent.request('PUT', path, { token: 'demo-1001', body: { customerId: legacy.id } })
    expect(confirmed).toMatchObject({ status: 200, body: { customer: { customerId: legacy.id, confidence: 'suffix', openIssues: [{ title: 'Parcel lost in transit' }] } } })
    // Confirmed, the pop shows the whole card.
    const after = await anna.call(c => c.id === ringing.id && c.match.kind === 'possible' && c.match.chosenId === legacy.id)
    expect(after.match).toMatchObject({ candidates: [{ customerId: legacy.id, openIssues: [{ title: 'Parcel lost in transit' }] }] })
    await agent.settled()
    expect(await rows(ringing.id)).toEqual([{ customer_id: legacy.id, call_result: 'answered' }])

    // The wrap-up lands on the confirmed customer.
    const saved = await agent.request('POST', `/api/calls/${encodeURIComponent(ringing.id)}/outcome`, {
      token: 'demo-1001', body: { disposition: 'support', note: 'It was her', resolved: true }, headers: { 'idempotency-key': 'possible-confirmed-1' }
    })
    expect(saved.status).toBe(201)
    expect(await rows(ringing.id)).toEqual([{ customer_id: legacy.id, call_result: 'answered' }])
  })

  it('invisible format characters around a caller ID do not hide Jane; a Berlin number stored with its country pops in an Iranian center', async () => {
    const anna = await agent.operator('demo-1001')
    const { ringing } = await ring(anna, '\u202A\u200F+49 151 1234\u00AD5678\u200F\u202C')
    expect(ringing.match).toMatchObject({ kind: 'customer', card: { displayName: 'Jane Doe', confidence: 'exact' } })

    const { customers } = crmUnitOfWork(t.db).repos
    const bernd = await customers.create({
      displayName: 'Bernd Berliner', honorific: null, company: null, stage: 'customer', sourceCampaign: null, ownerId: null,
      tier: null, birthday: null, language: null, notes: null, tags: [],
      phones: [{ raw: '030 2345678', e164: null, country: 'DE', kind: 'landline' }]
    })
    await agent.close()
    agent = await startAgent(t, { env: { RINGCARD_DEFAULT_COUNTRY: 'IR' } })
    const tehran = await agent.operator('demo-1001')
    const berlin = await ring(tehran, '+49302345678')
    expect(berlin.ringing.match).toMatchObject({ kind: 'customer', card: { customerId: bernd.id, confidence: 'national', why: 'stored as 030 2345678, same number' } })
    // In Iran 00 is the exit code: the caller ID 0049… is the same Berlin number, written internationally.
    const dialled = await ring(tehran, '0049 30 2345678')
    expect(dialled.ringing.match).toMatchObject({ kind: 'customer', card: { customerId: bernd.id } })
    expect(await rows(dialled.ringing.id)).toEqual([{ customer_id: bernd.id, call_result: 'answered' }])
  })

  it('the chooser remembers: after Anna picks Thomas, the next call from the household number offers him first', async () => {
    const anna = await agent.operator('demo-1001')
    const first = await ring(anna, DEMO_NUMBERS.shared)
    if (first.ringing.match.kind !== 'choose') throw new Error(`expected a chooser, got ${first.ringing.match.kind}`)
    expect(first.ringing.match.e164).toBe(DEMO_NUMBERS.shared)
    const thomas = first.ringing.match.candidates.find(c => c.displayName === 'Thomas Schmidt')
    if (thomas === undefined) throw new Error('Thomas is not a candidate')
    expect(first.ringing.match.candidates[0]!.customerId).not.toBe(thomas.customerId)
    const put = await agent.request('PUT', `/api/calls/${encodeURIComponent(first.ringing.id)}/customer`, { token: 'demo-1001', body: { customerId: thomas.customerId } })
    expect(put.status).toBe(200)
    await agent.settled()
    expect(await rows(first.ringing.id)).toEqual([{ customer_id: thomas.customerId, call_result: 'answered' }])

    const second = await ring(anna, DEMO_NUMBERS.shared)
    expect(second.ringing.id).not.toBe(first.ringing.id)
    expect(second.ringing.match).toMatchObject({
      kind: 'choose',
      candidates: [
        { customerId: thomas.customerId, why: expect.stringMatching(/picked last time by Anna Berg$/) },
        { displayName: 'Maria Schmidt', why: expect.not.stringContaining('picked') }
      ]
    })
    // Offered first, not picked for her: the call is filed on nobody until Anna picks again.
    expect(second.ringing.match).not.toHaveProperty('chosenId')
    expect(await rows(second.ringing.id)).toEqual([{ customer_id: null, call_result: 'answered' }])
  })
})
