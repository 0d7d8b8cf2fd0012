import { describe, expect, it } from 'vitest'
import { DEMO_CROWD, demoCustomersCsv } from '../../../agent/demo/demo-customers.js'
import { seedDemo } from '../../../agent/demo/seed.js'
import { normalizePhone } from '../../../agent/crm/customers/phone-number.js'
import { crmUnitOfWork } from '../../support/crm.js'
import { dialects, useTestDatabase } from '../../support/databases.js'

const now = (): Date => new Date('2026-11-22T12:00:00.000Z')

describe('demoCustomersCsv', () => {
  it('is the same file every time', () => {
    expect(demoCustomersCsv({ crowd: 50 })).toBe(demoCustomersCsv({ crowd: 50 }))
    expect(demoCustomersCsv().split('\n').filter(l => l !== '')).toHaveLength(14)
  })
})

describe.each(await dialects())('[%s] the demo crowd', (_name, dialect) => {
  const t = useTestDatabase(dialect)

  it('seeds a few hundred customers through the import path, quickly, with the funnel, tiers and groups filled', async () => {
    const started = performance.now()
    expect(await seedDemo(crmUnitOfWork(t.db, now), { now, crowd: DEMO_CROWD })).toEqual({ seeded: true, customers: 13 + DEMO_CROWD })
    const ms = performance.now() - started
    // Demo start must stay fast; generous for a loaded CI machine (about 1 s on SQLite here).
    expect(ms).toBeLessThan(6000)

    const phones = await t.db.selectFrom('customer_phones').select(['raw', 'e164', 'country']).execute()
    expect(phones.filter(p => p.e164 === null).map(p => p.raw)).toEqual(['030 1234567'])
    for (const p of phones.filter(p => p.e164 !== null)) {
      const read = normalizePhone(p.raw, (p.country ?? 'DE') as 'DE')
      expect(read.kind === 'number' ? read.e164 : read.kind, p.raw).toBe(p.e164)
    }
    expect(new Set(phones.map(p => p.e164)).size).toBe(phones.length - 1)

    const stages = await t.db.selectFrom('customers').select(['stage', eb => eb.fn.countAll().as('n')]).groupBy('stage').execute()
    expect(stages.map(s => s.stage).sort()).toEqual(['customer', 'inactive', 'lead', 'prospect'])
    const manual = await t.db.selectFrom('customers').select('tier').where('tier_source', '=', 'manual').where('tier_reason', '=', 'imported').execute()
    expect(manual.length).toBeGreaterThan(30)
    const groups = await t.db.selectFrom('tags').select('name').orderBy('name').execute()
    expect(groups.map(g => g.name)).toEqual(expect.arrayContaining(['Enterprise', 'Late payer', 'Newsletter', 'VIP', 'مشتریان ویژه']))
    const persian = await t.db.selectFrom('customers').select('display_name').where('language', '=', 'fa').where('external_id', 'like', 'demo-crowd-%').execute()
    expect(persian.length).toBeGreaterThan(30)
    const jalali = await t.db.selectFrom('customers').select('birthday').where('language', '=', 'fa').where('birthday', 'is not', null).execute()
    expect(jalali.every(b => b.birthday! >= '1950-01-01' && b.birthday! < '2006-01-01')).toBe(true)
  })
})
