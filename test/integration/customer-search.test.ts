/**
 * `GET /api/customers?q=…` over real HTTP on SQLite and PostgreSQL: names
 * (case, accents, Arabic/Persian letters and ZWNJ do not count), numbers in
 * any format, e-mail prefixes, companies; combined with the filters; paged;
 * and what finding a customer lets an operator do. The search index is kept
 * in step with every write: create, change, numbers, merge, delete.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dialects, useTestDatabase } from '../support/databases.js'
import { startAgent, type Agent } from '../support/agent-harness.js'
import { CustomerSearchRepo } from '../../agent/crm/customers/customer-search-repo.js'

const ANNA = 'demo-1001'
const BEN = 'demo-1002'
const SUPER = 'demo-super'
const ADMIN = 'demo-admin'

describe.each(await dialects())('[%s] customer search', (_name, dialect) => {
  const t = useTestDatabase(dialect)
  let agent: Agent

  beforeEach(async () => { agent = await startAgent(t) })
  afterEach(async () => { await agent.close() })

  const req = (token: string, method: string, path: string, body?: unknown) => agent.request(method, path, { token, body })
  const names = async (query: string, token = SUPER): Promise<string[]> => {
    const res = await req(token, 'GET', `/api/customers?${query}`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    return res.body.customers.map((c: { displayName: string }) => c.displayName)
  }
  const q = (text: string, more = ''): Promise<string[]> => names(`q=${encodeURIComponent(text)}${more}`)

  it('finds a Persian name stored with ی and ک by a query typed with Arabic ي and ك, with or without ZWNJ', async () => {
    expect((await req(ADMIN, 'POST', '/api/customers', { displayName: 'علی‌رضا کریمی', company: 'بازرگانی نمونه', ownerId: null })).status).toBe(201)
    expect(await q('علي')).toEqual(['علی‌رضا کریمی'])
    expect(await q('كريمي')).toEqual(['علی‌رضا کریمی'])
    expect(await q('علیرضا')).toEqual(['علی‌رضا کریمی'])
    expect(await q('علي\u200Cرضا كريم')).toEqual(['علی‌رضا کریمی'])
    expect(await q('نمونه')).toEqual(['علی‌رضا کریمی'])
    // The demo's Persian customer, typed with Arabic yeh.
    expect(await q('شيرين')).toEqual(['شیرین تهرانی'])
    expect(await q('تهراني')).toEqual(['شیرین تهرانی'])
  })

  it('ignores case and accents, and matches the start of any word of name or company', async () => {
    await req(ADMIN, 'POST', '/api/customers', { displayName: 'Jürgen Müller', company: 'Müller & Söhne KG', emails: [{ address: 'JM@Mueller.example' }] })
    expect(await q('muller')).toEqual(['Jürgen Müller'])
    expect(await q('MÜLL')).toEqual(['Jürgen Müller'])
    expect(await q('jurgen muller')).toEqual(['Jürgen Müller'])
    expect(await q('sohne')).toEqual(['Jürgen Müller'])
    expect(await q('logistics')).toEqual(['Jane Doe'])
    expect(await q('doe logist')).toEqual(['Jane Doe'])
    expect(await q('obrien')).toEqual(['Pat O\'Brien'])
    expect(await q('o\'brien')).toEqual(['Pat O\'Brien'])
    expect(await q('nobody-like-this')).toEqual([])
    expect(await q('?!')).toEqual([])
  })

  it('finds numbers in national, +, 00 and Persian-digit forms, partial numbers by their last digits, and legacy numbers', async () => {
    for (const typed of ['0151 12345678', '+49 151 12345678', '0049 151 1234 5678', '۰۱۵۱ ۱۲۳۴۵۶۷۸', '\u200E+49\u00A0151\u00A012345678']) {
      expect(await q(typed), typed).toEqual(['Jane Doe'])
    }
    // Read in the default country (DE) this is another number, but it ends in the same national digits.
    expect(await q('0912 123 4567')).toEqual(['شیرین تهرانی'])
    expect(await q('+98 912 123 4567')).toEqual(['شیرین تهرانی'])
    expect(await q('۰۰۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷')).toEqual(['شیرین تهرانی'])
    expect((await q('5678')).sort()).toEqual(['Jane Doe'])
    expect((await q('123 4567')).sort()).toEqual(['Helga Braun', 'Pat O\'Brien', 'شیرین تهرانی'])
    // Helga's number is stored only as "030 1234567", without E.164.
    expect(await q('030 1234567')).toEqual(['Helga Braun'])
    expect(await q('+49 30 1234567')).toEqual(['Helga Braun'])
    // The Schmidts share their home number.
    expect(await q('040 111222333')).toEqual(['Maria Schmidt', 'Thomas Schmidt'])
  })

  it('finds e-mail addresses by their start', async () => {
    await req(ADMIN, 'POST', '/api/customers', { displayName: 'Jürgen Müller', emails: [{ address: 'JM@Mueller.example' }] })
    expect(await q('jm@muel')).toEqual(['Jürgen Müller'])
    expect(await q('JM@MUELLER.EXAMPLE')).toEqual(['Jürgen Müller'])
    expect(await q('jm@x')).toEqual([])
  })

  it('combines q with the filters and pages through the results', async () => {
    expect(await q('schmidt')).toEqual(['Maria Schmidt', 'Thomas Schmidt'])
    expect(await q('schmidt', '&tier=gold')).toEqual(['Maria Schmidt'])
    expect(await q('schmidt', '&stage=lead')).toEqual([])
    const groups = (await req(SUPER, 'GET', '/api/groups')).body.groups as Array<{ id: number; name: string }>
    const vip = groups.find(g => g.name === 'VIP')!.id
    expect((await q('s', `&group=${vip}`)).sort()).toEqual(['Maria Schmidt', 'Sofia Rossi'])

    for (let i = 1; i <= 7; i++) await req(ADMIN, 'POST', '/api/customers', { displayName: `Pager Person ${i}`, ownerId: null })
    const seen: string[] = []
    let cursor: string | null = null
    for (let pages = 0; pages < 10; pages++) {
      const res: { status: number; body: { customers: Array<{ displayName: string }>; next: string | null } }
        = await req(SUPER, 'GET', `/api/customers?q=pager&limit=3${cursor === null ? '' : `&cursor=${cursor}`}`)
      expect(res.status).toBe(200)
      expect(res.body.customers.length).toBeLessThanOrEqual(3)
      seen.push(...res.body.customers.map(c => c.displayName))
      cursor = res.body.next
      if (cursor === null) break
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7].map(i => `Pager Person ${i}`))
  })

  it('lets an operator search; what they find is audited and opens the file to them', async () => {
    const ben = (await req(BEN, 'GET', '/api/me')).body.id as number
    const oliver = (await t.db.selectFrom('customers').select('id').where('display_name', '=', 'Oliver Smith').executeTakeFirstOrThrow()).id
    expect(await req(BEN, 'GET', `/api/customers/${oliver}`)).toMatchObject({ status: 403, body: { code: 'RC_ERR_CUSTOMER_FORBIDDEN' } })
    expect(await names('q=oliver', BEN)).toEqual(['Oliver Smith'])
    const finds = await t.db.selectFrom('audit_log').select(['action', 'entity_id', 'detail'])
      .where('actor_id', '=', ben).where('action', '=', 'customer.find').execute()
    expect(finds).toEqual([{ action: 'customer.find', entity_id: String(oliver), detail: '{}' }])
    expect((await req(BEN, 'GET', `/api/customers/${oliver}`)).status).toBe(200)
    expect(await names('q=smith', ANNA)).toEqual(['Oliver Smith'])
    expect((await req(ANNA, 'GET', '/api/customers?q=' + 'x'.repeat(201))).status).toBe(400)
  })

  it('keeps the index in step with changes, new numbers and addresses, merges and deletes', async () => {
    const made = (await req(ADMIN, 'POST', '/api/customers', { displayName: 'Nora Lind', phones: [{ number: '+49 30 5550001' }] })).body.file
    expect(await q('lind')).toEqual(['Nora Lind'])
    await req(ADMIN, 'PATCH', `/api/customers/${made.id}`, { displayName: 'Nora Berg-Lind', company: 'Fjord AB' })
    expect(await q('berg lind')).toEqual(['Nora Berg-Lind'])
    expect(await q('fjord')).toEqual(['Nora Berg-Lind'])
    await req(ADMIN, 'POST', `/api/customers/${made.id}/phones`, { number: '+49 40 5550002' })
    await req(ADMIN, 'POST', `/api/customers/${made.id}/emails`, { address: 'nora@fjord.example' })
    expect(await q('040 5550002')).toEqual(['Nora Berg-Lind'])
    expect(await q('nora@')).toEqual(['Nora Berg-Lind'])
    await req(ADMIN, 'PUT', `/api/customers/${made.id}/phones`, { phones: [{ number: '+49 40 5550002' }] })
    expect(await q('030 5550001')).toEqual([])

    const other = (await req(ADMIN, 'POST', '/api/customers', { displayName: 'Nora L.', phones: [{ number: '+49 89 5550003' }] })).body.file
    expect((await req(ADMIN, 'POST', `/api/customers/${made.id}/merge`, { from: other.id })).status).toBe(200)
    expect(await q('089 5550003')).toEqual(['Nora Berg-Lind'])
    expect(await q('nora')).toEqual(['Nora Berg-Lind'])
    expect((await req(ADMIN, 'DELETE', `/api/customers/${made.id}`)).status).toBe(204)
    expect(await q('nora')).toEqual([])
    expect(await t.db.selectFrom('customer_search_terms').select('term').where('customer_id', 'in', [made.id, other.id]).execute()).toEqual([])
  })

  it('pages through a common prefix in the order of the matching word, each customer once, and backfills customers stored without terms', async () => {
    await req(ADMIN, 'POST', '/api/customers', { displayName: 'Sam Sample', company: 'Samsonite Sales', emails: [{ address: 'sam@sample.example' }] })
    for (const text of ['s', 'a', 'sam', 'schmidt maria', '5678', 'jane@']) {
      const all = await q(text, '&limit=100')
      const paged: string[] = []
      let cursor: string | null = null
      for (let pages = 0; pages < 50; pages++) {
        const res: { body: { customers: Array<{ displayName: string }>; next: string | null } }
          = await req(SUPER, 'GET', `/api/customers?q=${encodeURIComponent(text)}&limit=2${cursor === null ? '' : `&cursor=${cursor}`}`)
        paged.push(...res.body.customers.map(c => c.displayName))
        cursor = res.body.next
        if (cursor === null) break
      }
      expect(paged, text).toEqual(all)
      expect(new Set(paged).size, text).toBe(paged.length)
    }
    // Sam Sample starts three words with "sam" (and an address): listed once, at the first.
    expect((await q('sam')).filter(n => n === 'Sam Sample')).toHaveLength(1)
    expect(await q('samp')).toEqual(['Sam Sample'])
    expect((await req(SUPER, 'GET', '/api/customers?q=s&cursor=bm9wZQ')).status).toBe(400)
    const listCursor = (await req(SUPER, 'GET', '/api/customers?limit=1')).body.next as string
    expect((await req(SUPER, 'GET', `/api/customers?q=s&cursor=${listCursor}`)).body).toMatchObject({ code: 'RC_ERR_API_BAD_BODY' })

    await t.db.deleteFrom('customer_search_terms').execute()
    expect(await q('jane')).toEqual([])
    expect(await new CustomerSearchRepo(t.db).backfill({ batchSize: 5 })).toBe(14)
    expect(await q('jane')).toEqual(['Jane Doe'])
    expect(await new CustomerSearchRepo(t.db).backfill()).toBe(0)
  })
})
