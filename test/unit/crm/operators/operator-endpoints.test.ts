import { Migrator, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { crmRepos } from '../../../../agent/crm/crm-repos.js'
import { OperatorDirectory } from '../../../../agent/crm/operators/operator-directory.js'
import { migrateToLatest } from '../../../../agent/store/connect.js'
import { migrations } from '../../../../schema/migrations.js'
import { clock } from '../../../support/crm-fixtures.js'
import { dialects, silentLogger, useTestDatabase } from '../../../support/databases.js'

describe.each(await dialects())('[%s] operator extensions per PBX', (_name, dialect) => {
  const t = useTestDatabase(dialect)

  async function twoPbxs () {
    const { operators } = crmRepos(t.db, clock())
    const anna = await operators.create({ login: 'anna', displayName: 'Anna Berg', role: 'operator', extensions: ['1001'], token: 'tok-anna' })
    const bo = await operators.create({
      login: 'bo', displayName: 'Bo Lind', role: 'operator', extensions: [],
      endpoints: [{ pbxId: 'b', extension: '1001' }, { pbxId: 'b', extension: '1001' }], token: 'tok-bo'
    })
    return { operators, anna, bo }
  }

  it('lets two PBXs each have a 1001 with different owners, and refuses a second owner on one PBX', async () => {
    const { operators, anna, bo } = await twoPbxs()
    expect(anna).toMatchObject({ extensions: ['1001'], endpoints: [{ pbxId: 'default', extension: '1001' }] })
    expect(bo).toMatchObject({ extensions: [], endpoints: [{ pbxId: 'b', extension: '1001' }] })
    expect((await operators.findByExtension('1001'))?.login).toBe('anna')
    expect((await operators.findByExtension('1001', 'b'))?.login).toBe('bo')
    expect(await operators.findByExtension('1001', 'c')).toBeNull()
    await expect(operators.create({ login: 'cy', displayName: 'Cy', role: 'operator', extensions: [], endpoints: [{ pbxId: 'b', extension: '1001' }], token: 'tok-cy' }))
      .rejects.toMatchObject({ code: 'RC_ERR_STORE_CONFLICT' })
    const audit = await t.db.selectFrom('audit_log').select('detail').where('entity_id', '=', String(bo.id)).executeTakeFirstOrThrow()
    expect(JSON.parse(audit.detail)).toMatchObject({ extensions: ['b/1001'] })
  })

  it('the directory looks operators up by PBX and extension', async () => {
    const { operators, anna, bo } = await twoPbxs()
    const directory = new OperatorDirectory(operators, silentLogger)
    await directory.start(0)
    expect(directory.byEndpoint('default', '1001')?.id).toBe(anna.id)
    expect(directory.byEndpoint('b', '1001')?.id).toBe(bo.id)
    expect(directory.byEndpoint('c', '1001')).toBeNull()
  })

  it('the migration moves v1 extensions to the default PBX and keeps them unique per PBX only', async () => {
    const migrator = new Migrator({ db: t.db, provider: { getMigrations: async () => ({ ...migrations }) } })
    const down = await migrator.migrateTo('2026-11-22T2040_create_core_tables')
    expect(down.error).toBeUndefined()
    try {
      const { id } = await t.db.insertInto('operators')
        .values({ login: 'old', display_name: 'Old Timer', role: 'operator', token_hash: 'h-old', created_at: '2026-11-22T09:00:00.000Z' })
        .returning('id').executeTakeFirstOrThrow()
      // A v1 row: no pbx_id column yet.
      await sql`insert into operator_extensions (extension, operator_id) values (${'1001'}, ${id})`.execute(t.db)
      await migrateToLatest(t.db, silentLogger)
      expect(await t.db.selectFrom('operator_extensions').selectAll().execute()).toEqual([{ pbx_id: 'default', extension: '1001', operator_id: id }])
      await t.db.insertInto('operator_extensions').values({ pbx_id: 'b', extension: '1001', operator_id: id }).execute()
      await expect(t.db.insertInto('operator_extensions').values({ pbx_id: 'b', extension: '1001', operator_id: id }).execute()).rejects.toThrow()
      // Deleting the operator still takes its extensions along (the foreign key survived the rebuild).
      await t.db.deleteFrom('operators').where('id', '=', id).execute()
      expect(await t.db.selectFrom('operator_extensions').selectAll().execute()).toEqual([])
    } finally {
      await migrateToLatest(t.db, silentLogger)
    }
  })
})
