/**
 * Customer import and export on SQLite and PostgreSQL: a generated 10,000-row
 * CSV with every kind of bad row (the report names each by line and reason,
 * every good row is there, a second run adds nothing), the export (BOM, CRLF,
 * Persian intact, read back and imported again without adding anyone), who
 * exports what, and the API's background import with progress polling.
 */
import { parse } from 'csv-parse/sync'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dialects, useTestDatabase } from '../support/databases.js'
import { startAgent, type Agent } from '../support/agent-harness.js'
import { crmUnitOfWork } from '../support/crm.js'
import { CustomerImporter, type BadRow } from '../../agent/crm/import/customer-import.js'

const ANNA = 'demo-1001'
const BEN = 'demo-1002'
const SUPER = 'demo-super'
const ADMIN = 'demo-admin'
const DEMO_CUSTOMERS = 13
const ROWS = 10_000

const HEADER = ['Kundennummer', 'Name', 'Vorname', 'Nachname', 'Company', 'Phone', 'Mobile', 'Mobile Country', 'E-Mail', 'Groups', 'Owner', 'Stage', 'Tier', 'Campaign', 'Birthday', 'Language', 'City', 'Notes', 'Fax']

/** Every kind of bad row, each with the reason the report must give. */
const BAD_KINDS: ReadonlyArray<{ readonly reason: string; readonly row: (i: number) => Partial<Record<(typeof HEADER)[number], string>> }> = [
  { reason: 'missing name', row: () => ({ Name: '', Vorname: '', Nachname: '', Company: '' }) },
  { reason: 'bad phone "12"', row: () => ({ Phone: '12' }) },
  { reason: 'bad phone "call me maybe"', row: () => ({ Mobile: 'call me maybe' }) },
  { reason: 'unknown owner "zoe"', row: () => ({ Owner: 'zoe' }) },
  { reason: 'bad date "31.02.1990"', row: () => ({ Birthday: '31.02.1990' }) },
  { reason: 'bad date "03/12/1984"', row: () => ({ Birthday: '03/12/1984' }) },
  { reason: 'bad e-mail "not-an-address"', row: () => ({ 'E-Mail': 'not-an-address' }) },
  { reason: 'unknown stage "vip"', row: () => ({ Stage: 'vip' }) },
  { reason: 'unknown tier "platinum"', row: () => ({ Tier: 'platinum' }) },
  { reason: 'country "XX" is not an ISO 3166 code', row: () => ({ Mobile: '0151 1234567', 'Mobile Country': 'XX' }) },
  { reason: 'unknown language "klingon"', row: () => ({ Language: 'klingon' }) },
  { reason: 'display_name is longer than 200 characters', row: () => ({ Name: 'x'.repeat(201) }) }
]

/** Row i: a good customer in one of several shapes, or (every 83rd) a bad row of the next kind. */
function good (i: number): Record<(typeof HEADER)[number], string> {
  const persian = i % 5 === 0
  const k = String(10_000 + i)
  return {
    Kundennummer: i % 2 === 0 ? `K-${k}` : '',
    Name: persian ? `مشتری شمارهٔ ${k}` : `Customer ${k}`,
    Vorname: persian ? 'علي' : 'Jürgen',
    Nachname: persian ? 'كريمي' : 'Müller',
    Company: i % 7 === 0 ? `Firma ${i % 50}` : '',
    // Every third row has only an e-mail address (matched by name and address on the second run).
    Phone: i % 3 === 0 ? '' : `+49 30 5${k.padStart(7, '0')}; 030 6${k.padStart(7, '0')}`,
    Mobile: i % 3 === 0 ? '' : persian ? `۰۹۱۲ ۵${[...k.padStart(6, '0')].map(d => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]).join('')}` : '',
    'Mobile Country': persian && i % 3 !== 0 ? 'IR' : '',
    'E-Mail': i % 3 === 0 || i % 4 === 0 ? `c${k}@Example.org` : '',
    Groups: i % 10 === 0 ? 'Imported;VIP' : i % 10 === 1 ? 'مشتریان ویژه' : '',
    Owner: i % 4 === 1 ? 'anna' : i % 4 === 2 ? 'BEN' : '',
    Stage: ['lead', 'prospect', 'Kunde', 'مشتری بالقوه', ''][i % 5]!,
    Tier: i % 6 === 0 ? 'gold' : i % 6 === 1 ? 'طلایی' : '',
    Campaign: i % 9 === 0 ? 'Import Fair 2026' : '',
    Birthday: persian && i % 2 === 0 ? '۱۳۶۳/۰۱/۱۵' : i % 11 === 0 ? '24.11.1990' : '',
    Language: persian ? 'fa' : 'Deutsch',
    City: persian ? 'تهران' : 'Berlin',
    Notes: i % 13 === 0 ? 'Line one\nline two, with "quotes"' : '',
    Fax: '0'
  }
}

