/**
 * The customer file over real HTTP, on SQLite and PostgreSQL: every field,
 * numbers, e-mails and contact persons, the funnel, groups, campaigns,
 * owners, duplicates, merge, who may read which file, and the audit log
 * (which never holds a name, number or address).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dialects, useTestDatabase } from '../support/databases.js'
import { startAgent, trace, type Agent } from '../support/agent-harness.js'
import { DEMO_NUMBERS } from '../../agent/demo/seed.js'
import { crmUnitOfWork } from '../support/crm.js'

const RECORDED = '+4915112345678'
const ANNA = 'demo-1001'
const BEN = 'demo-1002'
const SUPER = 'demo-super'
const ADMIN = 'demo-admin'

/** A whole file, with every field the API takes. */
const FULL = {
  displayName: 'Parisa Karimi',
  honorific: 'سرکار خانم',
  givenName: 'Parisa',
  familyName: 'Karimi',
  company: 'Karimi Trading Co.',
  birthday: '1988-07-21',
  language: 'fa',
  address: 'Vali-e Asr St. 1200',
  city: 'Tehran',
  notes: 'Prefers calls after 10.',
  stage: 'prospect',
  consent: { sms: true, email: false },
  phones: [
    { number: '0912 345 6789', kind: 'mobile', country: 'IR' },
    { number: '+49 30 99887766', kind: 'work', primary: true }
  ],
  emails: [{ address: 'Parisa@Karimi.example' }, { address: 'office@karimi.example', primary: true }],
  contactPersons: [{ name: 'Reza Ahmadi', role: 'Purchasing', phones: [{ number: '+98 21 8888 7777', kind: 'work' }] }]
}

