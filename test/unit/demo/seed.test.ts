import { describe, expect, it } from 'vitest'
import { CustomerRepo } from '../../../agent/crm/customers/customer-repo.js'
import { CustomerMatcher } from '../../../agent/crm/customers/customer-matcher.js'
import { normalizePhone } from '../../../agent/crm/customers/phone-number.js'
import { DEMO_NUMBERS, DEMO_TOKENS, demoTokenHolders, seedBulk, seedDemo } from '../../../agent/demo/seed.js'
import { crmUnitOfWork } from '../../support/crm.js'
import { dialects, useTestDatabase } from '../../support/databases.js'

const now = (): Date => new Date('2026-11-22T12:00:00.000Z')

describe.each(await dialects())('[%s] seed', (_name, dialect) => {
  const t = useTestDatabase(dialect)

  it('seeds the demo once; a second run changes nothing', async () => {
    const uow = crmUnitOfWork(t.db, now)
    const { customers, operators } = uow.repos
    expect(await seedDemo(uow, { now })).toEqual({ seeded: true, customers: 13 })
    expect(await seedDemo(uow, { now })).toEqual({ seeded: false, customers: 0 })
    expect(await customers.count()).toBe(13)

    expect(await operators.findByToken(DEMO_TOKENS.anna)).toMatchObject({ displayName: 'Anna Berg', role: 'operator', extensions: ['1001'] })
    expect(await operators.findByToken(DEMO_TOKENS.ben)).toMatchObject({ displayName: 'Ben Okafor', extensions: ['1002'] })
    expect(await operators.findByToken(DEMO_TOKENS.supervisor)).toMatchObject({ login: 'super', displayName: 'Sam Lee', role: 'supervisor' })
    expect(await operators.findByToken(DEMO_TOKENS.admin)).toMatchObject({ login: 'admin', role: 'admin' })
  })

  it('makes every demo number pop the intended card', async () => {
    const uow = crmUnitOfWork(t.db, now)
    const { customers } = uow.repos
    await seedDemo(uow, { now })
    const matcher = new CustomerMatcher(customers, { defaultCountry: 'DE' })
    const names = async (number: string): Promise<string[]> => {
      const result = await matcher.match(number)
      return await Promise.all(result.candidates.map(async c => (await customers.get(c.customerId))?.displayName ?? '?'))
    }
    expect(await names(DEMO_NUMBERS.jane)).toEqual(['Jane Doe'])
    expect(await names(DEMO_NUMBERS.pat)).toEqual(['Pat O\'Brien'])
    expect(await names(DEMO_NUMBERS.berlin)).toEqual(['Klaus Wagner'])
    expect((await names(DEMO_NUMBERS.shared)).sort()).toEqual(['Maria Schmidt', 'Thomas Schmidt'])
    expect(await names(DEMO_NUMBERS.persian)).toEqual(['شیرین تهرانی'])
    expect(await names(DEMO_NUMBERS.legacy)).toEqual(['Helga Braun'])
    expect(await names('0301234567')).toEqual(['Helga Braun'])
    expect(await names(DEMO_NUMBERS.lead)).toEqual(['Lukas Meier'])
    expect((await matcher.match(DEMO_NUMBERS.unknown)).kind).toBe('unknown')
  })

  it('gives Jane a full card: tier, groups, an open issue, resolved and unresolved contacts', async () => {
    const uow = crmUnitOfWork(t.db, now)
    const { customers, issues, interactions } = uow.repos
    await seedDemo(uow, { now })
    const [hit] = await customers.findPhonesByE164([DEMO_NUMBERS.jane])
    const jane = await customers.get(hit?.customerId ?? -1)
    expect(jane).toMatchObject({ honorific: 'Ms', tier: 'gold', stage: 'customer', ownerName: 'Anna Berg', tags: ['Newsletter', 'VIP'] })
    expect((await issues.listOpen(jane?.id ?? -1)).map(i => i.title)).toEqual(['Invoice 2026-114 charged twice'])
    const contacts = await interactions.listForCustomer(jane?.id ?? -1, 10)
    expect(contacts.map(c => [c.kind, c.resolved])).toEqual([['call', false], ['meeting', null], ['call', true]])
    expect(contacts[0]?.operatorName).toBe('Anna Berg')
    expect(contacts[0]?.occurredAt).toBe('2026-11-19T14:00:00.000Z')
  })

  it('stores each demo E.164 exactly as normalizePhone reads the raw number', async () => {
    await seedDemo(crmUnitOfWork(t.db, now), { now })
    const phones = await t.db.selectFrom('customer_phones').select(['raw', 'e164']).execute()
    for (const p of phones) {
      const n = normalizePhone(p.raw, 'DE')
      expect(n.kind).toBe('number')
      if (p.e164 !== null && n.kind === 'number') expect(n.e164, p.raw).toBe(p.e164)
    }
  })

  it('bulk-inserts customers with unique, findable numbers', async () => {
    const customers = new CustomerRepo(t.db, now)
    await seedBulk(t.db, 1200, { now, batchSize: 500 })
    await seedBulk(t.db, 300, { now })
    expect(await customers.count()).toBe(1500)
    const phones = await t.db.selectFrom('customer_phones').select('e164').execute()
    expect(new Set(phones.map(p => p.e164)).size).toBe(1500)
    const hits = await customers.findPhonesBySuffix('20001234')
    expect(hits).toHaveLength(1)
    expect(await customers.get(hits[0]?.customerId ?? -1)).toMatchObject({ displayName: 'Bulk Customer 1234' })
  })
})

describe.each(await dialects())('[%s] demo token guard', (_name, dialect) => {
  const t = useTestDatabase(dialect)

  it('finds operators that still sign in with a public demo token, and none once their tokens are rotated', async () => {
    const uow = crmUnitOfWork(t.db)
    const { operators } = uow.repos
    expect(await demoTokenHolders(operators)).toEqual([])
    await seedDemo(uow)
    expect((await demoTokenHolders(operators)).map(op => op.login).sort()).toEqual(['admin', 'anna', 'ben', 'super'])
    for (const login of ['admin', 'anna', 'ben', 'super']) expect(await operators.rotateToken(login, `rc_new_${login}`)).toBe(true)
    expect(await demoTokenHolders(operators)).toEqual([])
    expect(await operators.findByToken('demo-1001')).toBeNull()
    expect((await operators.findByToken('rc_new_anna'))?.login).toBe('anna')
    expect(await operators.rotateToken('nobody', 'x')).toBe(false)
  })
})
