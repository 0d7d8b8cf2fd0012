/**
 * The timeline, issues, purchases and tiers over the REST API, and the tier
 * and birthday on a popped card, on SQLite and PostgreSQL, against the whole
 * agent (demo operators and customers seeded).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dialects, useTestDatabase } from '../support/databases.js'
import { startAgent, trace, type Agent } from '../support/agent-harness.js'
import { DEMO_NUMBERS } from '../../agent/demo/seed.js'

const ANNA = 'demo-1001'
const BEN = 'demo-1002'
const SUPER = 'demo-super'

describe.each(await dialects())('[%s] timeline, issues, purchases and tiers', (_name, dialect) => {
  const t = useTestDatabase(dialect)
  let agent: Agent

  beforeEach(async () => {
    agent = await startAgent(t, { env: { RINGCARD_TIME_ZONE: 'UTC' } })
    // The catch-up run of the nightly tier job started with the agent; let it finish first.
    await agent.app.ringcard.nightlyTiers.tick()
  })
  afterEach(async () => { await agent.close() })

  const idOf = async (name: string): Promise<number> =>
    (await t.db.selectFrom('customers').select('id').where('display_name', '=', name).executeTakeFirstOrThrow()).id
  const api = (method: string, path: string, token: string, body?: unknown) => agent.request(method, path, { token, ...(body === undefined ? {} : { body }) })
  const audits = async (action: string) => await t.db.selectFrom('audit_log').select(['actor_id', 'entity', 'entity_id', 'detail'])
    .where('action', '=', action).orderBy('id').execute()
  const at = (iso: string) => new Date(iso).toISOString()

  it('manual entries of every kind appear in the timeline, newest first, with who did them and when', async () => {
    // Anna's customer: she and the supervisor may read and add to his file.
    const id = await idOf('Oliver Smith')
    const entries = [
      { kind: 'meeting', occurredAt: at('2026-11-20T10:00:00Z'), subject: 'Demo at their office', note: 'Showed the reporting module.', outcome: 'wants a quote' },
      { kind: 'email', occurredAt: at('2026-11-21T09:00:00Z'), subject: 'Your quote', note: 'Quote attached.' },
      { kind: 'sms', occurredAt: at('2026-11-22T12:30:00Z'), direction: 'inbound', note: 'Got it, thanks!' },
      { kind: 'note', occurredAt: at('2026-11-23T08:00:00Z'), note: 'Decision expected next week.' }
    ]
    const added: number[] = []
    for (const [i, body] of entries.entries()) {
      const res = await api('POST', `/api/customers/${id}/timeline`, i % 2 === 0 ? ANNA : SUPER, body)
      expect(res.status).toBe(201)
      expect(res.body.issue).toBeNull()
      added.push(res.body.entry.id)
    }
    const page = await api('GET', `/api/customers/${id}/timeline`, ANNA)
    expect(page.status).toBe(200)
    expect(page.body.next).toBeNull()
    const mine = page.body.entries.filter((e: { id: number }) => added.includes(e.id))
    expect(mine.map((e: { kind: string; operatorName: string; occurredAt: string; direction: string | null }) =>
      [e.kind, e.operatorName, e.occurredAt, e.direction])).toEqual([
      ['note', 'Sam Lee', at('2026-11-23T08:00:00Z'), null],
      ['sms', 'Anna Berg', at('2026-11-22T12:30:00Z'), 'inbound'],
      ['email', 'Sam Lee', at('2026-11-21T09:00:00Z'), 'outbound'],
      ['meeting', 'Anna Berg', at('2026-11-20T10:00:00Z'), null]
    ])
    expect(mine[3]).toMatchObject({ subject: 'Demo at their office', outcome: 'wants a quote', resolved: null, issue: null, callResult: null })

    // Each addition is audited on the customer, with ids and the kind only.
    const audited = await audits('timeline.add')
    expect(audited).toHaveLength(4)
    expect(audited[0]).toMatchObject({ entity: 'customer', entity_id: String(id) })
    expect(audited.map(a => a.detail).join(' ')).not.toMatch(/quote|office|thanks|Decision/)
  })

  it('calls are on the timeline with their wrap-up as the outcome, and pages never skip or repeat', async () => {
    const id = await idOf('Jane Doe')
    for (let i = 0; i < 3; i++) {
      // Three notes at the very same time: the id orders them.
      expect((await api('POST', `/api/customers/${id}/timeline`, ANNA, { kind: 'note', occurredAt: at('2026-11-01T12:00:00Z'), note: `n${i}` })).status).toBe(201)
    }
    const all = (await api('GET', `/api/customers/${id}/timeline?limit=200`, ANNA)).body.entries as Array<{ id: number; kind: string; outcome: string | null; callResult: string | null; issue: unknown }>
    const calls = all.filter(e => e.kind === 'call')
    expect(calls.length).toBeGreaterThan(0)
    expect(calls[0]).toMatchObject({ callResult: 'answered', outcome: 'Complaint', issue: { title: 'Invoice 2026-114 charged twice', status: 'open' } })

    const seen: number[] = []
    let before: string | null = null
    do {
      const query: string = before === null ? '' : `&before=${encodeURIComponent(before)}`
      const res = await api('GET', `/api/customers/${id}/timeline?limit=2${query}`, ANNA)
      expect(res.status).toBe(200)
      seen.push(...res.body.entries.map((e: { id: number }) => e.id))
      before = res.body.next
    } while (before !== null)
    expect(seen).toEqual(all.map(e => e.id))

    const older = await api('GET', `/api/customers/${id}/timeline?before=2026-11-01T12:00:00Z`, ANNA)
    expect(older.body.entries.every((e: { occurredAt: string }) => e.occurredAt < at('2026-11-01T12:00:00Z'))).toBe(true)
  })

  it('refuses empty or inconsistent entries, unknown customers, foreign issues and bad cursors with coded errors', async () => {
    const jane = await idOf('Jane Doe')
    const pat = await idOf('Pat O\'Brien')
    const janeIssue = (await t.db.selectFrom('issues').select('id').where('customer_id', '=', jane).executeTakeFirstOrThrow()).id
    const post = (id: number, body: unknown) => api('POST', `/api/customers/${id}/timeline`, BEN, body)
    expect(await post(pat, { kind: 'note', note: '  ' })).toMatchObject({ status: 422, body: { code: 'RC_ERR_TIMELINE_INVALID' } })
    expect(await post(pat, { kind: 'note', note: 'x', resolved: true })).toMatchObject({ status: 422, body: { code: 'RC_ERR_TIMELINE_INVALID' } })
    expect(await post(pat, { kind: 'note', note: 'x', issueId: janeIssue, newIssueTitle: 'y' })).toMatchObject({ status: 422, body: { code: 'RC_ERR_TIMELINE_INVALID' } })
    expect(await post(pat, { kind: 'call', note: 'x' })).toMatchObject({ status: 400, body: { code: 'RC_ERR_API_BAD_BODY' } })
    expect(await post(pat, { kind: 'note', note: 'x', colour: 'red' })).toMatchObject({ status: 400, body: { code: 'RC_ERR_API_BAD_BODY' } })
    expect(await post(999_999, { kind: 'note', note: 'x' })).toMatchObject({ status: 404, body: { code: 'RC_ERR_CUSTOMER_NOT_FOUND' } })
    expect(await post(pat, { kind: 'note', note: 'x', issueId: janeIssue })).toMatchObject({ status: 404, body: { code: 'RC_ERR_ISSUE_NOT_FOUND' } })
    expect(await api('GET', `/api/customers/${pat}/timeline?before=yesterday`, BEN)).toMatchObject({ status: 400, body: { code: 'RC_ERR_API_BAD_BODY' } })
    expect(await agent.request('GET', `/api/customers/${pat}/timeline`)).toMatchObject({ status: 401 })
    expect(await t.db.selectFrom('interactions').select('id').where('customer_id', '=', pat).execute()).toHaveLength(1)
  })

  it('an operator reads and adds to only the files they may read (the customer file\'s rule)', async () => {
    const pat = await idOf('Pat O\'Brien') // Ben's customer; Anna never dealt with him
    const forbidden = { status: 403, body: { code: 'RC_ERR_CUSTOMER_FORBIDDEN' } }
    expect(await api('GET', `/api/customers/${pat}/timeline`, ANNA)).toMatchObject(forbidden)
    expect(await api('POST', `/api/customers/${pat}/timeline`, ANNA, { kind: 'note', note: 'x' })).toMatchObject(forbidden)
    expect(await api('GET', `/api/customers/${pat}/issues`, ANNA)).toMatchObject(forbidden)
    expect(await api('POST', `/api/customers/${pat}/purchases`, ANNA, { amount: '1', currency: 'EUR', paymentMethod: 'cash' })).toMatchObject(forbidden)
    expect(await api('GET', `/api/customers/${pat}/tier`, ANNA)).toMatchObject(forbidden)
    expect(await api('GET', `/api/customers/${pat}/timeline`, BEN)).toMatchObject({ status: 200 })
    expect(await api('GET', `/api/customers/${pat}/timeline`, SUPER)).toMatchObject({ status: 200 })
    // Every read is audited on the customer.
    expect((await audits('timeline.read')).map(a => a.entity_id)).toEqual([String(pat), String(pat)])
  })

  it('issues: open, resolve on the first contact, reopen, edit; "resolved on first contact" is derived', async () => {
    // Ben's customer: he and the supervisor work on her issues.
    const id = await idOf('Emma Fischer')
    const opened = await api('POST', `/api/customers/${id}/issues`, BEN, { title: 'Cannot log in', description: 'Since the password reset' })
    expect(opened).toMatchObject({ status: 201, body: { issue: { title: 'Cannot log in', description: 'Since the password reset', status: 'open', openedByName: 'Ben Okafor', resolvedOnFirstContact: null, contacts: [] } } })
    const first = opened.body.issue.id as number

    // Solved on the first contact about it.
    const solved = await api('POST', `/api/customers/${id}/timeline`, BEN, { kind: 'email', note: 'Sent a new link.', issueId: first, resolved: true })
    expect(solved).toMatchObject({ status: 201, body: { entry: { issue: { id: first, status: 'resolved' }, resolved: true }, issue: { status: 'resolved', resolvedByName: 'Ben Okafor', resolvedOnFirstContact: true } } })

    // Opened on a note and resolved on a later contact: not first-contact.
    const second = (await api('POST', `/api/customers/${id}/timeline`, BEN, { kind: 'note', note: 'Invoice address wrong', newIssueTitle: 'Wrong invoice address' })).body.issue.id as number
    await api('POST', `/api/customers/${id}/timeline`, BEN, { kind: 'email', note: 'Corrected.', issueId: second, resolved: true })

    // Opened and resolved on one contact, then the customer writes again within the window: not first-contact either.
    const third = (await api('POST', `/api/customers/${id}/timeline`, SUPER, { kind: 'sms', note: 'Delivery date?', newIssueTitle: 'Delivery date', resolved: true, occurredAt: at('2026-11-01T09:00:00Z') })).body.issue
    expect(third).toMatchObject({ status: 'resolved', resolvedOnFirstContact: true })
    await api('POST', `/api/customers/${id}/timeline`, SUPER, { kind: 'sms', note: 'Still not here', issueId: third.id, occurredAt: at('2026-11-03T09:00:00Z') })

    // Resolved by hand with no contact at all.
    const fourth = (await api('POST', `/api/customers/${id}/issues`, BEN, { title: 'Duplicate account' })).body.issue.id as number
    const patched = await api('PATCH', `/api/issues/${fourth}`, SUPER, { status: 'resolved', title: 'Duplicate account (merged)' })
    expect(patched).toMatchObject({ status: 200, body: { issue: { title: 'Duplicate account (merged)', status: 'resolved', resolvedByName: 'Sam Lee', resolvedOnFirstContact: false } } })
    // Not Anna's file: she may not touch its issues.
    expect(await api('PATCH', `/api/issues/${fourth}`, ANNA, { status: 'open' })).toMatchObject({ status: 403, body: { code: 'RC_ERR_CUSTOMER_FORBIDDEN' } })

    const list = (await api('GET', `/api/customers/${id}/issues`, BEN)).body.issues as Array<{ id: number; resolvedOnFirstContact: boolean | null; contacts: unknown[] }>
    const byId = new Map(list.map(i => [i.id, i]))
    expect([first, second, third.id, fourth].map(i => byId.get(i)?.resolvedOnFirstContact)).toEqual([true, false, false, false])
    expect(byId.get(second)?.contacts).toHaveLength(2)

    // Reopen: open again, nobody resolved it, no verdict.
    const reopened = await api('PATCH', `/api/issues/${first}`, SUPER, { status: 'open' })
    expect(reopened.body.issue).toMatchObject({ status: 'open', resolvedAt: null, resolvedByName: null, resolvedOnFirstContact: null })
    expect((await api('GET', `/api/customers/${id}/issues?status=open`, BEN)).body.issues.map((i: { id: number }) => i.id)).toEqual([first])

    expect(await api('PATCH', '/api/issues/999999', BEN, { status: 'resolved' })).toMatchObject({ status: 404, body: { code: 'RC_ERR_ISSUE_NOT_FOUND' } })
    expect(await api('PATCH', `/api/issues/${first}`, BEN, {})).toMatchObject({ status: 400, body: { code: 'RC_ERR_API_BAD_BODY' } })
    const linkForeign = await api('POST', `/api/customers/${id}/issues`, BEN, { title: 'x', interactionId: (await t.db.selectFrom('interactions').select('id').where('customer_id', '<>', id).executeTakeFirstOrThrow()).id })
    expect(linkForeign).toMatchObject({ status: 404, body: { code: 'RC_ERR_CONTACT_NOT_FOUND' } })

    expect((await audits('issue.resolve')).map(a => JSON.parse(a.detail))).toEqual([{ issueId: fourth }])
    expect((await audits('issue.reopen')).map(a => [a.actor_id, JSON.parse(a.detail)])).toEqual([[expect.any(Number), { issueId: first }]])
    expect((await audits('issue.edit')).map(a => JSON.parse(a.detail))).toEqual([{ issueId: fourth, fields: ['title'] }])
  })

  it('purchases: recorded with their payment, summed over the window, and the tier recomputed at once', async () => {
    // Ben's prospect, who has bought nothing yet.
    const id = await idOf('Emma Fischer')
    const buy = (body: Record<string, unknown>) => api('POST', `/api/customers/${id}/purchases`, BEN, { paymentMethod: 'credit', currency: 'EUR', ...body })
    const first = await buy({ amount: '49.90', product: 'Starter kit', category: 'Hardware', paidOnTime: true })
    expect(first).toMatchObject({
      status: 201,
      body: {
        purchase: { amount: '49.90', amountMinor: 4990, currency: 'EUR', product: 'Starter kit', paymentMethod: 'credit', paidOnTime: true, createdByName: 'Ben Okafor' },
        tier: { tier: 'bronze', source: 'rules', reason: '€50 in 12 months, 100% paid on time', tiers: ['gold', 'silver', 'bronze'] }
      }
    })
    await buy({ amount: 1000, currency: 'eur', paymentMethod: 'instalments', paidOnTime: true })
    const third = await buy({ amount: '1200.10', paymentMethod: 'cash', paidOnTime: true })
    expect(third.body.tier).toMatchObject({ tier: 'silver', why: '€2,250 in 12 months, 100% paid on time' })
    // Another currency counts as a purchase, not towards the EUR volume.
    await buy({ amount: '5000', currency: 'USD', purchasedAt: new Date(Date.now() - 3 * 86_400_000).toISOString() })
    // Too old to count.
    await buy({ amount: '99999', purchasedAt: new Date(Date.now() - 400 * 86_400_000).toISOString(), paidOnTime: false })

    const list = await api('GET', `/api/customers/${id}/purchases`, BEN)
    expect(list.status).toBe(200)
    expect(list.body.purchases).toHaveLength(5)
    expect(list.body.summary).toEqual({ windowDays: 365, currency: 'EUR', volumeMinor: 225_000, volume: '€2,250 in 12 months', count: 4, onTimeRatio: 1 })

    // A late payment recorded afterwards: 2 of 3 known on time is under silver's 75%.
    const late = await api('PATCH', `/api/purchases/${third.body.purchase.id}`, SUPER, { paidOnTime: false })
    expect(late).toMatchObject({ status: 200, body: { purchase: { paidOnTime: false, createdByName: 'Ben Okafor' }, tier: { tier: 'bronze', reason: '€2,250 in 12 months, 66% paid on time' } } })
    expect((await audits('tier.rules')).filter(a => a.entity_id === String(id)).map(a => JSON.parse(a.detail)))
      .toEqual([{ from: null, to: 'bronze' }, { from: 'bronze', to: 'silver' }, { from: 'silver', to: 'bronze' }])

    expect(await buy({ amount: '1.999' })).toMatchObject({ status: 422, body: { code: 'RC_ERR_PURCHASE_INVALID' } })
    expect(await buy({ amount: '10', currency: 'XYZ' })).toMatchObject({ status: 422, body: { code: 'RC_ERR_PURCHASE_INVALID' } })
    expect(await buy({ amount: '-10' })).toMatchObject({ status: 400, body: { code: 'RC_ERR_API_BAD_BODY' } })
    expect(await buy({ amount: '10', paymentMethod: 'barter' })).toMatchObject({ status: 400, body: { code: 'RC_ERR_API_BAD_BODY' } })
    expect(await api('PATCH', '/api/purchases/999999', BEN, { paidOnTime: true })).toMatchObject({ status: 404, body: { code: 'RC_ERR_PURCHASE_NOT_FOUND' } })
    expect(await api('POST', '/api/customers/999999/purchases', BEN, { amount: '1', currency: 'EUR', paymentMethod: 'cash' })).toMatchObject({ status: 404, body: { code: 'RC_ERR_CUSTOMER_NOT_FOUND' } })
  })

  it('a manual tier wins over the rules until cleared; only supervisors and admins set it, and each change is audited', async () => {
    const id = await idOf('Thomas Schmidt')
    expect((await api('GET', `/api/customers/${id}/tier`, BEN)).body.tier).toMatchObject({ tier: 'bronze', source: 'rules', why: '€300 in 12 months, 100% paid on time' })
    expect(await api('PUT', `/api/customers/${id}/tier`, ANNA, { tier: 'gold', reason: 'x' })).toMatchObject({ status: 403, body: { code: 'RC_ERR_AUTH_FORBIDDEN' } })
    expect(await api('PUT', `/api/customers/${id}/tier`, SUPER, { tier: 'platinum', reason: 'x' })).toMatchObject({ status: 422, body: { code: 'RC_ERR_TIER_UNKNOWN' } })

    const set = await api('PUT', `/api/customers/${id}/tier`, SUPER, { tier: 'Gold', reason: 'Brother of the CEO' })
    expect(set).toMatchObject({ status: 200, body: { tier: { tier: 'gold', source: 'manual', reason: 'Brother of the CEO', why: 'set by hand: Brother of the CEO' } } })
    // Purchases and the nightly run leave it alone.
    await api('POST', `/api/customers/${id}/purchases`, BEN, { amount: '5', currency: 'EUR', paymentMethod: 'cash', paidOnTime: false })
    await agent.app.ringcard.tiering.recomputeAll()
    expect((await api('GET', `/api/customers/${id}/tier`, BEN)).body).toMatchObject({ tier: { tier: 'gold', source: 'manual' }, summary: { count: 2, onTimeRatio: 0.5 } })

    const cleared = await api('DELETE', `/api/customers/${id}/tier`, SUPER)
    expect(cleared).toMatchObject({ status: 200, body: { tier: { tier: 'bronze', source: 'rules', why: '€305 in 12 months, 50% paid on time' } } })
    expect(await api('DELETE', `/api/customers/${id}/tier`, BEN)).toMatchObject({ status: 403 })

    const overrides = await audits('tier.override')
    expect(overrides.map(a => [a.entity_id, JSON.parse(a.detail)])).toEqual([[String(id), { from: 'bronze', fromSource: 'rules', to: 'gold' }]])
    expect((await audits('tier.clear')).map(a => JSON.parse(a.detail))).toEqual([{ from: 'gold' }])
    // The reason is free text about the customer: it stays out of the audit log.
    expect((await t.db.selectFrom('audit_log').select('detail').execute()).some(a => a.detail.includes('CEO'))).toBe(false)
  })

  it('the nightly job ran at start (catch-up) and recorded when', async () => {
    const job = await t.db.selectFrom('jobs').selectAll().execute()
    expect(job).toEqual([{ name: 'tiers.recompute', last_run_at: expect.any(String) }])
    // It already ran for today's slot: another check does nothing.
    expect(await agent.app.ringcard.nightlyTiers.tick()).toBe(false)
  })

  it('the popped card carries the tier and why, the purchase volume and "birthday today"', async () => {
    const today = new Date(agent.clock.now()).toISOString().slice(5, 10)
    await t.db.updateTable('customers').set({ birthday: `1984-${today}` }).where('display_name', '=', 'Jane Doe').execute()
    const anna = await agent.operator(ANNA)
    await agent.pbx.play(await trace('01-inbound-answered'), { rewrite: { '+4915112345678': DEMO_NUMBERS.jane } })
    const ringing = await anna.call(c => c.state === 'ringing')
    if (ringing.match.kind !== 'customer') throw new Error(`expected Jane's card, got ${ringing.match.kind}`)
    expect(ringing.match.card).toMatchObject({
      displayName: 'Jane Doe',
      tier: 'gold',
      tierWhy: '€12,400 in 12 months, 96% paid on time',
      purchaseVolume: { amountMinor: 1_240_000, currency: 'EUR', windowDays: 365, text: '€12,400 in 12 months' },
      birthdayToday: true
    })
    const file = await api('GET', `/api/customers/${ringing.match.card.customerId}`, ANNA)
    expect(file.body.customer).toMatchObject({ tierWhy: '€12,400 in 12 months, 96% paid on time', birthdayToday: true })

    // Someone without purchases or birthday: no volume, no reason, no cake.
    const lead = await api('GET', `/api/customers/${await idOf('Lukas Meier')}`, SUPER)
    expect(lead.body.customer).toMatchObject({ tier: null, tierWhy: null, purchaseVolume: null, birthdayToday: false })
  })
})
