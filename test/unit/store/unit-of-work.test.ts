import { describe, expect, it } from 'vitest'
import { crmRepos } from '../../../agent/crm/crm-repos.js'
import { UnitOfWork, inTransaction } from '../../../agent/store/unit-of-work.js'
import { clock, countRows, lead, outcome } from '../../support/crm-fixtures.js'
import { dialects, useTestDatabase } from '../../support/databases.js'

describe.each(await dialects())('[%s] UnitOfWork', (_name, dialect) => {
  const t = useTestDatabase(dialect)
  const uow = () => new UnitOfWork(t.db, h => crmRepos(h, clock()))

  it('commits everything run() wrote, including repository calls that open a transaction of their own', async () => {
    const work = uow()
    const { anna, jane } = await work.run(async (r) => {
      const anna = await r.operators.create({ login: 'anna', displayName: 'Anna Berg', role: 'operator', extensions: ['1001'], token: 'tok-anna' })
      const jane = await r.customers.createLead({ ...lead, ownerId: anna.id }, anna.id)
      await r.issues.add(jane.id, 'Toner', anna.id)
      await r.outcomes.save(outcome('u-1', 'key-u1-0001', { operatorId: anna.id, customerId: jane.id }))
      return { anna: anna.id, jane: jane.id }
    })
    expect((await work.repos.customers.get(jane))?.ownerId).toBe(anna)
    expect(await work.repos.issues.listOpen(jane)).toHaveLength(1)
    expect((await work.repos.interactions.getByCall('u-1'))?.operatorId).toBe(anna)
  })

  it('rolls back everything run() wrote when it rejects', async () => {
    const work = uow()
    const boom = new Error('boom')
    await expect(work.run(async (r) => {
      const anna = await r.operators.create({ login: 'anna', displayName: 'Anna Berg', role: 'operator', extensions: ['1001'], token: 'tok-anna' })
      await r.customers.createLead({ ...lead, ownerId: anna.id }, anna.id)
      throw boom
    })).rejects.toBe(boom)
    for (const table of ['operators', 'customers', 'audit_log'] as const) expect(await countRows(t.db, table), table).toBe(0)
  })

  it('repos autocommit each call', async () => {
    const work = uow()
    await work.repos.operators.create({ login: 'anna', displayName: 'Anna Berg', role: 'operator', extensions: ['1001'], token: 'tok-anna' })
    await expect(work.repos.operators.create({ login: 'anna', displayName: 'Again', role: 'operator', extensions: [], token: 'tok-2' }))
      .rejects.toMatchObject({ code: 'RC_ERR_STORE_CONFLICT' })
    expect(await countRows(t.db, 'operators')).toBe(1)
  })

  it('inTransaction joins a transaction that is already open instead of nesting', async () => {
    await t.db.transaction().execute(async (trx) => {
      const same = await inTransaction(trx, async (inner) => inner)
      expect(same).toBe(trx)
    })
    const opened = await inTransaction(t.db, async (inner) => inner.isTransaction)
    expect(opened).toBe(true)
  })
})
