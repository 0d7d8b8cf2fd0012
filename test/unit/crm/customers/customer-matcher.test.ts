import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CustomerMatcher, type PhoneLookup } from '../../../../agent/crm/customers/customer-matcher.js'
import { CustomerRepo } from '../../../../agent/crm/customers/customer-repo.js'
import { CallerPickRepo } from '../../../../agent/crm/customers/caller-pick-repo.js'
import { OperatorRepo } from '../../../../agent/crm/operators/operator-repo.js'
import type { NewCustomerInput, NewPhoneInput } from '../../../../agent/model/customer.js'
import { dialects, useTestDatabase } from '../../../support/databases.js'

function person (displayName: string, phones: NewPhoneInput[]): NewCustomerInput {
  return {
    displayName, honorific: null, company: null, stage: 'customer', sourceCampaign: null, ownerId: null,
    tier: null, birthday: null, language: null, notes: null, tags: [], phones
  }
}

/** Counts lookups, to prove that withheld, internal and implausible numbers never reach the database. */
function counting (customers: CustomerRepo): PhoneLookup & { calls: number } {
  const lookup = {
    calls: 0,
    findPhonesByE164: async (e164s: readonly string[]) => { lookup.calls++; return await customers.findPhonesByE164(e164s) },
    findPhonesBySuffix: async (suffix: string, opts?: { unreadOnly?: boolean }) => { lookup.calls++; return await customers.findPhonesBySuffix(suffix, opts) }
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
    // A Berlin customer imported into a center whose default country is not Germany.
    await add('berliner', person('Bernd Berliner', [{ raw: '030 2345678', e164: null, country: 'DE', kind: 'landline' }]))
    await add('maria', person('Maria Schmidt', [{ raw: '040 111222333', e164: '+4940111222333', kind: 'home' }]))
    await add('thomas', person('Thomas Schmidt', [{ raw: '040 111222333', e164: '+4940111222333', kind: 'home' }]))
    // Legacy imports: one raw number nobody can read, one that reads as another valid number.
    await add('legacy', person('Lena Legacy', [{ raw: '0171 98765432 (privat)', e164: null, kind: 'other' }]))
    await add('munich', person('Max Münchner', [{ raw: '089 98765432', e164: null, kind: 'landline' }]))
    // Stored by an older version that accepted numbers libphonenumber calls invalid.
    await add('implausible', person('Ivan Implausible', [{ raw: '+1 187 215 5230', e164: '+11872155230', kind: 'other' }]))
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

  it.each([['+33 6 12345678'], ['+49 89 12345678'], ['+49 176 12345678'], ['0176 12345678'], ['+43 699 12345678']])(
    'never matches %j to the customer stored as +49 151 12345678: a number that differs is a different person', async (caller) => {
      const result = await matcher.match(caller)
      expect(result.kind).toBe('unknown')
      expect(result.candidates).toEqual([])
    })

  it('offers a legacy raw number that matches only by its last digits as a possible match, never as a match', async () => {
    const result = await matcher.match('+49 171 98765432')
    expect(result).toEqual({
      kind: 'possible',
      number: expect.objectContaining({ e164: '+4917198765432' }),
      candidates: [{ customerId: ids['legacy'], confidence: 'suffix', why: 'last 8 digits 98765432 match "0171 98765432 (privat)", stored unverified' }]
    })
  })

  it('never offers a legacy raw number that reads as another valid number', async () => {
    const result = await matcher.match('+49 171 98765432')
    expect(result.candidates.map(c => c.customerId)).not.toContain(ids['munich'])
    expect((await matcher.match('+49 89 98765432')).candidates).toEqual([
      { customerId: ids['munich'], confidence: 'national', why: 'stored as 089 98765432, same number' }
    ])
  })

  it('reads a stored number in its own country, the default country being only the default', async () => {
    const iran = new CustomerMatcher(lookup, { defaultCountry: 'IR' })
    expect((await iran.match('+49 30 2345678')).candidates).toEqual([
      { customerId: ids['berliner'], confidence: 'national', why: 'stored as 030 2345678, same number' }
    ])
    // Helga's "030 1234567" has no country: read in Iran it is no valid number, so only its digits can match.
    expect(await iran.match('+49 30 1234567')).toMatchObject({
      kind: 'possible', candidates: [{ customerId: ids['helga'], confidence: 'suffix' }]
    })
    // A lookup may name the country of a national caller ID.
    expect((await iran.match('030 2345678', { country: 'DE' })).candidates).toEqual([
      { customerId: ids['berliner'], confidence: 'national', why: 'stored as 030 2345678, same number' }
    ])
  })

  it.each([
    ['\u202A+49 151 1234\u00AD5678\u202C'],
    ['\u200F+۴۹ ۱۵۱ ۱۲۳۴۵۶۷۸\u200F'],
    ['+49\u200B151\u2060 12345678\uFEFF'],
    ['\u2066+4915112345678\u2069'],
    ['\u200E+49 151 \u200D12345678\u200E']
  ])('strips invisible format characters: %j is Jane\'s exact number', async (raw) => {
    expect((await matcher.match(raw)).candidates).toEqual([
      { customerId: ids['jane'], confidence: 'exact', why: 'exact number +49 1511 2345678' }
    ])
  })

  it('reads 011 as the exit code in North America, and 00 there as no exit code', async () => {
    const us = new CustomerMatcher(lookup, { defaultCountry: 'US' })
    expect((await us.match('011 49 151 12345678')).candidates).toEqual([
      { customerId: ids['jane'], confidence: 'exact', why: 'exact number +49 1511 2345678' }
    ])
    const zeroZero = await us.match('00 49 151 12345678')
    expect(zeroZero.candidates).toEqual([])
    expect(zeroZero.kind).not.toBe('matched')
    // In Germany it is the other way round.
    expect((await matcher.match('0049 151 12345678')).candidates).toMatchObject([{ customerId: ids['jane'], confidence: 'exact' }])
    expect((await matcher.match('011 49 151 12345678')).candidates).toEqual([])
  })

  it('keeps implausible numbers raw and never looks them up', async () => {
    expect(await matcher.match('+1 187 215 5230')).toEqual({
      kind: 'implausible', number: { kind: 'implausible', raw: '+1 187 215 5230', reason: expect.any(String) }, candidates: []
    })
    const iran = new CustomerMatcher(lookup, { defaultCountry: 'IR' })
    expect(await iran.match('0912 123 456')).toMatchObject({ kind: 'implausible', number: { raw: '0912 123 456' }, candidates: [] })
    expect(lookup.calls).toBe(0)
  })

  it('offers every customer sharing a number, once each', async () => {
    const shared = await matcher.match('+4940111222333')
    expect(shared.kind).toBe('matched')
    expect(shared.candidates.map(c => c.customerId)).toEqual([ids['maria'], ids['thomas']])
    expect(shared.candidates.every(c => c.confidence === 'exact')).toBe(true)
  })

  it('stores a phone\'s country and finds legacy rows by their last digits only among unread numbers', async () => {
    expect(await customers.findPhonesBySuffix('02345678', { unreadOnly: true })).toEqual([
      { customerId: ids['berliner'], raw: '030 2345678', e164: null, country: 'DE' }
    ])
    expect(await customers.findPhonesBySuffix('12345678', { unreadOnly: true })).toEqual([])
    expect(await customers.findPhonesBySuffix('12345678')).toHaveLength(1)
  })

  it('remembers the chooser\'s pick: the next call from the number offers it first, and says who picked it', async () => {
    const now = () => new Date('2026-11-22T11:00:00Z')
    const anna = await new OperatorRepo(t.db, now).create({ login: 'anna-m', displayName: 'Anna Berg', role: 'operator', extensions: ['1301'], token: 'tok-anna-m' })
    const picks = new CallerPickRepo(t.db, now)
    const remembering = new CustomerMatcher(lookup, { defaultCountry: 'DE', picks })
    expect((await remembering.match('+4940111222333')).candidates.map(c => c.customerId)).toEqual([ids['maria'], ids['thomas']])

    await picks.remember({ e164: '+4940111222333', customerId: ids['thomas']!, pickedBy: anna.id })
    const next = await remembering.match('040 111222333')
    expect(next.kind).toBe('matched')
    expect(next.candidates).toEqual([
      { customerId: ids['thomas'], confidence: 'national', why: 'national number 040 111222333 matches; picked last time by Anna Berg' },
      { customerId: ids['maria'], confidence: 'national', why: 'national number 040 111222333 matches' }
    ])
    // A later pick replaces the earlier one; a single match needs no memory.
    await picks.remember({ e164: '+4940111222333', customerId: ids['maria']!, pickedBy: anna.id })
    expect((await remembering.match('+4940111222333')).candidates[0]).toMatchObject({ customerId: ids['maria'], why: expect.stringContaining('picked last time by Anna Berg') })
    expect((await remembering.match('+4915112345678')).candidates).toEqual([
      { customerId: ids['jane'], confidence: 'exact', why: 'exact number +49 1511 2345678' }
    ])
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'caller.pick').execute()
    expect(audit).toHaveLength(2)
    expect(audit[0]).toMatchObject({ actor_id: anna.id, entity: 'customer', entity_id: String(ids['thomas']) })
    expect(audit[0]!.detail).not.toMatch(/4940|111222333/)
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

  it('compares a longer suffix when configured', async () => {
    const strict = new CustomerMatcher(customers, { defaultCountry: 'DE', suffixDigits: 10 })
    expect((await strict.match('+43 664 98765432')).kind).toBe('unknown')
    expect((await strict.match('+43 171 98765432')).candidates).toEqual([
      { customerId: ids['legacy'], confidence: 'suffix', why: 'last 10 digits 7198765432 match "0171 98765432 (privat)", stored unverified' }
    ])
  })
})
