import { describe, expect, it } from 'vitest'
import { crmRepos } from '../../../../agent/crm/crm-repos.js'
import { MAX_ID } from '../../../../agent/store/limits.js'
import { clock, seedPeople } from '../../../support/crm-fixtures.js'
import { dialects, useTestDatabase } from '../../../support/databases.js'

describe.each(await dialects())('[%s] CustomerRepo', (_name, dialect) => {
  const t = useTestDatabase(dialect)

  async function setup () {
    const repos = crmRepos(t.db, clock())
    return { customers: repos.customers, ...await seedPeople(repos) }
  }

  it('creates a lead and reads it back with tags, phones and owner; audits without personal data', async () => {
    const { customers, anna, jane } = await setup()
    const customer = await customers.get(jane)
    expect(customer).toMatchObject({
      id: jane,
      displayName: 'Jane Doe',
      honorific: 'Ms',
      company: 'Doe GmbH',
      stage: 'lead',
      sourceCampaign: 'spring-2026',
      ownerId: anna,
      ownerName: 'Anna Berg',
      tier: 'gold',
      language: 'de',
      birthday: null,
      tags: ['Newsletter', 'VIP'],
      phones: [{ raw: '0151 12345678', e164: '+4915112345678', kind: 'other' }],
      createdAt: expect.stringMatching(/^2026-11-22T09:00:\d\d\.000Z$/)
    })
    expect(await customers.get(jane + 1000)).toBeNull()
    expect(await customers.count()).toBe(1)
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'lead.create').executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ actor_id: anna, entity: 'customer', entity_id: String(jane) })
    expect(audit.detail).not.toMatch(/Jane|1234/)
    expect(await customers.findPhonesByE164(['+4915112345678', '+490000'])).toEqual([{ customerId: jane, raw: '0151 12345678', e164: '+4915112345678', country: null }])
    expect(await customers.findPhonesBySuffix('12345678')).toHaveLength(1)
    expect(await customers.findPhonesBySuffix('5112345678')).toHaveLength(1)
    expect(await customers.findPhonesBySuffix('9112345678')).toHaveLength(0)
    expect(await customers.findPhonesBySuffix('345678')).toHaveLength(1)
  })

  it('creates a customer with every field and a customer.create audit row', async () => {
    const { customers } = await setup()
    const made = await customers.create({
      displayName: 'Klaus Wagner', honorific: 'Dr', company: null, stage: 'customer', sourceCampaign: null, ownerId: null,
      tier: 'bronze', birthday: '1970-01-02', language: 'de', notes: null, tags: [], phones: []
    })
    expect(made).toMatchObject({ displayName: 'Klaus Wagner', birthday: '1970-01-02', phones: [], tags: [] })
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'customer.create').executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ actor_id: null, entity_id: String(made.id) })
  })

  // Probe finding 6: PostgreSQL ids are int4; a bigger one must read as "no such customer", not a driver error.
  it('answers null for ids outside 1..MAX_ID instead of letting the engine fail', async () => {
    const { customers } = await setup()
    for (const id of [MAX_ID + 1, 9007199254740992, 0, -1, 1.5]) {
      expect(await customers.get(id)).toBeNull()
      expect(await customers.exists(id)).toBe(false)
    }
    expect(await customers.get(MAX_ID)).toBeNull()
  })
})
