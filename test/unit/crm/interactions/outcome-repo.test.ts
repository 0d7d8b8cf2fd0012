import { describe, expect, it } from 'vitest'
import { crmRepos } from '../../../../agent/crm/crm-repos.js'
import { MAX_ID } from '../../../../agent/store/limits.js'
import { StoreError } from '../../../../agent/store/store-error.js'
import type { OutcomeInput } from '../../../../agent/model/interaction.js'
import { callFacts, clock, countRows, lead, outcome, seedPeople } from '../../../support/crm-fixtures.js'
import { dialects, useTestDatabase } from '../../../support/databases.js'

describe.each(await dialects())('[%s] OutcomeRepo', (_name, dialect) => {
  const t = useTestDatabase(dialect)

  async function setup () {
    const repos = crmRepos(t.db, clock())
    return { repos, outcomes: repos.outcomes, ...await seedPeople(repos) }
  }
  const count = (table: Parameters<typeof countRows>[1]): Promise<number> => countRows(t.db, table)

  it('saves an outcome as one interaction, one idempotency record and one audit row', async () => {
    const { outcomes, anna, jane } = await setup()
    const auditBefore = await count('audit_log')
    const result = await outcomes.save(outcome('c-3', 'key-c3-0001', { operatorId: anna, customerId: jane }))
    expect(result.replayed).toBe(false)
    expect(result.issue).toBeNull()
    expect(result.interaction).toMatchObject({
      customerId: jane, operatorId: anna, kind: 'call', callId: 'c-3', disposition: 'support',
      note: 'Printer fixed', resolved: true, talkSeconds: 60, occurredAt: '2026-11-22T08:30:00.000Z'
    })
    expect(await count('interactions')).toBe(1)
    expect(await count('audit_log')).toBe(auditBefore + 1)
    const req = await t.db.selectFrom('outcome_requests').selectAll().executeTakeFirstOrThrow()
    expect(req).toMatchObject({ idempotency_key: 'key-c3-0001', call_id: 'c-3', interaction_id: result.interaction.id, operator_id: anna })
    const audit = await t.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ action: 'outcome.save', entity: 'interaction', entity_id: String(result.interaction.id), actor_id: anna })
    expect(JSON.parse(audit.detail)).toMatchObject({ callId: 'c-3', disposition: 'support', resolved: true })
  })

  it('replays the same idempotency key without writing again', async () => {
    const { outcomes, anna, jane } = await setup()
    const first = await outcomes.save(outcome('c-4', 'key-c4-0001', { operatorId: anna, customerId: jane, resolved: false, newIssueTitle: 'Toner' }))
    const audits = await count('audit_log')
    const again = await outcomes.save(outcome('c-4', 'key-c4-0001', { operatorId: anna, customerId: jane, resolved: false, newIssueTitle: 'Toner' }))
    expect(again).toEqual({ ...first, replayed: true })
    expect(await count('interactions')).toBe(1)
    expect(await count('outcome_requests')).toBe(1)
    expect(await count('issues')).toBe(1)
    expect(await count('audit_log')).toBe(audits)
  })

  it('writes once when five identical requests race', async () => {
    const { outcomes, anna, jane } = await setup()
    const results = await Promise.all(Array.from({ length: 5 }, () =>
      outcomes.save(outcome('c-5', 'key-c5-0001', { operatorId: anna, customerId: jane, resolved: false, newIssueTitle: 'Race' }))))
    expect(results.filter(r => !r.replayed)).toHaveLength(1)
    expect(new Set(results.map(r => r.interaction.id)).size).toBe(1)
    expect(new Set(results.map(r => r.issue?.id)).size).toBe(1)
    expect(await count('interactions')).toBe(1)
    expect(await count('outcome_requests')).toBe(1)
    expect(await count('issues')).toBe(1)
  })

  it('refuses an idempotency key reused for another call', async () => {
    const { outcomes, anna, jane } = await setup()
    await outcomes.save(outcome('c-6', 'key-shared-01', { operatorId: anna, customerId: jane }))
    const err = await outcomes.save(outcome('c-7', 'key-shared-01', { operatorId: anna, customerId: jane })).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StoreError)
    expect(err).toMatchObject({ code: 'RC_ERR_STORE_CONFLICT', entity: 'idempotency_key', statusCode: 409 })
    expect(await t.db.selectFrom('interactions').select('id').where('call_id', '=', 'c-7').execute()).toEqual([])
  })

  // Probe finding 8c: a reused key with another body answered 200 with the old result.
  it('refuses an idempotency key reused with a different body, and changes nothing', async () => {
    const { repos, outcomes, anna, ben, jane } = await setup()
    const other = await repos.customers.createLead({ ...lead, displayName: 'Other', phoneE164: '+4930999999', phoneRaw: '030 999999' }, anna)
    const issue = await repos.issues.add(jane, 'Toner', anna)
    const base = outcome('c-8c', 'key-c8c-0001', { operatorId: anna, customerId: jane, resolved: false, note: 'first' })
    const first = await outcomes.save(base)
    const changes: Array<Partial<OutcomeInput>> = [
      { disposition: 'sale' },
      { note: 'second' },
      { note: 'first ' },
      { resolved: true },
      { customerId: other.id },
      { customerId: null },
      { resolveIssueId: issue.id },
      { newIssueTitle: 'Toner again' },
      { operatorId: ben }
    ]
    for (const change of changes) {
      await expect(outcomes.save({ ...base, ...change }), JSON.stringify(change))
        .rejects.toMatchObject({ name: 'StoreError', code: 'RC_ERR_STORE_CONFLICT', entity: 'idempotency_key' })
    }
    // The call facts are the PBX's, not the operator's choice: a retry may carry fresher ones.
    const replay = await outcomes.save({ ...base, call: { ...base.call!, talkSeconds: 61 } })
    expect(replay).toEqual({ ...first, replayed: true })
    expect(await repos.interactions.getByCall('c-8c')).toEqual(first.interaction)
    expect((await repos.issues.get(issue.id))?.status).toBe('open')
    expect(await count('outcome_requests')).toBe(1)
  })

  it('still replays a key stored before requests were fingerprinted', async () => {
    const { outcomes, anna, jane } = await setup()
    const first = await outcomes.save(outcome('c-old', 'key-old-0001', { operatorId: anna, customerId: jane }))
    await t.db.updateTable('outcome_requests').set({ request_hash: null }).execute()
    const again = await outcomes.save(outcome('c-old', 'key-old-0001', { operatorId: anna, customerId: jane, note: 'other text' }))
    expect(again).toEqual({ ...first, replayed: true })
  })

  it('lets a new key from the same operator correct an outcome already saved for the call', async () => {
    const { outcomes, anna, jane } = await setup()
    const first = await outcomes.save(outcome('c-8', 'key-c8-first', { operatorId: anna, customerId: jane }))
    const fixed = await outcomes.save(outcome('c-8', 'key-c8-second', { operatorId: anna, customerId: null, disposition: 'sale', resolved: false }))
    expect(fixed.replayed).toBe(false)
    expect(fixed.interaction).toMatchObject({ id: first.interaction.id, disposition: 'sale', resolved: false, operatorId: anna, customerId: jane })
    expect(await count('interactions')).toBe(1)
    const actions = (await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'interaction').orderBy('id').execute()).map(a => a.action)
    expect(actions).toEqual(['outcome.save', 'outcome.correct'])
  })

  it('never overwrites another operator\'s wrap-up, and leaves nothing of the refused attempt', async () => {
    const { outcomes, anna, ben, jane } = await setup()
    await outcomes.save(outcome('c-8b', 'key-c8b-anna', { operatorId: anna, customerId: jane, note: 'Anna\'s note' }))
    await expect(outcomes.save(outcome('c-8b', 'key-c8b-ben', { operatorId: ben, customerId: jane, note: 'Ben\'s note' })))
      .rejects.toMatchObject({ code: 'RC_ERR_STORE_CONFLICT', entity: 'outcome' })
    const row = await t.db.selectFrom('interactions').select(['note', 'operator_id']).where('call_id', '=', 'c-8b').executeTakeFirstOrThrow()
    expect(row).toEqual({ note: 'Anna\'s note', operator_id: anna })
    expect(await t.db.selectFrom('outcome_requests').select('idempotency_key').where('idempotency_key', '=', 'key-c8b-ben').execute()).toEqual([])
  })

  // Probe finding 1: two operators wrapping up one unanswered ring-all call at the same moment both got 201 on PostgreSQL.
  it('lets exactly one of two operators win when both wrap up a call at the same moment (100 pairs)', async () => {
    const { repos, outcomes, anna, ben, jane } = await setup()
    const problems: string[] = []
    for (let i = 0; i < 100; i++) {
      const callId = `ring-all-${i}`
      // Half the calls are in the call log already (update path), half are not (insert path).
      if (i % 2 === 0) await repos.interactions.logCall(callFacts(callId, { customerId: jane, talkSeconds: null, callResult: 'missed' }))
      const attempts = [anna, ben].map(op => outcome(callId, `key-${callId}-${op}`, { operatorId: op, customerId: jane, note: `by ${op}` }))
      const settled = await Promise.allSettled(attempts.map(a => outcomes.save(a)))
      const won = settled.flatMap((s, k) => s.status === 'fulfilled' ? [attempts[k]!] : [])
      const lost = settled.flatMap(s => s.status === 'rejected' ? [s.reason as unknown] : [])
      if (won.length !== 1 || lost.length !== 1) {
        problems.push(`${callId}: ${won.length} saved, ${lost.length} refused`)
        continue
      }
      if (!(lost[0] instanceof StoreError) || lost[0].code !== 'RC_ERR_STORE_CONFLICT' || lost[0].entity !== 'outcome') {
        problems.push(`${callId}: refused with ${String(lost[0])}`)
      }
      const winner = won[0]!
      const row = await t.db.selectFrom('interactions').select(['operator_id', 'note']).where('call_id', '=', callId).executeTakeFirstOrThrow()
      if (row.operator_id !== winner.operatorId || row.note !== winner.note) problems.push(`${callId}: row holds ${row.note}, winner was ${winner.note}`)
      const keys = await t.db.selectFrom('outcome_requests').select('idempotency_key').where('call_id', '=', callId).execute()
      if (keys.length !== 1 || keys[0]?.idempotency_key !== winner.idempotencyKey) problems.push(`${callId}: keys ${keys.map(k => k.idempotency_key).join(',')}`)
    }
    expect(problems).toEqual([])
    expect(await count('interactions')).toBe(100)
  })

  it('resolves the chosen issue and links it', async () => {
    const { repos, outcomes, anna, jane } = await setup()
    const issue = await repos.issues.add(jane, 'Invoice wrong', anna)
    expect(await repos.issues.listOpen(jane)).toEqual([issue])
    const result = await outcomes.save(outcome('c-9', 'key-c9-0001', { operatorId: anna, customerId: jane, resolveIssueId: issue.id }))
    expect(result.issue).toMatchObject({ id: issue.id, status: 'resolved', resolvedBy: anna, resolvedAt: expect.any(String) })
    expect(result.interaction.issueId).toBe(issue.id)
    expect(await repos.issues.listOpen(jane)).toEqual([])
    expect(await t.db.selectFrom('outcome_requests').select('issue_id').executeTakeFirstOrThrow()).toEqual({ issue_id: issue.id })
  })

  it('opens a new issue and links it', async () => {
    const { repos, outcomes, anna, jane } = await setup()
    const result = await outcomes.save(outcome('c-10', 'key-c10-001', { operatorId: anna, customerId: jane, resolved: false, newIssueTitle: 'Needs a technician' }))
    expect(result.issue).toMatchObject({ customerId: jane, title: 'Needs a technician', status: 'open', openedBy: anna })
    expect(result.interaction.issueId).toBe(result.issue?.id)
    expect((await repos.issues.listOpen(jane)).map(i => i.title)).toEqual(['Needs a technician'])
  })

  it('an issue raised and solved on the same call is stored resolved on its first contact', async () => {
    const { repos, outcomes, anna, jane } = await setup()
    const result = await outcomes.save(outcome('c-10b', 'key-c10b-01', { operatorId: anna, customerId: jane, resolved: true, newIssueTitle: 'Password reset' }))
    expect(result.issue).toMatchObject({ customerId: jane, title: 'Password reset', status: 'resolved', openedBy: anna, resolvedBy: anna })
    expect(result.interaction).toMatchObject({ issueId: result.issue?.id, resolved: true })
    expect((await repos.issues.listOpen(jane)).map(i => i.title)).not.toContain('Password reset')
  })

  it('reports a missing customer, call or issue with a store error code', async () => {
    const { repos, outcomes, anna, jane } = await setup()
    await expect(outcomes.save(outcome('c-11', 'key-c11-001', { operatorId: anna, customerId: 424242 })))
      .rejects.toMatchObject({ code: 'RC_ERR_STORE_NOT_FOUND', entity: 'customer', statusCode: 404 })
    await expect(outcomes.save(outcome('c-12', 'key-c12-001', { operatorId: anna, customerId: jane, call: null })))
      .rejects.toMatchObject({ code: 'RC_ERR_STORE_NOT_FOUND', entity: 'call' })
    await expect(outcomes.save(outcome('c-13', 'key-c13-001', { operatorId: anna, customerId: jane, resolveIssueId: 1, newIssueTitle: 'x' })))
      .rejects.toMatchObject({ code: 'RC_ERR_STORE_INVALID' })
    await expect(repos.issues.add(424242, 'x', anna)).rejects.toMatchObject({ code: 'RC_ERR_STORE_NOT_FOUND', entity: 'customer' })
  })

  // Probe finding 6: ids past PostgreSQL's int4 are "not found", never a driver error (500).
  it('reports a customer or issue id no engine can store as not found', async () => {
    const { outcomes, anna, jane } = await setup()
    await expect(outcomes.save(outcome('c-big', 'key-big-001', { operatorId: anna, customerId: MAX_ID + 1 })))
      .rejects.toMatchObject({ code: 'RC_ERR_STORE_NOT_FOUND', entity: 'customer' })
    await expect(outcomes.save(outcome('c-big', 'key-big-002', { operatorId: anna, customerId: jane, resolveIssueId: 9007199254740992 })))
      .rejects.toMatchObject({ code: 'RC_ERR_STORE_NOT_FOUND', entity: 'issue' })
    expect(await count('outcome_requests')).toBe(0)
  })

  it('leaves nothing half-written when the transaction fails after its first writes', async () => {
    const { repos, outcomes, anna, jane } = await setup()
    const other = await repos.customers.createLead({ ...lead, displayName: 'Other', phoneE164: '+4930999999', phoneRaw: '030 999999' }, anna)
    const foreign = await repos.issues.add(other.id, 'Not Jane’s', anna)
    const audits = await count('audit_log')
    // The key is claimed and the interaction written before the issue check fails.
    await expect(outcomes.save(outcome('c-14', 'key-c14-001', { operatorId: anna, customerId: jane, resolveIssueId: foreign.id })))
      .rejects.toMatchObject({ code: 'RC_ERR_STORE_NOT_FOUND', entity: 'issue' })
    expect(await count('interactions')).toBe(0)
    expect(await count('outcome_requests')).toBe(0)
    expect(await count('audit_log')).toBe(audits)
    expect((await repos.issues.get(foreign.id))?.status).toBe('open')
    // Nothing was claimed, so the same key works once the request is fixed.
    const ok = await outcomes.save(outcome('c-14', 'key-c14-001', { operatorId: anna, customerId: jane }))
    expect(ok.replayed).toBe(false)
  })

  it('keeps a saved outcome across a restart', async () => {
    const { outcomes, anna, jane } = await setup()
    const saved = await outcomes.save(outcome('c-18', 'key-c18-001', { operatorId: anna, customerId: jane }))
    await t.reopen()
    const reopened = crmRepos(t.db, clock())
    expect(await reopened.interactions.getByCall('c-18')).toEqual(saved.interaction)
    const replay = await reopened.outcomes.save(outcome('c-18', 'key-c18-001', { operatorId: anna, customerId: jane }))
    expect(replay).toEqual({ ...saved, replayed: true })
  })
})
