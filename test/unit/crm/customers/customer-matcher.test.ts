import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CustomerMatcher, type PhoneLookup } from '../../../../agent/crm/customers/customer-matcher.js'
import { CustomerRepo } from '../../../../agent/crm/customers/customer-repo.js'
import type { NewCustomerInput, NewPhoneInput } from '../../../../agent/model/customer.js'
import { dialects, useTestDatabase } from '../../../support/databases.js'

function person (displayName: string, phones: NewPhoneInput[]): NewCustomerInput {
  return {
    displayName, honorific: null, company: null, stage: 'customer', sourceCampaign: null, ownerId: null,
    tier: null, birthday: null, language: null, notes: null, tags: [], phones
  }
}

/** Counts lookups, to prove that withheld and internal numbers never reach the database. */
function counting (customers: CustomerRepo): PhoneLookup & { calls: number } {
  const lookup = {
    calls: 0,
    findPhonesByE164: async (e164s: readonly string[]) => { lookup.calls++; return await customers.findPhonesByE164(e164s) },
    findPhonesBySuffix: async (suffix: string) => { lookup.calls++; return await customers.findPhonesBySuffix(suffix) }
  }
  return lookup
}

describe.each(await dialects())('[%s] CustomerMatcher', (_name, dialect) => {
  const t = useTestDatabase(dialect, { resetEachTest: false })
  const ids: Record<string, number> = {}
  let customers: CustomerRepo
  let lookup: ReturnType<typeof counting>
  let matcher: CustomerMatcher

  // Runs after useTestDatabase's beforeAll (hooks run in registration order).
  beforeAll(async () => {
    customers = new CustomerRepo(t.db, () => new Date('2026-11-22T10:00:00Z'))
    const add = async (key: string, input: NewCustomerInput): Promise<void> => { ids[key] = (await customers.create(input)).id }
    await add('jane', person('Jane Doe', [{ raw: '+49 151 12345678', e164: '+4915112345678', kind: 'mobile' }]))
    await add('helga', person('Helga Braun', [{ raw: '030 1234567', e164: null, kind: 'landline' }]))
    await add('maria', person('Maria Schmidt', [{ raw: '040 111222333', e164: '+4940111222333', kind: 'home' }]))
    await add('thomas', person('Thomas Schmidt', [{ raw: '040 111222333', e164: '+4940111222333', kind: 'home' }]))
    await add('two', person('Two Phones', [
      { raw: '+44 20 7946 0958', e164: '+442079460958', kind: 'work' },
      { raw: '+1 212 79460958', e164: '+121279460958', kind: 'mobile' }
    ]))
    for (let i = 0; i < 7; i++) {
      await add(`hotline${i}`, person(`Hotline ${i}`, [{ raw: '+33 1 42 68 53 00', e164: '+33142685300', kind: 'work' }]))
    }
  })

  beforeEach(() => {
    lookup = counting(customers)
    matcher = new CustomerMatcher(lookup, { defaultCountry: 'DE' })
  })

  it('matches an exact international number', async () => {
    const result = await matcher.match('+4915112345678')
    expect(result).toEqual({
      kind: 'matched',
      number: expect.objectContaining({ kind: 'number', e164: '+4915112345678' }),
      candidates: [{ customerId: ids['jane'], confidence: 'exact', why: 'exact number +49 1511 2345678' }]
    })
    expect(lookup.calls).toBe(1)
  })

  it('matches a national-format caller ID as a national match', async () => {
    const result = await matcher.match('01511 2345678')
    expect(result.candidates).toEqual([{ customerId: ids['jane'], confidence: 'national', why: 'national number 01511 2345678 matches' }])
  })

  it('matches a stored number that has no E.164 form by normalizing it', async () => {
    const result = await matcher.match('+49 30 1234567')
    expect(result.kind).toBe('matched')
    expect(result.candidates).toEqual([{ customerId: ids['helga'], confidence: 'national', why: 'stored as 030 1234567, same number' }])
  })

  it('matches a caller ID that lost its + prefix', async () => {
    const result = await matcher.match('4915112345678')
    expect(result.candidates).toEqual([{ customerId: ids['jane'], confidence: 'national', why: 'number +49 1511 2345678 without its + prefix' }])
  })

  it('falls back to the last 8 digits', async () => {
    const result = await matcher.match('+43 699 12345678')
    expect(result).toMatchObject({
      kind: 'matched',
      candidates: [{ customerId: ids['jane'], confidence: 'suffix', why: 'last 8 digits 12345678 match' }]
    })
  })

  it('offers every customer sharing a number, once each', async () => {
    const shared = await matcher.match('+4940111222333')
    expect(shared.kind).toBe('matched')
    expect(shared.candidates.map(c => c.customerId)).toEqual([ids['maria'], ids['thomas']])
    expect(shared.candidates.every(c => c.confidence === 'exact')).toBe(true)

    const twoRows = await matcher.match('+49 89 79460958')
    expect(twoRows.candidates).toEqual([{ customerId: ids['two'], confidence: 'suffix', why: 'last 8 digits 79460958 match' }])
  })

  it('caps the candidates', async () => {
    expect((await matcher.match('+33 1 42 68 53 00')).candidates).toHaveLength(5)
    const two = new CustomerMatcher(customers, { defaultCountry: 'DE', maxCandidates: 2 })
    expect((await two.match('+33 1 42 68 53 00')).candidates.map(c => c.customerId)).toEqual([ids['hotline0'], ids['hotline1']])
  })

  it('reports an unknown number with its normalized form', async () => {
    expect(await matcher.match('+4989555000111')).toEqual({
      kind: 'unknown',
      number: { kind: 'number', e164: '+4989555000111', national: '89555000111', suffix: '55000111', display: '+49 89 555000111' },
      candidates: []
    })
  })

  it('never looks up withheld, internal or invalid caller IDs', async () => {
    expect(await matcher.match(null)).toEqual({ kind: 'none', candidates: [] })
    expect(await matcher.match('<unknown>')).toEqual({ kind: 'none', number: { kind: 'none' }, candidates: [] })
    expect((await matcher.match('anonymous')).kind).toBe('none')
    expect(await matcher.match('1001')).toEqual({ kind: 'internal', number: { kind: 'internal', raw: '1001' }, candidates: [] })
    expect((await matcher.match('*97')).kind).toBe('internal')
    expect((await matcher.match('hello')).kind).toBe('invalid')
    expect(lookup.calls).toBe(0)
  })

  it('uses a longer suffix when configured', async () => {
    const strict = new CustomerMatcher(customers, { defaultCountry: 'DE', suffixDigits: 10 })
    expect((await strict.match('+43 699 12345678')).kind).toBe('unknown')
    expect((await strict.match('+43 151 12345678')).candidates).toEqual([
      { customerId: ids['jane'], confidence: 'suffix', why: 'last 10 digits 5112345678 match' }
    ])
  })
})
