import { describe, expect, it } from 'vitest'
import { writeAudit } from '../../../agent/store/audit-log.js'
import { OperatorRepo } from '../../../agent/crm/operators/operator-repo.js'
import { dialects, useTestDatabase } from '../../support/databases.js'

describe.each(await dialects())('[%s] audit log', (_name, dialect) => {
  const t = useTestDatabase(dialect)

  it('writes audit rows without secrets', async () => {
    const anna = (await new OperatorRepo(t.db, () => new Date()).create({ login: 'anna', displayName: 'Anna Berg', role: 'operator', extensions: ['1001'], token: 'tok-anna' })).id
    await writeAudit(t.db, '2026-11-22T09:00:00.000Z', { actorId: anna, action: 'test.thing', entity: 'customer', entityId: 7, detail: { field: 'x', token: 'secret-value', nested: { apiToken: 'y' } } })
    const row = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'test.thing').executeTakeFirstOrThrow()
    expect(JSON.parse(row.detail)).toEqual({ field: 'x', nested: {} })
    expect(row).toMatchObject({ actor_id: anna, entity: 'customer', entity_id: '7', at: '2026-11-22T09:00:00.000Z' })
  })
})