function csvLine (cells: readonly string[]): string {
  return cells.map(c => /[",\n;\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c).join(',')
}

/** The file, the line each bad row starts on with its reason, and how many good customers it holds. */
function generate (): { text: string; bad: Array<{ line: number; reason: string }>; good: number } {
  const lines = [csvLine(HEADER)]
  const bad: Array<{ line: number; reason: string }> = []
  let line = 2
  let goodRows = 0
  for (let i = 0; i < ROWS; i++) {
    const isBad = i % 83 === 82
    const kind = BAD_KINDS[Math.floor(i / 83) % BAD_KINDS.length]!
    const row = { ...good(i), ...(isBad ? kind.row(i) : {}) }
    const text = csvLine(HEADER.map(h => row[h] ?? ''))
    if (isBad) bad.push({ line, reason: kind.reason })
    else goodRows++
    lines.push(text)
    line += text.split('\n').length
  }
  return { text: '\uFEFF' + lines.join('\r\n') + '\r\n', bad, good: goodRows }
}

describe.each(await dialects())('[%s] customer import and export', (_name, dialect) => {
  const t = useTestDatabase(dialect)
  let agent: Agent

  beforeEach(async () => { agent = await startAgent(t) })
  afterEach(async () => { await agent.close() })

  const importer = (): CustomerImporter => new CustomerImporter({ uow: crmUnitOfWork(t.db), defaultCountry: 'DE', tierNames: ['gold', 'silver', 'bronze'] })
  const count = async (): Promise<number> => Number((await t.db.selectFrom('customers').select(eb => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
  const csvOf = async (token: string, path: string): Promise<{ status: number; raw: Buffer; rows: Array<Record<string, string>> }> => {
    const res = await fetch(agent.baseUrl + path, { headers: { authorization: `Bearer ${token}` } })
    const raw = Buffer.from(await res.arrayBuffer())
    return { status: res.status, raw, rows: res.status === 200 ? parse(raw, { bom: true, columns: true }) as Array<Record<string, string>> : [] }
  }

  it('imports 10,000 rows: bad rows reported by line and reason, good rows all there, a second run adds nothing', async () => {
    const file = generate()
    const badRows: BadRow[] = []
    const progress: number[] = []
    const first = await importer().run({ text: file.text }, { importId: 'test-1', actorId: null, batchSize: 1000, onBadRow: r => badRows.push(r), onProgress: p => progress.push(p.rowsDone) })
    expect(first).toMatchObject({ rowsDone: ROWS, rowsTotal: ROWS, errors: file.bad.length, updated: 0, unchanged: 0, ignoredColumns: ['Fax'] })
    expect(first.inserted).toBe(file.good)
    expect(badRows.map(b => ({ line: b.line, reason: b.reason }))).toEqual(file.bad.map(b => ({ line: b.line, reason: expect.stringContaining(b.reason) })))
    expect(badRows[0]?.cells).toHaveLength(HEADER.length)
    expect(new Set(file.bad.map(b => b.reason)).size).toBe(BAD_KINDS.length)
    expect(progress.length).toBeGreaterThanOrEqual(10)
    expect(await count()).toBe(DEMO_CUSTOMERS + file.good)

    // One customer of each shape, stored as the file says.
    const byName = async (name: string) => {
      const c = await t.db.selectFrom('customers').selectAll().where('display_name', '=', name).executeTakeFirstOrThrow()
      const phones = await t.db.selectFrom('customer_phones').select(['raw', 'e164', 'kind', 'country', 'is_primary']).where('customer_id', '=', c.id).orderBy('id').execute()
      const emails = await t.db.selectFrom('customer_emails').select('address').where('customer_id', '=', c.id).execute()
      const groups = await t.db.selectFrom('customer_tags').innerJoin('tags', 'tags.id', 'customer_tags.tag_id').select('tags.name').where('customer_id', '=', c.id).orderBy('tags.name').execute()
      return { c, phones: phones.map(p => ({ ...p, is_primary: Boolean(p.is_primary) })), emails: emails.map(e => e.address), groups: groups.map(g => g.name) }
    }
    const persian = await byName('مشتری شمارهٔ 10010')
    expect(persian.c).toMatchObject({
      external_id: 'K-10010', given_name: 'علي', family_name: 'كريمي', stage: 'lead', tier: null, birthday: '1984-04-04', language: 'fa', city: 'تهران'
    })
    expect(persian.phones).toEqual([
      { raw: '+49 30 50010010', e164: '+493050010010', kind: 'other', country: null, is_primary: true },
      { raw: '030 60010010', e164: '+493060010010', kind: 'other', country: null, is_primary: false },
      { raw: '۰۹۱۲ ۵۰۱۰۰۱۰', e164: '+989125010010', kind: 'mobile', country: 'IR', is_primary: false }
    ])
    expect(persian.groups).toEqual(['Imported', 'VIP'])
    const german = await byName('Customer 10006')
    expect(german.c).toMatchObject({ external_id: 'K-10006', stage: 'prospect', tier: 'gold', tier_source: 'manual', tier_reason: 'imported', language: 'de' })
    expect((await byName('Customer 10007')).c).toMatchObject({ tier: 'gold', tier_source: 'manual' })
    expect((await byName('Customer 10009')).c.campaign_id).not.toBeNull()
    expect((await byName('Customer 10013')).c.notes).toBe('Line one\nline two, with "quotes"')
    const owned = await byName('Customer 10001')
    const anna = await t.db.selectFrom('operators').select('id').where('login', '=', 'anna').executeTakeFirstOrThrow()
    expect(owned.c.owner_id).toBe(anna.id)
    expect(owned.groups).toEqual(['مشتریان ویژه'])
    expect((await byName('Customer 10003')).emails).toEqual(['c10003@Example.org'])
    expect((await byName('Customer 10011')).c.birthday).toBe('1990-11-24')
    // Imported customers are found by search, with the Persian letters typed either way.
    expect((await agent.request('GET', '/api/customers?q=' + encodeURIComponent('علی کریمی 10010'), { token: SUPER })).body.customers)
      .toEqual([expect.objectContaining({ displayName: 'مشتری شمارهٔ 10010' })])

    const again = await importer().run({ text: file.text }, { importId: 'test-2', actorId: null })
    expect(again).toMatchObject({ rowsDone: ROWS, inserted: 0, updated: 0, unchanged: file.good, errors: file.bad.length })
    expect(await count()).toBe(DEMO_CUSTOMERS + file.good)
    const audit = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'customer.import').where('detail', 'like', '%test-2%').execute()
    expect(audit).toEqual([])
  }, 120_000)

  it('updates what changed, merges rows of one customer, keeps households apart, and a dry run writes nothing', async () => {
    const header = 'external_id,name,phone,email,tier,groups,city\n'
    const text = header + [
      'A-1,Lea Vogt,+49 30 7000001,,,Alpha,Bonn',
      'A-1,Lea Vogt,+49 30 7000002,lea@vogt.example,,Beta,',
      ',Hans Roth,+49 40 7000003,,,,',
      ',Greta Roth,+49 40 7000003,,,,'
    ].join('\n')
    const dry = await importer().run({ text }, { importId: 'dry', actorId: null, dryRun: true })
    expect(dry).toMatchObject({ dryRun: true, inserted: 3, errors: 0 })
    expect(await count()).toBe(DEMO_CUSTOMERS)
    expect(await t.db.selectFrom('tags').select('name').where('name', 'in', ['Alpha', 'Beta']).execute()).toEqual([])

    expect(await importer().run({ text }, { importId: 'real', actorId: null })).toMatchObject({ inserted: 3, updated: 0 })
    const lea = await t.db.selectFrom('customers').selectAll().where('external_id', '=', 'A-1').executeTakeFirstOrThrow()
    expect(lea.city).toBe('Bonn')
    expect((await t.db.selectFrom('customer_phones').select('e164').where('customer_id', '=', lea.id).orderBy('id').execute()).map(p => p.e164)).toEqual(['+49307000001', '+49307000002'])
    expect(await count()).toBe(DEMO_CUSTOMERS + 3)

    const changed = header + 'A-1,Lea Vogt-Berg,+49 30 7000001,,silver,Gamma,\n,Hans Roth,+49 40 7000003,,,,\n'
    expect(await importer().run({ text: changed }, { importId: 'change', actorId: null })).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 })
    expect(await t.db.selectFrom('customers').select(['display_name', 'city', 'tier', 'tier_source']).where('id', '=', lea.id).executeTakeFirstOrThrow())
      .toEqual({ display_name: 'Lea Vogt-Berg', city: 'Bonn', tier: 'silver', tier_source: 'manual' })
    const audit = await t.db.selectFrom('audit_log').select('detail').where('action', '=', 'customer.import').where('entity_id', '=', String(lea.id)).orderBy('id').execute()
    expect(JSON.parse(audit.at(-1)!.detail)).toEqual({ importId: 'change', created: false, fields: ['displayName', 'tier', 'groups'] })

    // Semicolons, a Persian header and an Excel formula guard.
    const excel = '\uFEFFنام;تلفن همراه;کشور\r\nنگار رحیمی;\'+98 912 700 0004;IR\r\n'
    expect(await importer().run({ text: excel }, { importId: 'fa', actorId: null })).toMatchObject({ inserted: 1, errors: 0 })
    expect(await t.db.selectFrom('customer_phones').select('e164').where('raw', '=', '+98 912 700 0004').executeTakeFirst()).toEqual({ e164: '+989127000004' })

    await expect(importer().run({ text: 'phone,email\n+49 30 1,\n' }, { importId: 'x', actorId: null })).rejects.toMatchObject({ code: 'RC_ERR_IMPORT_INVALID' })
    await expect(importer().run({ text: 'name\n' }, { importId: 'x', actorId: null, map: 'name=nonsense' })).rejects.toMatchObject({ code: 'RC_ERR_IMPORT_INVALID' })
    expect(await importer().run({ text: 'Kunde X,Tel\nYvonne Ye,+49 30 7000009\n' }, { importId: 'map', actorId: null, map: 'kunde x=display_name,tel=phone' }))
      .toMatchObject({ inserted: 1, errors: 0 })
  })

  it('exports customers and contacts for Excel (BOM, CRLF, Persian intact) that import back without adding anyone', async () => {
    await importer().run({ text: 'external_id,name,mobile,country,groups\nP-1,نگار رحیمی,0912 700 0005,IR,مشتریان ویژه\nP-2,=HYPERLINK("x"),+49 30 7000006,,\n' }, { importId: 'e', actorId: null })
    const all = await csvOf(ADMIN, '/api/customers/export.csv')
    expect(all.status).toBe(200)
    expect([...all.raw.subarray(0, 3)]).toEqual([0xEF, 0xBB, 0xBF])
    const text = all.raw.toString('utf8')
    expect(text.split('\r\n').length).toBeGreaterThan(DEMO_CUSTOMERS + 2)
    expect(text.replace(/\r\n/g, '')).not.toContain('\n')
    expect(text).toContain('"نگار رحیمی"')
    expect(all.rows).toHaveLength(DEMO_CUSTOMERS + 2)
    expect(all.rows.find(r => r['external_id'] === 'P-1')).toMatchObject({ display_name: 'نگار رحیمی', phones: '\'+989127000005', groups: 'مشتریان ویژه', stage: 'customer' })
    expect(all.rows.find(r => r['external_id'] === 'P-2')).toMatchObject({ display_name: '\'=HYPERLINK("x")' })
    expect(all.rows.find(r => r['display_name'] === 'شیرین تهرانی')).toMatchObject({ owner: 'anna', tier: 'silver', language: 'fa', phones: '\'+989121234567' })
    expect(all.rows.find(r => r['display_name'] === 'Jane Doe')).toMatchObject({ groups: 'Newsletter;VIP', campaign: 'spring-fair-2025', owner: 'anna', owner_name: 'Anna Berg' })

    const before = await count()
    const back = await importer().run({ text: all.raw.toString('utf8') }, { importId: 'back', actorId: null })
    expect(back).toMatchObject({ inserted: 0, errors: 0, rowsDone: DEMO_CUSTOMERS + 2 })
    expect(await count()).toBe(before)
    expect(await t.db.selectFrom('customers').select('display_name').where('external_id', '=', 'P-2').executeTakeFirstOrThrow()).toEqual({ display_name: '=HYPERLINK("x")' })

    const contacts = await csvOf(SUPER, '/api/customers/interactions.csv')
    expect(contacts.status).toBe(200)
    expect(contacts.rows.length).toBeGreaterThan(5)
    expect(contacts.rows.find(r => r['note'] === 'Invoice 2026-114 charged twice; finance is checking.'))
      .toMatchObject({ customer: 'Jane Doe', kind: 'call', operator: 'anna', issue_title: 'Invoice 2026-114 charged twice', resolved: 'false' })

    // An operator exports only the files they may read; filters narrow.
    const mine = (await csvOf(ANNA, '/api/customers/export.csv')).rows.map(r => r['display_name']).sort()
    expect(mine).toEqual(['Jane Doe', 'Klaus Wagner', 'Oliver Smith', 'Yuki Tanaka', 'شیرین تهرانی'])
    expect((await csvOf(BEN, '/api/customers/interactions.csv')).rows.every(r => ['Maria Schmidt', 'Sofia Rossi', 'Pat O\'Brien', 'Emma Fischer', 'Thomas Schmidt'].includes(r['customer']!))).toBe(true)
    expect((await csvOf(SUPER, '/api/customers/export.csv?stage=lead')).rows.map(r => r['display_name'])).toEqual(['Lukas Meier'])
    expect((await csvOf('nope', '/api/customers/export.csv')).status).toBe(401)
    const audited = await t.db.selectFrom('audit_log').select(['detail']).where('action', '=', 'customer.export').execute()
    expect(audited.map(a => JSON.parse(a.detail) as { rows: number }).map(d => d.rows)).toContain(DEMO_CUSTOMERS + 2)
  })

  it('imports over the API in the background: upload, poll progress, read the report (admins only)', async () => {
    const file = 'name,phone,owner,birthday\n' + Array.from({ length: 2500 }, (_, i) => i % 500 === 7 ? `Bad ${i},12,zoe,` : `Api Person ${i},+49 30 8${String(i).padStart(6, '0')},ben,`).join('\n')
    const post = (token: string, body: string | FormData, query = '', type = 'text/csv') => fetch(`${agent.baseUrl}/api/imports${query}`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, ...(typeof body === 'string' ? { 'content-type': type } : {}) }, body
    })
    expect((await post(ANNA, file)).status).toBe(403)
    const bad = await post(ADMIN, 'phone\n+4930123\n')
    expect(bad.status).toBe(422)
    expect(await bad.json()).toMatchObject({ code: 'RC_ERR_IMPORT_INVALID' })

    const started = await post(ADMIN, file)
    expect(started.status).toBe(202)
    const { importId } = await started.json() as { importId: string }
    expect(importId).toMatch(/^imp_/)
    let status: { state: string; rowsDone: number; rowsTotal: number } & Record<string, unknown> = { state: 'running', rowsDone: 0, rowsTotal: 0 }
    const seen: number[] = []
    for (let polls = 0; polls < 600 && status.state === 'running'; polls++) {
      status = (await agent.request('GET', `/api/imports/${importId}`, { token: ADMIN })).body
      seen.push(status.rowsDone)
      if (status.state === 'running') await new Promise(resolve => setTimeout(resolve, 20))
    }
    expect(status).toMatchObject({
      id: importId, state: 'finished', dryRun: false, rowsDone: 2500, rowsTotal: 2500, inserted: 2495, updated: 0, errors: 5, failure: null,
      report: [{ line: 9, reason: 'bad phone "12"; unknown owner "zoe"' }, { line: 509, reason: expect.any(String) }, expect.anything(), expect.anything(), expect.anything()],
      reportTruncated: false
    })
    expect(seen.every((n, i) => i === 0 || n >= seen[i - 1]!)).toBe(true)
    expect((await agent.request('GET', `/api/imports/${importId}`, { token: SUPER })).status).toBe(403)
    expect((await agent.request('GET', '/api/imports/imp_nosuchimport', { token: ADMIN })).body).toMatchObject({ code: 'RC_ERR_IMPORT_NOT_FOUND' })
    const report = await csvOf(ADMIN, `/api/imports/${importId}/report.csv`)
    expect(report.rows[0]).toEqual({ line: '9', reason: 'bad phone "12"; unknown owner "zoe"', name: 'Bad 7', phone: '12', owner: 'zoe', birthday: '' })

    // A multipart upload, as a browser's file input sends it; a dry run writes nothing.
    const form = new FormData()
    form.append('file', new Blob(['name,phone\nForm Person,+49 30 9000001\n'], { type: 'text/csv' }), 'customers.csv')
    const dry = await post(ADMIN, form, '?dryRun=true')
    expect(dry.status).toBe(202)
    const dryId = ((await dry.json()) as { importId: string }).importId
    for (let polls = 0; polls < 200; polls++) {
      status = (await agent.request('GET', `/api/imports/${dryId}`, { token: ADMIN })).body
      if (status.state !== 'running') break
      await new Promise(resolve => setTimeout(resolve, 20))
    }
    expect(status).toMatchObject({ state: 'finished', dryRun: true, inserted: 1 })
    expect(await t.db.selectFrom('customers').select('id').where('display_name', '=', 'Form Person').execute()).toEqual([])
  })
})
