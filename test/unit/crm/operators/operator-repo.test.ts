import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { crmRepos } from '../../../../agent/crm/crm-repos.js'
import { MAX_ID } from '../../../../agent/store/limits.js'
import { clock, seedPeople } from '../../../support/crm-fixtures.js'
import { dialects, useTestDatabase } from '../../../support/databases.js'

describe.each(await dialects())('[%s] OperatorRepo', (_name, dialect) => {
  const t = useTestDatabase(dialect)

  async function setup () {
    const repos = crmRepos(t.db, clock())
    return { operators: repos.operators, ...await seedPeople(repos) }
  }

  it('finds operators by token hash, extension and id; never stores the token', async () => {
    const { operators, anna, ben } = await setup()
    expect(await operators.findByToken('tok-ben')).toEqual({
      id: ben, login: 'ben', displayName: 'Ben Okafor', role: 'operator', extensions: ['1002', '1012'],
      endpoints: [{ pbxId: 'default', extension: '1002' }, { pbxId: 'default', extension: '1012' }]
    })
    expect(await operators.findByToken('tok-nobody')).toBeNull()
    expect(await operators.findByToken('')).toBeNull()
    expect((await operators.findByExtension('1001'))?.id).toBe(anna)
    expect(await operators.findByExtension('9999')).toBeNull()
    expect((await operators.get(ben))?.login).toBe('ben')
    expect((await operators.list()).map(o => o.login)).toEqual(['anna', 'ben'])

    const row = await t.db.selectFrom('operators').select('token_hash').where('id', '=', anna).executeTakeFirstOrThrow()
    expect(row.token_hash).toBe(createHash('sha256').update('tok-anna').digest('hex'))
    const audit = await t.db.selectFrom('audit_log').select('detail').execute()
    for (const a of audit) expect(a.detail).not.toContain('tok-')
  })

  it('refuses a second operator with a taken login or extension', async () => {
    const { operators } = await setup()
    await expect(operators.create({ login: 'anna', displayName: 'X', role: 'operator', extensions: [], token: 'x1' }))
      .rejects.toMatchObject({ name: 'StoreError', code: 'RC_ERR_STORE_CONFLICT' })
    await expect(operators.create({ login: 'carl', displayName: 'X', role: 'operator', extensions: ['1001'], token: 'x2' }))
      .rejects.toMatchObject({ code: 'RC_ERR_STORE_CONFLICT' })
    expect(await operators.findByToken('x2')).toBeNull()
  })

  it('answers null for an id no engine can store instead of failing', async () => {
    const { operators } = await setup()
    for (const id of [MAX_ID + 1, 9007199254740992, 0, -1, 1.5]) expect(await operators.get(id)).toBeNull()
  })
})
