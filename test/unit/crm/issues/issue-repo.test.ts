import { describe, expect, it } from 'vitest'
import { crmRepos } from '../../../../agent/crm/crm-repos.js'
import { MAX_ID } from '../../../../agent/store/limits.js'
import { clock, seedPeople } from '../../../support/crm-fixtures.js'
import { dialects, useTestDatabase } from '../../../support/databases.js'

describe.each(await dialects())('[%s] IssueRepo', (_name, dialect) => {
  const t = useTestDatabase(dialect)

  async function setup () {
    const repos = crmRepos(t.db, clock())
    return { issues: repos.issues, ...await seedPeople(repos) }
  }

  it('opens an issue with an audit row and lists it as open', async () => {
    const { issues, anna, jane } = await setup()
    const issue = await issues.add(jane, 'Invoice wrong', anna)
    expect(issue).toMatchObject({ customerId: jane, title: 'Invoice wrong', status: 'open', openedBy: anna, resolvedAt: null })
    expect(await issues.listOpen(jane)).toEqual([issue])
    expect(await issues.get(issue.id)).toEqual(issue)
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'issue.open').executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ actor_id: anna, entity: 'issue', entity_id: String(issue.id) })
    expect(JSON.parse(audit.detail)).toEqual({ customerId: jane })
  })

  it('refuses an issue for a customer that does not exist, and writes nothing', async () => {
    const { issues, anna } = await setup()
    await expect(issues.add(424242, 'x', anna)).rejects.toMatchObject({ code: 'RC_ERR_STORE_NOT_FOUND', entity: 'customer' })
    await expect(issues.add(MAX_ID + 1, 'x', anna)).rejects.toMatchObject({ code: 'RC_ERR_STORE_NOT_FOUND', entity: 'customer' })
    expect(await t.db.selectFrom('issues').select('id').execute()).toEqual([])
  })

  // Probe finding 6: `resolveIssueId: 9007199254740992` gave a 500 on PostgreSQL.
  it('answers "not found" for ids no engine can store instead of failing', async () => {
    const { issues, anna, jane } = await setup()
    expect(await issues.get(MAX_ID + 1)).toBeNull()
    expect(await issues.listOpen(MAX_ID + 1)).toEqual([])
    await expect(issues.resolve(9007199254740992, jane, anna)).rejects.toMatchObject({ code: 'RC_ERR_STORE_NOT_FOUND', entity: 'issue' })
  })
})