describe.each(await dialects())('[%s] customer file', (_name, dialect) => {
  const t = useTestDatabase(dialect)
  let agent: Agent
  let ids: Record<'anna' | 'ben' | 'super' | 'admin', number>

  beforeEach(async () => {
    agent = await startAgent(t)
    const me = async (token: string): Promise<number> => (await agent.request('GET', '/api/me', { token })).body.id
    ids = { anna: await me(ANNA), ben: await me(BEN), super: await me(SUPER), admin: await me(ADMIN) }
  })
  afterEach(async () => { await agent.close() })

  const req = (token: string, method: string, path: string, body?: unknown) => agent.request(method, path, { token, body })
  const customerId = async (name: string): Promise<number> =>
    (await t.db.selectFrom('customers').select('id').where('display_name', '=', name).executeTakeFirstOrThrow()).id
  const auditRows = (customer: number) => t.db.selectFrom('audit_log').selectAll()
    .where('entity', '=', 'customer').where('entity_id', '=', String(customer)).orderBy('id').execute()

  it('creates a customer with every field and reads the whole file back', async () => {
    const created = await req(ANNA, 'POST', '/api/customers', FULL)
    expect(created.status).toBe(201)
    const file = created.body.file
    expect(created.body.customer).toMatchObject({ displayName: 'Parisa Karimi', stage: 'prospect', ownerName: 'Anna Berg' })
    expect(file).toMatchObject({
      displayName: 'Parisa Karimi', honorific: 'سرکار خانم', givenName: 'Parisa', familyName: 'Karimi', company: 'Karimi Trading Co.',
      birthday: '1988-07-21', language: 'fa', address: 'Vali-e Asr St. 1200', city: 'Tehran', notes: 'Prefers calls after 10.',
      owner: { id: ids.anna, displayName: 'Anna Berg' }, stage: 'prospect', tier: null, campaign: null, groups: [],
      consent: { sms: { given: true, at: expect.any(String) }, email: { given: false, at: expect.any(String) } },
      createdBy: { id: ids.anna }, updatedBy: { id: ids.anna }
    })
    expect(file.phones).toEqual([
      { id: expect.any(Number), raw: '+49 30 99887766', e164: '+493099887766', kind: 'work', country: null, primary: true },
      { id: expect.any(Number), raw: '0912 345 6789', e164: '+989123456789', kind: 'mobile', country: 'IR', primary: false }
    ])
    expect(file.emails).toEqual([
      { id: expect.any(Number), address: 'Parisa@Karimi.example', primary: false },
      { id: expect.any(Number), address: 'office@karimi.example', primary: true }
    ])
    expect(file.contactPersons).toEqual([{
      id: expect.any(Number), name: 'Reza Ahmadi', role: 'Purchasing', phones: [{ id: expect.any(Number), raw: '+98 21 8888 7777', e164: '+982188887777', kind: 'work' }]
    }])
    expect(file.stageHistory).toEqual([{ from: null, to: 'prospect', at: file.createdAt, by: { id: ids.anna, displayName: 'Anna Berg' } }])

    const read = await req(ANNA, 'GET', `/api/customers/${file.id}`)
    expect(read.status).toBe(200)
    expect(read.body.file).toEqual(file)
    expect(read.body.customer).toMatchObject({ customerId: file.id, salutation: expect.any(String), openIssues: [], lastContacts: [] })
    expect((await auditRows(file.id)).filter(r => r.action.startsWith('customer.')).map(r => [r.action, r.actor_id]))
      .toEqual([['customer.create', ids.anna], ['customer.read', ids.anna]])

    // The pop finds the new number at once.
    expect((await req(ANNA, 'GET', '/api/customers?stage=prospect')).body.customers.map((c: { displayName: string }) => c.displayName)).toContain('Parisa Karimi')
  })

  it('validates what it stores: coded 4xx, nothing written', async () => {
    const before = await t.db.selectFrom('customers').select(eb => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
    const bad: Array<[unknown, number, string]> = [
      [{ ...FULL, birthday: '1988-02-30' }, 400, 'RC_ERR_API_BAD_BODY'],
      [{ ...FULL, birthday: '21.07.1988' }, 400, 'RC_ERR_API_BAD_BODY'],
      [{ ...FULL, language: 'not a language' }, 400, 'RC_ERR_API_BAD_BODY'],
      [{ ...FULL, emails: [{ address: 'no-at-sign' }] }, 400, 'RC_ERR_API_BAD_BODY'],
      [{ ...FULL, stage: 'vip' }, 400, 'RC_ERR_API_BAD_BODY'],
      [{ ...FULL, tier: 'gold' }, 400, 'RC_ERR_API_BAD_BODY'],
      [{ ...FULL, displayName: '   ' }, 400, 'RC_ERR_API_BAD_BODY'],
      [{ ...FULL, phones: [{ number: 'call me' }] }, 422, 'RC_ERR_PHONE_INVALID'],
      [{ ...FULL, phones: [{ number: '030 1234567', country: 'XX' }] }, 422, 'RC_ERR_PHONE_INVALID'],
      [{ ...FULL, ownerId: 999_999 }, 404, 'RC_ERR_OWNER_NOT_FOUND'],
      [{ ...FULL, ownerId: ids.ben }, 403, 'RC_ERR_AUTH_FORBIDDEN'],
      [{ ...FULL, campaignId: 999_999 }, 404, 'RC_ERR_CAMPAIGN_NOT_FOUND'],
      [{ ...FULL, groupIds: [999_999] }, 404, 'RC_ERR_GROUP_NOT_FOUND']
    ]
    for (const [body, status, code] of bad) {
      expect(await req(ANNA, 'POST', '/api/customers', body), JSON.stringify(body).slice(0, 80)).toMatchObject({ status, body: { code } })
    }
    expect(await t.db.selectFrom('customers').select(eb => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).toEqual(before)

    const jane = await customerId('Jane Doe')
    for (const [body, status, code] of [
      [{}, 400, 'RC_ERR_API_BAD_BODY'],
      [{ shoeSize: 42 }, 400, 'RC_ERR_API_BAD_BODY'],
      [{ displayName: '' }, 400, 'RC_ERR_API_BAD_BODY'],
      [{ tier: 'bronze' }, 400, 'RC_ERR_API_BAD_BODY'],
      [{ birthday: '2026-13-01' }, 400, 'RC_ERR_API_BAD_BODY'],
      [{ ownerId: 999_999 }, 404, 'RC_ERR_OWNER_NOT_FOUND'],
      [{ campaignId: 999_999 }, 404, 'RC_ERR_CAMPAIGN_NOT_FOUND']
    ] as Array<[unknown, number, string]>) {
      expect(await req(ANNA, 'PATCH', `/api/customers/${jane}`, body), JSON.stringify(body)).toMatchObject({ status, body: { code } })
    }
    expect(await req(ANNA, 'PATCH', '/api/customers/999999', { city: 'Bonn' })).toMatchObject({ status: 404, body: { code: 'RC_ERR_CUSTOMER_NOT_FOUND' } })
  })

  it('patches some fields, keeps the funnel history and audits field names only', async () => {
    const jane = await customerId('Jane Doe')
    const patched = await req(ANNA, 'PATCH', `/api/customers/${jane}`, {
      givenName: 'Jane', familyName: 'Doe', city: 'Hamburg', notes: null, consent: { email: true }, stage: 'inactive'
    })
    expect(patched.status).toBe(200)
    expect(patched.body.file).toMatchObject({
      givenName: 'Jane', familyName: 'Doe', city: 'Hamburg', notes: null, honorific: 'Ms', stage: 'inactive',
      consent: { sms: { given: null, at: null }, email: { given: true, at: expect.any(String) } }, updatedBy: { id: ids.anna }
    })
    await req(ANNA, 'PATCH', `/api/customers/${jane}`, { stage: 'customer' })
    await req(ANNA, 'PATCH', `/api/customers/${jane}`, { stage: 'customer', city: 'Hamburg' })
    const file = (await req(ANNA, 'GET', `/api/customers/${jane}`)).body.file
    expect(file.stageHistory.map((s: { from: string | null; to: string }) => [s.from, s.to])).toEqual([[null, 'customer'], ['customer', 'inactive'], ['inactive', 'customer']])
    expect(file.stageHistory[1]).toMatchObject({ at: expect.any(String), by: { id: ids.anna, displayName: 'Anna Berg' } })
    expect((await req(ANNA, 'GET', `/api/customers/${jane}`)).body.customer.stage).toBe('customer')

    const rows = await auditRows(jane)
    // Only the file's own rows: the tier rules (a nightly job that may run at start) write theirs too.
    const updates = rows.filter(r => r.action.startsWith('customer.') && r.action !== 'customer.read')
    expect(updates.map(r => [r.action, JSON.parse(r.detail)])).toEqual([
      // The demo's customers come in through the import path.
      ['customer.import', { importId: 'demo-seed', created: true }],
      ['customer.update', { fields: ['givenName', 'familyName', 'city', 'notes', 'stage', 'emailConsent'] }],
      ['customer.stage.change', { from: 'customer', to: 'inactive' }],
      ['customer.update', { fields: ['stage'] }],
      ['customer.stage.change', { from: 'inactive', to: 'customer' }]
    ])
  })

  it('adds, replaces and removes numbers, e-mail addresses and contact persons; one of each is primary', async () => {
    const { file } = (await req(ANNA, 'POST', '/api/customers', { displayName: 'Olaf Nilsen', phone: '+47 912 34 567' })).body
    expect(file.phones).toMatchObject([{ e164: '+4791234567', kind: 'other', primary: true }])
    const path = `/api/customers/${file.id}`

    let res = await req(ANNA, 'POST', `${path}/phones`, { number: '+47 22 12 34 56', kind: 'work', primary: true })
    expect(res.status).toBe(201)
    expect(res.body.file.phones.map((p: { e164: string; primary: boolean }) => [p.e164, p.primary])).toEqual([['+4791234567', false], ['+4722123456', true]])
    const work = res.body.file.phones[1].id
    res = await req(ANNA, 'DELETE', `${path}/phones/${work}`)
    expect(res.body.file.phones.map((p: { e164: string; primary: boolean }) => [p.e164, p.primary])).toEqual([['+4791234567', true]])
    expect(await req(ANNA, 'DELETE', `${path}/phones/${work}`)).toMatchObject({ status: 404, body: { code: 'RC_ERR_CUSTOMER_PART_NOT_FOUND' } })
    res = await req(ANNA, 'PUT', `${path}/phones`, { phones: [{ number: '0171 2223334', kind: 'mobile' }, { number: '0171 2223334' }] })
    expect(res.body.file.phones).toMatchObject([{ raw: '0171 2223334', e164: '+491712223334', kind: 'mobile', primary: true }])

    res = await req(ANNA, 'POST', `${path}/emails`, { address: 'olaf@nilsen.example' })
    expect(res).toMatchObject({ status: 201, body: { file: { emails: [{ address: 'olaf@nilsen.example', primary: true }] } } })
    res = await req(ANNA, 'PUT', `${path}/emails`, { emails: [{ address: 'a@nilsen.example' }, { address: 'b@nilsen.example', primary: true }] })
    expect(res.body.file.emails.map((e: { address: string; primary: boolean }) => [e.address, e.primary])).toEqual([['a@nilsen.example', false], ['b@nilsen.example', true]])
    res = await req(ANNA, 'DELETE', `${path}/emails/${res.body.file.emails[1].id}`)
    expect(res.body.file.emails.map((e: { address: string; primary: boolean }) => [e.address, e.primary])).toEqual([['a@nilsen.example', true]])

    res = await req(ANNA, 'POST', `${path}/contact-persons`, { name: 'Kari', role: 'CFO', phones: [{ number: '+47 400 00 000', kind: 'mobile' }] })
    expect(res.status).toBe(201)
    const person = res.body.file.contactPersons[0]
    expect(person).toMatchObject({ name: 'Kari', role: 'CFO', phones: [{ e164: '+4740000000' }] })
    res = await req(ANNA, 'PATCH', `${path}/contact-persons/${person.id}`, { role: null, phones: [] })
    expect(res.body.file.contactPersons).toEqual([{ id: person.id, name: 'Kari', role: null, phones: [] }])
    res = await req(ANNA, 'DELETE', `${path}/contact-persons/${person.id}`)
    expect(res.body.file.contactPersons).toEqual([])
    expect(await req(ANNA, 'PATCH', `${path}/contact-persons/${person.id}`, { name: 'X' })).toMatchObject({ status: 404, body: { code: 'RC_ERR_CUSTOMER_PART_NOT_FOUND' } })

    expect((await auditRows(file.id)).map(r => r.action).filter(a => !a.startsWith('tier.'))).toEqual([
      'lead.create', 'customer.phone.add', 'customer.phone.remove', 'customer.phones.replace', 'customer.email.add',
      'customer.emails.replace', 'customer.email.remove', 'customer.contact-person.add', 'customer.contact-person.update',
      'customer.contact-person.remove'
    ])
  })

  it('warns about another file with the same number or address, and creates anyway with force', async () => {
    const jane = await customerId('Jane Doe')
    const dup = await req(BEN, 'POST', '/api/customers', { displayName: 'J. Doe', phones: [{ number: '0151 12345678' }] })
    expect(dup).toEqual({
      status: 409,
      body: {
        statusCode: 409, code: 'RC_ERR_CUSTOMER_DUPLICATE', message: expect.any(String),
        duplicates: [{ customerId: jane, displayName: 'Jane Doe', field: 'phone' }]
      }
    })
    expect(await t.db.selectFrom('customers').select('id').where('display_name', '=', 'J. Doe').execute()).toEqual([])
    const forced = await req(BEN, 'POST', '/api/customers', { displayName: 'J. Doe', phones: [{ number: '0151 12345678' }], emails: [{ address: 'jd@example.com' }], force: true })
    expect(forced.status).toBe(201)
    const audit = (await auditRows(forced.body.file.id))[0]!
    expect(JSON.parse(audit.detail)).toMatchObject({ forced: true })

    // Adding a number or address another customer has warns too, naming that file.
    const lead = (await req(BEN, 'POST', '/api/customers', { displayName: 'Someone Else' })).body.file.id
    expect(await req(BEN, 'POST', `/api/customers/${lead}/emails`, { address: 'JD@example.com' }))
      .toMatchObject({ status: 409, body: { code: 'RC_ERR_CUSTOMER_DUPLICATE', duplicates: [{ customerId: forced.body.file.id, displayName: 'J. Doe', field: 'email' }] } })
    const both = await req(BEN, 'POST', `/api/customers/${lead}/phones`, { number: DEMO_NUMBERS.jane })
    expect(both.status).toBe(409)
    expect(both.body.duplicates.map((d: { customerId: number }) => d.customerId).sort()).toEqual([jane, forced.body.file.id].sort())
    expect(await req(BEN, 'POST', `/api/customers/${lead}/phones`, { number: DEMO_NUMBERS.jane, force: true })).toMatchObject({ status: 201 })
    // A customer's own number is not a duplicate of itself.
    expect(await req(BEN, 'POST', `/api/customers/${lead}/phones`, { number: '+49 30 55500011' })).toMatchObject({ status: 201 })
    expect(await req(BEN, 'PUT', `/api/customers/${lead}/phones`, { phones: [{ number: '030 55500011' }] })).toMatchObject({ status: 200 })
  })

  it('groups: created with a colour by anyone at the desk, changed by their creator, supervisors and admins; membership and filter', async () => {
    const made = await req(ANNA, 'POST', '/api/groups', { name: 'Troublesome', colour: '#AA0000' })
    expect(made).toMatchObject({ status: 201, body: { group: { name: 'Troublesome', colour: '#aa0000', createdBy: ids.anna, customers: 0 } } })
    const group = made.body.group.id
    expect(await req(BEN, 'POST', '/api/groups', { name: 'Troublesome' })).toMatchObject({ status: 409, body: { code: 'RC_ERR_GROUP_EXISTS' } })
    expect(await req(BEN, 'POST', '/api/groups', { name: 'Bad', colour: 'red' })).toMatchObject({ status: 400 })
    expect(await req(BEN, 'PATCH', `/api/groups/${group}`, { colour: '#00ff00' })).toMatchObject({ status: 403, body: { code: 'RC_ERR_AUTH_FORBIDDEN' } })
    expect(await req(SUPER, 'PATCH', `/api/groups/${group}`, { name: 'Difficult' })).toMatchObject({ status: 200, body: { group: { name: 'Difficult' } } })
    expect(await req(ANNA, 'PATCH', `/api/groups/${group}`, { name: 'VIP' })).toMatchObject({ status: 409, body: { code: 'RC_ERR_GROUP_EXISTS' } })

    const jane = await customerId('Jane Doe')
    const wagner = await customerId('Klaus Wagner')
    expect((await req(ANNA, 'PUT', `/api/customers/${jane}/groups/${group}`)).body.file.groups).toContainEqual({ id: group, name: 'Difficult', colour: '#aa0000' })
    await req(ANNA, 'PUT', `/api/customers/${jane}/groups/${group}`)
    await req(ANNA, 'PUT', `/api/customers/${wagner}/groups/${group}`)
    expect(await req(ANNA, 'PUT', `/api/customers/${jane}/groups/999999`)).toMatchObject({ status: 404, body: { code: 'RC_ERR_GROUP_NOT_FOUND' } })
    expect((await req(ANNA, 'GET', `/api/customers?group=${group}`)).body.customers.map((c: { id: number }) => c.id)).toEqual([jane, wagner])
    expect((await req(ANNA, 'GET', '/api/groups')).body.groups).toContainEqual(expect.objectContaining({ id: group, customers: 2 }))
    // The card shows the group too.
    expect((await req(ANNA, 'GET', `/api/customers/${jane}`)).body.customer.groups).toContain('Difficult')

    await req(ANNA, 'DELETE', `/api/customers/${jane}/groups/${group}`)
    expect((await req(ANNA, 'GET', `/api/customers?group=${group}`)).body.customers.map((c: { id: number }) => c.id)).toEqual([wagner])
    expect(await req(BEN, 'DELETE', `/api/groups/${group}`)).toMatchObject({ status: 403 })
    expect(await req(ANNA, 'DELETE', `/api/groups/${group}`)).toMatchObject({ status: 204 })
    expect(await req(ANNA, 'DELETE', `/api/groups/${group}`)).toMatchObject({ status: 404, body: { code: 'RC_ERR_GROUP_NOT_FOUND' } })
    expect((await req(ANNA, 'GET', `/api/customers/${wagner}`)).body.file.groups.map((g: { name: string }) => g.name)).toEqual(['Enterprise'])
  })

  it('campaigns: a table managed by supervisors and admins; each customer points at the one that brought them', async () => {
    const body = { name: 'Nowruz 1405', channel: 'instagram', startsOn: '2026-03-01', endsOn: '2026-03-31', costMinor: 1_500_000_000, currency: 'irr' }
    expect(await req(ANNA, 'POST', '/api/campaigns', body)).toMatchObject({ status: 403, body: { code: 'RC_ERR_AUTH_FORBIDDEN' } })
    const made = await req(ADMIN, 'POST', '/api/campaigns', body)
    expect(made).toMatchObject({ status: 201, body: { campaign: { ...body, currency: 'IRR', id: expect.any(Number), createdAt: expect.any(String) } } })
    const campaign = made.body.campaign.id
    expect(await req(SUPER, 'POST', '/api/campaigns', { name: 'Nowruz 1405' })).toMatchObject({ status: 409, body: { code: 'RC_ERR_CAMPAIGN_EXISTS' } })
    expect(await req(SUPER, 'POST', '/api/campaigns', { name: 'Backwards', startsOn: '2026-03-02', endsOn: '2026-03-01' })).toMatchObject({ status: 400 })
    expect(await req(SUPER, 'PATCH', `/api/campaigns/${campaign}`, { costMinor: 2_000_000_000 })).toMatchObject({ status: 200, body: { campaign: { costMinor: 2_000_000_000, channel: 'instagram' } } })

    const lead = await req(ANNA, 'POST', '/api/customers', { displayName: 'Sara Moradi', campaignId: campaign })
    expect(lead.body.file.campaign).toEqual({ id: campaign, name: 'Nowruz 1405', channel: 'instagram' })
    expect(lead.body.customer.sourceCampaign).toBe('Nowruz 1405')
    // The lead form's free text names a campaign, made when new.
    const named = await req(ANNA, 'POST', '/api/customers', { displayName: 'Omid Rahimi', sourceCampaign: 'street-fair' })
    expect(named.body.file.campaign).toMatchObject({ name: 'street-fair', channel: null })
    expect(await req(ANNA, 'POST', '/api/customers', { displayName: 'X', campaignId: campaign, sourceCampaign: 'y' })).toMatchObject({ status: 400 })

    const jane = await customerId('Jane Doe')
    expect((await req(ANNA, 'PATCH', `/api/customers/${jane}`, { campaignId: campaign })).body.file.campaign.id).toBe(campaign)
    expect((await req(ANNA, 'GET', `/api/customers?campaign=${campaign}`)).body.customers.map((c: { displayName: string }) => c.displayName)).toEqual(['Jane Doe', 'Sara Moradi'])
    const list = (await req(ANNA, 'GET', '/api/campaigns')).body.campaigns.map((c: { name: string }) => c.name)
    expect(list).toEqual(expect.arrayContaining(['Nowruz 1405', 'street-fair', 'spring-fair-2025']))

    expect(await req(ADMIN, 'DELETE', `/api/campaigns/${campaign}`)).toMatchObject({ status: 204 })
    expect((await req(ANNA, 'GET', `/api/customers/${jane}`)).body.file.campaign).toBeNull()
    expect(await req(ADMIN, 'PATCH', `/api/campaigns/${campaign}`, { name: 'gone' })).toMatchObject({ status: 404, body: { code: 'RC_ERR_CAMPAIGN_NOT_FOUND' } })
  })

  it('the owner: one per customer, changed within the rules, every change audited without personal data', async () => {
    const jane = await customerId('Jane Doe')
    const pat = await customerId('Pat O\'Brien')
    const helga = await customerId('Helga Braun')
    // Anna hands her own customer over; she may not take Ben's; she may claim an unowned one.
    expect(await req(ANNA, 'PATCH', `/api/customers/${jane}`, { ownerId: ids.ben })).toMatchObject({ status: 200, body: { file: { owner: { id: ids.ben, displayName: 'Ben Okafor' } } } })
    expect(await req(BEN, 'PATCH', `/api/customers/${pat}`, { ownerId: ids.anna })).toMatchObject({ status: 200 })
    expect(await req(ANNA, 'PATCH', `/api/customers/${jane}`, { ownerId: ids.anna })).toMatchObject({ status: 403, body: { code: 'RC_ERR_AUTH_FORBIDDEN' } })
    await req(ANNA, 'GET', '/api/customers?owner=' + ids.admin) // finds nobody, grants nothing
    expect(await req(ANNA, 'GET', `/api/customers/${helga}`)).toMatchObject({ status: 403 })
    expect(await req(SUPER, 'PATCH', `/api/customers/${helga}`, { ownerId: ids.anna })).toMatchObject({ status: 200, body: { file: { owner: { id: ids.anna } } } })
    expect(await req(SUPER, 'PATCH', `/api/customers/${jane}`, { ownerId: null })).toMatchObject({ status: 200, body: { file: { owner: null } } })
    expect((await req(ANNA, 'GET', `/api/customers?owner=${ids.anna}`)).body.customers.map((c: { displayName: string }) => c.displayName)).toContain('Helga Braun')

    const changes = (await auditRows(jane)).filter(r => r.action === 'customer.owner.change')
    expect(changes.map(r => [r.actor_id, JSON.parse(r.detail)])).toEqual([
      [ids.anna, { from: ids.anna, to: ids.ben }],
      [ids.super, { from: ids.ben, to: null }]
    ])
  })

  it('who sees what: operators read files they have a relation to; supervisors and admins every one; only admins delete, merge and read the audit', async () => {
    const jane = await customerId('Jane Doe')
    // Ben never dealt with Anna's customer Jane.
    expect(await req(BEN, 'GET', `/api/customers/${jane}`)).toMatchObject({ status: 403, body: { code: 'RC_ERR_CUSTOMER_FORBIDDEN' } })
    expect(await req(BEN, 'PATCH', `/api/customers/${jane}`, { city: 'Bonn' })).toMatchObject({ status: 403, body: { code: 'RC_ERR_CUSTOMER_FORBIDDEN' } })
    expect(await req(BEN, 'POST', `/api/customers/${jane}/phones`, { number: '+4930111222' })).toMatchObject({ status: 403 })
    expect(await req(BEN, 'GET', '/api/customers/999999')).toMatchObject({ status: 404, body: { code: 'RC_ERR_CUSTOMER_NOT_FOUND' } })
    expect(await req(SUPER, 'GET', `/api/customers/${jane}`)).toMatchObject({ status: 200 })
    expect(await req(ADMIN, 'GET', `/api/customers/${jane}`)).toMatchObject({ status: 200 })

    // Finding her in a list counts: the find is audited, and then Ben may open the file.
    const page = await req(BEN, 'GET', `/api/customers?owner=${ids.anna}&tier=gold`)
    expect(page.body.customers.map((c: { id: number }) => c.id)).toEqual([jane])
    const finds = (await auditRows(jane)).filter(r => r.action === 'customer.find')
    expect(finds.map(r => [r.actor_id, r.detail])).toEqual([[ids.ben, '{}']])
    expect(await req(BEN, 'GET', `/api/customers/${jane}`)).toMatchObject({ status: 200, body: { file: { id: jane } } })

    expect(await req(BEN, 'DELETE', `/api/customers/${jane}`)).toMatchObject({ status: 403, body: { code: 'RC_ERR_AUTH_FORBIDDEN' } })
    expect(await req(SUPER, 'DELETE', `/api/customers/${jane}`)).toMatchObject({ status: 403, body: { code: 'RC_ERR_AUTH_FORBIDDEN' } })
    expect(await req(SUPER, 'POST', `/api/customers/${jane}/merge`, { from: await customerId('Pat O\'Brien') })).toMatchObject({ status: 403 })
    expect(await req(SUPER, 'GET', '/api/audit')).toMatchObject({ status: 403, body: { code: 'RC_ERR_AUTH_FORBIDDEN' } })
    expect(await req(ADMIN, 'DELETE', `/api/customers/${jane}`)).toMatchObject({ status: 204 })
    expect(await req(ADMIN, 'GET', `/api/customers/${jane}`)).toMatchObject({ status: 404, body: { code: 'RC_ERR_CUSTOMER_NOT_FOUND' } })
    expect(await req(ADMIN, 'DELETE', `/api/customers/${jane}`)).toMatchObject({ status: 404 })
    // Her calls stay, without a customer.
    expect((await t.db.selectFrom('interactions').select('customer_id').where('call_id', 'like', 'seed-%').execute()).length).toBeGreaterThan(0)
  })

  it('a pop is a read: audited once per call, and the operator it rang may open that file', async () => {
    const pat = await customerId('Pat O\'Brien') // Ben's customer; Anna never dealt with him
    expect(await req(ANNA, 'GET', `/api/customers/${pat}`)).toMatchObject({ status: 403 })
    const anna = await agent.operator(ANNA)
    const annaAgain = await agent.operator(ANNA) // two sockets, still one audit row
    agent.clock.holdFor(1000)
    const done = agent.pbx.play(await trace('01-inbound-answered'), { rewrite: { [RECORDED]: DEMO_NUMBERS.pat } })
    const ringing = await anna.call(c => c.myLeg === 'ringing')
    await annaAgain.call(c => c.myLeg === 'ringing')
    expect(ringing.match).toMatchObject({ kind: 'customer', card: { customerId: pat } })
    // While it rings, the pop lets Anna open the file; Ben's colleague Sam (supervisor) could anyway.
    expect(await req(ANNA, 'GET', `/api/customers/${pat}`)).toMatchObject({ status: 200 })
    agent.clock.release()
    await done
    await agent.settled()
    const pops = (await auditRows(pat)).filter(r => r.action === 'customer.pop')
    expect(pops.map(r => [r.actor_id, JSON.parse(r.detail)])).toEqual([[null, { callId: ringing.id }]])
  })

  it('merges two files into one in one transaction, audited; the merged file is gone', async () => {
    const group = (await req(ADMIN, 'POST', '/api/groups', { name: 'Wholesale' })).body.group.id
    const kept = (await req(ADMIN, 'POST', '/api/customers', {
      displayName: 'Mina Sadeghi', phones: [{ number: '+98 912 000 1111' }], emails: [{ address: 'mina@example.com' }], ownerId: ids.anna
    })).body.file
    const other = (await req(ADMIN, 'POST', '/api/customers', {
      displayName: 'M. Sadeghi',
      phones: [{ number: '+98 912 000 1111' }, { number: '+98 21 4444 5555', kind: 'work' }],
      emails: [{ address: 'MINA@example.com' }, { address: 'sales@sadeghi.example' }],
      contactPersons: [{ name: 'Ali', role: 'Assistant' }],
      birthday: '1990-01-02',
      city: 'Shiraz',
      notes: 'Old file.',
      groupIds: [group],
      force: true
    })).body.file
    const repos = crmUnitOfWork(t.db)
    await repos.repos.interactions.add({ customerId: other.id, kind: 'note', direction: null, occurredAt: '2026-11-01T10:00:00.000Z', operatorId: ids.anna, disposition: null, note: 'Asked for a quote.', resolved: null, issueId: null })
    const issue = await repos.repos.issues.add(other.id, 'Quote missing', ids.anna)
    await t.db.insertInto('purchases').values({
      customer_id: other.id, purchased_at: '2026-11-02T10:00:00.000Z', amount_minor: 12_000, currency: 'EUR', product: 'Rug', category: null,
      payment_method: 'cash', paid_on_time: true, created_by: ids.anna, created_at: '2026-11-02T10:00:00.000Z', updated_at: '2026-11-02T10:00:00.000Z'
    }).execute()

    expect(await req(ADMIN, 'POST', `/api/customers/${kept.id}/merge`, { from: kept.id })).toMatchObject({ status: 422, body: { code: 'RC_ERR_CUSTOMER_MERGE_SELF' } })
    expect(await req(ADMIN, 'POST', `/api/customers/${kept.id}/merge`, { from: 999_999 })).toMatchObject({ status: 404, body: { code: 'RC_ERR_CUSTOMER_NOT_FOUND' } })
    expect(await req(ANNA, 'POST', `/api/customers/${kept.id}/merge`, { from: other.id })).toMatchObject({ status: 403 })

    const merged = await req(ADMIN, 'POST', `/api/customers/${kept.id}/merge`, { from: other.id })
    expect(merged.status).toBe(200)
    expect(merged.body.moved).toEqual({ phones: 1, emails: 1, contactPersons: 1, groups: 1, interactions: 1, issues: 1, purchases: 1 })
    const file = merged.body.file
    expect(file.phones.map((p: { e164: string; primary: boolean }) => [p.e164, p.primary])).toEqual([['+989120001111', true], ['+982144445555', false]])
    expect(file.emails.map((e: { address: string }) => e.address)).toEqual(['mina@example.com', 'sales@sadeghi.example'])
    expect(file.contactPersons.map((p: { name: string }) => p.name)).toEqual(['Ali'])
    expect(file.groups.map((g: { name: string }) => g.name)).toEqual(['Wholesale'])
    expect(file).toMatchObject({ displayName: 'Mina Sadeghi', birthday: '1990-01-02', city: 'Shiraz', notes: 'Old file.', owner: { id: ids.anna } })
    expect(await req(ADMIN, 'GET', `/api/customers/${other.id}`)).toMatchObject({ status: 404 })
    expect(await t.db.selectFrom('customers').select('id').where('id', '=', other.id).execute()).toEqual([])
    expect((await t.db.selectFrom('issues').select('customer_id').where('id', '=', issue.id).executeTakeFirstOrThrow()).customer_id).toBe(kept.id)
    expect((await t.db.selectFrom('purchases').select('customer_id').where('product', '=', 'Rug').executeTakeFirstOrThrow()).customer_id).toBe(kept.id)
    const view = await req(ADMIN, 'GET', `/api/customers/${kept.id}`)
    expect(view.body.contacts.map((c: { note: string | null }) => c.note)).toContain('Asked for a quote.')
    expect(view.body.customer.openIssues.map((i: { title: string }) => i.title)).toEqual(['Quote missing'])

    const audit = await req(ADMIN, 'GET', `/api/audit?customerId=${kept.id}&operatorId=${ids.admin}`)
    expect(audit.body.entries[0]).toMatchObject({ action: 'customer.read', actorId: ids.admin, actorName: 'Alex Admin' })
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toContain('customer.merge')
    expect(audit.body.entries.find((e: { action: string }) => e.action === 'customer.merge').detail).toMatchObject({ from: other.id, moved: { phones: 1 } })
    const gone = await req(ADMIN, 'GET', `/api/audit?customerId=${other.id}`)
    expect(gone.body.entries[0]).toMatchObject({ action: 'customer.merged', detail: { into: kept.id } })
    expect(gone.body.entries.map((e: { action: string }) => e.action)).toContain('lead.create')
  })

  it('lists by name in pages (cursor), with filters; a bad cursor is a 400', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    for (let pages = 0; pages < 20; pages++) {
      const res: { status: number; body: { customers: Array<{ displayName: string }>; next: string | null } }
        = await req(SUPER, 'GET', `/api/customers?limit=5${cursor === null ? '' : `&cursor=${cursor}`}`)
      expect(res.status).toBe(200)
      expect(res.body.customers.length).toBeLessThanOrEqual(5)
      seen.push(...res.body.customers.map(c => c.displayName))
      cursor = res.body.next
      if (cursor === null) break
    }
    expect(seen).toHaveLength(13)
    expect(new Set(seen).size).toBe(13)
    const sorted = await t.db.selectFrom('customers').select('display_name').orderBy('display_name').orderBy('id').execute()
    expect(seen).toEqual(sorted.map(r => r.display_name))
    const jane = (await req(SUPER, 'GET', '/api/customers?stage=customer&tier=gold&limit=100')).body.customers
    expect(jane.map((c: { displayName: string }) => c.displayName).sort()).toEqual(['Jane Doe', 'Maria Schmidt', 'Sofia Rossi'])
    expect(jane.find((c: { displayName: string }) => c.displayName === 'Jane Doe')).toMatchObject({
      phone: DEMO_NUMBERS.jane, owner: { displayName: 'Anna Berg' }, groups: [{ name: 'Newsletter' }, { name: 'VIP' }]
    })
    expect(await req(SUPER, 'GET', '/api/customers?limit=101')).toMatchObject({ status: 400 })
    expect(await req(SUPER, 'GET', '/api/customers?cursor=bm9wZQ')).toMatchObject({ status: 400, body: { code: 'RC_ERR_API_BAD_BODY' } })
    expect(await req(SUPER, 'GET', '/api/customers?stage=vip')).toMatchObject({ status: 400 })
  })

  it('the audit log: admins filter it by customer, operator and time; its rows hold no names, numbers or addresses', async () => {
    const created = (await req(ANNA, 'POST', '/api/customers', FULL)).body.file
    await req(ANNA, 'PATCH', `/api/customers/${created.id}`, { notes: 'Secret note about the account', ownerId: null })
    await req(ANNA, 'GET', '/api/customers?limit=100')
    const group = (await req(ANNA, 'POST', '/api/groups', { name: 'Distinguished' })).body.group.id
    await req(ANNA, 'PUT', `/api/customers/${created.id}/groups/${group}`)
    await req(ADMIN, 'POST', `/api/customers/${created.id}/emails`, { address: 'extra@karimi.example' })

    const mine = await req(ADMIN, 'GET', `/api/audit?customerId=${created.id}&operatorId=${ids.anna}`)
    expect(mine.status).toBe(200)
    expect(mine.body.entries.map((e: { action: string }) => e.action)).toEqual(['customer.group.add', 'customer.find', 'customer.owner.change', 'customer.update', 'customer.create'])
    expect(mine.body.entries.every((e: { actorId: number; entityId: string }) => e.actorId === ids.anna && e.entityId === String(created.id))).toBe(true)
    const page = await req(ADMIN, 'GET', `/api/audit?customerId=${created.id}&limit=2`)
    expect(page.body.entries).toHaveLength(2)
    const older = await req(ADMIN, 'GET', `/api/audit?customerId=${created.id}&limit=100&before=${page.body.next}`)
    expect(older.body.entries.map((e: { action: string }) => e.action)).toContain('customer.create')
    expect((await req(ADMIN, 'GET', '/api/audit?from=2999-01-01T00:00:00Z')).body).toEqual({ entries: [], next: null })
    const all = (await req(ADMIN, 'GET', '/api/audit?from=2000-01-01T00:00:00%2B01:00&limit=100')).body.entries
    expect(all.length).toBeGreaterThan(5)

    const text = (await t.db.selectFrom('audit_log').select(['action', 'entity', 'entity_id', 'detail']).execute()).map(r => JSON.stringify(r)).join('\n')
    for (const secret of ['Parisa', 'Karimi', 'karimi', 'Tehran', '9123456789', '3099887766', '8888', 'Secret note', 'Reza', 'Jane', 'Doe', '12345678', 'Distinguished', 'سرکار']) {
      expect(text, secret).not.toContain(secret)
    }
  })
})
