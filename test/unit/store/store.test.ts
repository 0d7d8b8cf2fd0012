import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { migrateToLatest } from '../../../agent/store/connect.js'
import { Store } from '../../../agent/store/store.js'
import { StoreError } from '../../../agent/store/store-error.js'
import type { CallLogEntry, OutcomeInput } from '../../../agent/model/interaction.js'
import type { NewLeadInput } from '../../../agent/model/customer.js'
import { dialects, silentLogger, useTestDatabase } from '../../support/databases.js'

function clock (): () => Date {
  let t = Date.parse('2026-11-22T09:00:00.000Z')
  return () => new Date(t += 1000)
}

const lead: NewLeadInput = {
  displayName: 'Jane Doe',
  honorific: 'Ms',
  company: 'Doe GmbH',
  phoneRaw: '0151 12345678',
  phoneE164: '+4915112345678',
  sourceCampaign: 'spring-2026',
  ownerId: null,
  stage: 'lead',
  tier: 'gold',
  language: 'de',
  notes: null,
  tags: ['VIP', 'Newsletter', 'VIP']
}

function callFacts (callId: string, extra: Partial<CallLogEntry> = {}): CallLogEntry {
  return {
    callId,
    customerId: null,
    direction: 'inbound',
    occurredAt: '2026-11-22T08:30:00.000Z',
    extension: '1001',
    operatorId: null,
    queue: 'support',
    remoteNumber: '+4915112345678',
    ringSeconds: 4,
    talkSeconds: 60,
    callResult: 'answered',
    ...extra
  }
}

function outcome (callId: string, key: string, extra: Partial<OutcomeInput> = {}): OutcomeInput {
  const { callId: _c, customerId: _cu, operatorId: _o, ...facts } = callFacts(callId)
  return {
    callId,
    idempotencyKey: key,
    operatorId: 0,
    customerId: null,
    disposition: 'support',
    note: 'Printer fixed',
    resolved: true,
    resolveIssueId: null,
    newIssueTitle: null,
    call: facts,
    ...extra
  }
}

describe.each(await dialects())('[%s] Store', (_name, dialect) => {
  const t = useTestDatabase(dialect)

  async function setup (): Promise<{ store: Store; anna: number; ben: number; jane: number }> {
    const store = new Store(t.db, { now: clock() })
    const anna = await store.createOperator({ login: 'anna', displayName: 'Anna Berg', role: 'operator', extensions: ['1001'], token: 'tok-anna' })
    const ben = await store.createOperator({ login: 'ben', displayName: 'Ben Okafor', role: 'operator', extensions: ['1002', '1012'], token: 'tok-ben' })
    const jane = await store.createLead({ ...lead, ownerId: anna.id }, anna.id)
    return { store, anna: anna.id, ben: ben.id, jane: jane.id }
  }

  async function count (table: 'interactions' | 'outcome_requests' | 'audit_log' | 'issues'): Promise<number> {
    const { n } = await t.db.selectFrom(table).select(eb => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
    return Number(n)
  }

  it('migrates to the latest schema, and migrating again changes nothing', async () => {
    const tables = (await t.db.introspection.getTables()).map(x => x.name)
    expect(tables).toEqual(expect.arrayContaining([
      'operators', 'operator_extensions', 'customers', 'customer_phones', 'tags', 'customer_tags',
      'issues', 'interactions', 'outcome_requests', 'audit_log'
    ]))
    await migrateToLatest(t.db, silentLogger)
  })

  it('finds operators by token hash, extension and id; never stores the token', async () => {
    const { store, anna, ben } = await setup()
    expect(await store.findOperatorByToken('tok-ben')).toEqual({
      id: ben, login: 'ben', displayName: 'Ben Okafor', role: 'operator', extensions: ['1002', '1012']
    })
    expect(await store.findOperatorByToken('tok-nobody')).toBeNull()
    expect(await store.findOperatorByToken('')).toBeNull()
    expect((await store.findOperatorByExtension('1001'))?.id).toBe(anna)
    expect(await store.findOperatorByExtension('9999')).toBeNull()
    expect((await store.getOperator(ben))?.login).toBe('ben')
    expect((await store.listOperators()).map(o => o.login)).toEqual(['anna', 'ben'])

    const row = await t.db.selectFrom('operators').select('token_hash').where('id', '=', anna).executeTakeFirstOrThrow()
    expect(row.token_hash).toBe(createHash('sha256').update('tok-anna').digest('hex'))
    const audit = await t.db.selectFrom('audit_log').select('detail').execute()
    for (const a of audit) expect(a.detail).not.toContain('tok-')
  })

  it('refuses a second operator with a taken login or extension', async () => {
    const { store } = await setup()
    await expect(store.createOperator({ login: 'anna', displayName: 'X', role: 'operator', extensions: [], token: 'x1' }))
      .rejects.toMatchObject({ name: 'StoreError', code: 'RC_ERR_STORE_CONFLICT' })
    await expect(store.createOperator({ login: 'carl', displayName: 'X', role: 'operator', extensions: ['1001'], token: 'x2' }))
      .rejects.toMatchObject({ code: 'RC_ERR_STORE_CONFLICT' })
    expect(await store.findOperatorByToken('x2')).toBeNull()
  })

  it('creates a lead and reads it back with tags, phones and owner; audits without personal data', async () => {
    const { store, anna, jane } = await setup()
    const customer = await store.getCustomer(jane)
    expect(customer).toMatchObject({
      id: jane,
      displayName: 'Jane Doe',
      honorific: 'Ms',
      company: 'Doe GmbH',
      stage: 'lead',
      sourceCampaign: 'spring-2026',
      ownerId: anna,
      ownerName: 'Anna Berg',
      tier: 'gold',
      language: 'de',
      birthday: null,
      tags: ['Newsletter', 'VIP'],
      phones: [{ raw: '0151 12345678', e164: '+4915112345678', kind: 'other' }],
      createdAt: expect.stringMatching(/^2026-11-22T09:00:\d\d\.000Z$/)
    })
    expect(await store.getCustomer(jane + 1000)).toBeNull()
    expect(await store.countCustomers()).toBe(1)
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'lead.create').executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ actor_id: anna, entity: 'customer', entity_id: String(jane) })
    expect(audit.detail).not.toMatch(/Jane|1234/)
    expect(await store.findPhonesByE164(['+4915112345678', '+490000'])).toEqual([{ customerId: jane, raw: '0151 12345678', e164: '+4915112345678' }])
    expect(await store.findPhonesBySuffix('12345678')).toHaveLength(1)
    expect(await store.findPhonesBySuffix('5112345678')).toHaveLength(1)
    expect(await store.findPhonesBySuffix('9112345678')).toHaveLength(0)
    expect(await store.findPhonesBySuffix('345678')).toHaveLength(1)
  })

  it('logs a call once per call id; a repeat refreshes the PBX facts only', async () => {
    const { store, anna, jane } = await setup()
    const first = await store.logCall(callFacts('c-1', { customerId: jane, operatorId: anna, talkSeconds: null, callResult: 'unknown' }))
    const again = await store.logCall(callFacts('c-1', { customerId: null, operatorId: null, talkSeconds: 75 }))
    expect(again.id).toBe(first.id)
    expect(again).toMatchObject({ customerId: jane, operatorId: anna, talkSeconds: 75, callResult: 'answered', kind: 'call', callId: 'c-1' })
    expect(await count('interactions')).toBe(1)
    expect(await store.getCallInteraction('c-1')).toEqual(again)
    expect(await store.getCallInteraction('c-none')).toBeNull()
  })

  it('never lets the call log overwrite the operator’s wrap-up', async () => {
    const { store, anna, jane } = await setup()
    await store.saveOutcome(outcome('c-2', 'key-c2-0001', { operatorId: anna, customerId: jane, resolved: false, note: 'call back' }))
    const logged = await store.logCall(callFacts('c-2', { talkSeconds: 99, customerId: null }))
    expect(logged).toMatchObject({ disposition: 'support', note: 'call back', resolved: false, customerId: jane, operatorId: anna, talkSeconds: 99 })
    expect(await count('interactions')).toBe(1)
  })

  it('saves an outcome as one interaction, one idempotency record and one audit row', async () => {
    const { store, anna, jane } = await setup()
    const auditBefore = await count('audit_log')
    const result = await store.saveOutcome(outcome('c-3', 'key-c3-0001', { operatorId: anna, customerId: jane }))
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
    const { store, anna, jane } = await setup()
    const first = await store.saveOutcome(outcome('c-4', 'key-c4-0001', { operatorId: anna, customerId: jane, resolved: false, newIssueTitle: 'Toner' }))
    const audits = await count('audit_log')
    const again = await store.saveOutcome(outcome('c-4', 'key-c4-0001', { operatorId: anna, customerId: jane, resolved: false, newIssueTitle: 'Toner' }))
    expect(again).toEqual({ ...first, replayed: true })
    expect(await count('interactions')).toBe(1)
    expect(await count('outcome_requests')).toBe(1)
    expect(await count('issues')).toBe(1)
    expect(await count('audit_log')).toBe(audits)
  })

  it('writes once when five identical requests race', async () => {
    const { store, anna, jane } = await setup()
    const results = await Promise.all(Array.from({ length: 5 }, () =>
      store.saveOutcome(outcome('c-5', 'key-c5-0001', { operatorId: anna, customerId: jane, resolved: false, newIssueTitle: 'Race' }))))
    expect(results.filter(r => !r.replayed)).toHaveLength(1)
    expect(new Set(results.map(r => r.interaction.id)).size).toBe(1)
    expect(new Set(results.map(r => r.issue?.id)).size).toBe(1)
    expect(await count('interactions')).toBe(1)
    expect(await count('outcome_requests')).toBe(1)
    expect(await count('issues')).toBe(1)
  })

  it('refuses an idempotency key reused for another call', async () => {
    const { store, anna, jane } = await setup()
    await store.saveOutcome(outcome('c-6', 'key-shared-01', { operatorId: anna, customerId: jane }))
    const err = await store.saveOutcome(outcome('c-7', 'key-shared-01', { operatorId: anna, customerId: jane })).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StoreError)
    expect(err).toMatchObject({ code: 'RC_ERR_STORE_CONFLICT', entity: 'idempotency_key', statusCode: 409 })
    expect(await store.getCallInteraction('c-7')).toBeNull()
  })

  it('lets a new key from the same operator correct an outcome already saved for the call', async () => {
    const { store, anna, jane } = await setup()
    const first = await store.saveOutcome(outcome('c-8', 'key-c8-first', { operatorId: anna, customerId: jane }))
    const fixed = await store.saveOutcome(outcome('c-8', 'key-c8-second', { operatorId: anna, customerId: null, disposition: 'sale', resolved: false }))
    expect(fixed.replayed).toBe(false)
    expect(fixed.interaction).toMatchObject({ id: first.interaction.id, disposition: 'sale', resolved: false, operatorId: anna, customerId: jane })
    expect(await count('interactions')).toBe(1)
    const actions = (await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'interaction').orderBy('id').execute()).map(a => a.action)
    expect(actions).toEqual(['outcome.save', 'outcome.correct'])
  })

  it('never overwrites another operator\'s wrap-up, and leaves nothing of the refused attempt', async () => {
    const { store, anna, ben, jane } = await setup()
    await store.saveOutcome(outcome('c-8b', 'key-c8b-anna', { operatorId: anna, customerId: jane, note: 'Anna\'s note' }))
    await expect(store.saveOutcome(outcome('c-8b', 'key-c8b-ben', { operatorId: ben, customerId: jane, note: 'Ben\'s note' })))
      .rejects.toMatchObject({ code: 'RC_ERR_STORE_CONFLICT', entity: 'outcome' })
    const row = await t.db.selectFrom('interactions').select(['note', 'operator_id']).where('call_id', '=', 'c-8b').executeTakeFirstOrThrow()
    expect(row).toEqual({ note: 'Anna\'s note', operator_id: anna })
    expect(await t.db.selectFrom('outcome_requests').select('idempotency_key').where('idempotency_key', '=', 'key-c8b-ben').execute()).toEqual([])
  })

  it('resolves the chosen issue and links it', async () => {
    const { store, anna, jane } = await setup()
    const issue = await store.addIssue(jane, 'Invoice wrong', anna)
    expect(await store.listOpenIssues(jane)).toEqual([issue])
    const result = await store.saveOutcome(outcome('c-9', 'key-c9-0001', { operatorId: anna, customerId: jane, resolveIssueId: issue.id }))
    expect(result.issue).toMatchObject({ id: issue.id, status: 'resolved', resolvedBy: anna, resolvedAt: expect.any(String) })
    expect(result.interaction.issueId).toBe(issue.id)
    expect(await store.listOpenIssues(jane)).toEqual([])
    expect(await t.db.selectFrom('outcome_requests').select('issue_id').executeTakeFirstOrThrow()).toEqual({ issue_id: issue.id })
  })

  it('opens a new issue and links it', async () => {
    const { store, anna, jane } = await setup()
    const result = await store.saveOutcome(outcome('c-10', 'key-c10-001', { operatorId: anna, customerId: jane, resolved: false, newIssueTitle: 'Needs a technician' }))
    expect(result.issue).toMatchObject({ customerId: jane, title: 'Needs a technician', status: 'open', openedBy: anna })
    expect(result.interaction.issueId).toBe(result.issue?.id)
    expect((await store.listOpenIssues(jane)).map(i => i.title)).toEqual(['Needs a technician'])
  })

  it('reports a missing customer, call or issue with a store error code', async () => {
    const { store, anna, jane } = await setup()
    await expect(store.saveOutcome(outcome('c-11', 'key-c11-001', { operatorId: anna, customerId: 424242 })))
      .rejects.toMatchObject({ code: 'RC_ERR_STORE_NOT_FOUND', entity: 'customer', statusCode: 404 })
    await expect(store.saveOutcome(outcome('c-12', 'key-c12-001', { operatorId: anna, customerId: jane, call: null })))
      .rejects.toMatchObject({ code: 'RC_ERR_STORE_NOT_FOUND', entity: 'call' })
    await expect(store.saveOutcome(outcome('c-13', 'key-c13-001', { operatorId: anna, customerId: jane, resolveIssueId: 1, newIssueTitle: 'x' })))
      .rejects.toMatchObject({ code: 'RC_ERR_STORE_INVALID' })
    await expect(store.addIssue(424242, 'x', anna)).rejects.toMatchObject({ code: 'RC_ERR_STORE_NOT_FOUND', entity: 'customer' })
  })

  it('leaves nothing half-written when the transaction fails after its first writes', async () => {
    const { store, anna, jane } = await setup()
    const other = await store.createLead({ ...lead, displayName: 'Other', phoneE164: '+4930999999', phoneRaw: '030 999999' }, anna)
    const foreign = await store.addIssue(other.id, 'Not Jane’s', anna)
    const audits = await count('audit_log')
    // The key is claimed and the interaction written before the issue check fails.
    await expect(store.saveOutcome(outcome('c-14', 'key-c14-001', { operatorId: anna, customerId: jane, resolveIssueId: foreign.id })))
      .rejects.toMatchObject({ code: 'RC_ERR_STORE_NOT_FOUND', entity: 'issue' })
    expect(await count('interactions')).toBe(0)
    expect(await count('outcome_requests')).toBe(0)
    expect(await count('audit_log')).toBe(audits)
    expect((await store.getIssue(foreign.id))?.status).toBe('open')
    // Nothing was claimed, so the same key works once the request is fixed.
    const ok = await store.saveOutcome(outcome('c-14', 'key-c14-001', { operatorId: anna, customerId: jane }))
    expect(ok.replayed).toBe(false)
  })

  it('returns booleans whatever the engine stores', async () => {
    const { store, anna, jane } = await setup()
    const yes = await store.saveOutcome(outcome('c-15', 'key-c15-001', { operatorId: anna, customerId: jane, resolved: true }))
    const no = await store.saveOutcome(outcome('c-16', 'key-c16-001', { operatorId: anna, customerId: jane, resolved: false }))
    const unset = await store.logCall(callFacts('c-17', { customerId: jane }))
    expect([yes.interaction.resolved, no.interaction.resolved, unset.resolved]).toEqual([true, false, null])
    const listed = await store.listInteractions(jane, 10)
    expect(listed.map(i => i.resolved).sort()).toEqual([false, null, true].sort())
    const raw = await sql<{ resolved: unknown }>`select resolved from interactions where call_id = ${'c-15'}`.execute(t.db)
    expect([true, 1]).toContain(raw.rows[0]?.resolved)
  })

  it('lists interactions newest first with the operator’s name', async () => {
    const { store, anna, jane } = await setup()
    await store.logCall(callFacts('old', { customerId: jane, occurredAt: '2026-01-01T10:00:00+01:00' }))
    await store.saveOutcome(outcome('new', 'key-new-0001', { operatorId: anna, customerId: jane }))
    await store.addInteraction({
      customerId: jane, kind: 'meeting', direction: null, occurredAt: '2026-06-01T12:00:00.000Z',
      operatorId: null, disposition: null, note: 'Visit', resolved: null, issueId: null
    })
    const list = await store.listInteractions(jane, 10)
    expect(list.map(i => [i.callId ?? i.kind, i.operatorName])).toEqual([
      ['new', 'Anna Berg'], ['meeting', null], ['old', null]
    ])
    expect(list[2]?.occurredAt).toBe('2026-01-01T09:00:00.000Z')
    expect(await store.listInteractions(jane, 1)).toHaveLength(1)
  })

  it('writes audit rows without secrets', async () => {
    const { store, anna } = await setup()
    await store.audit(anna, 'test.thing', 'customer', 7, { field: 'x', token: 'secret-value', nested: { apiToken: 'y' } })
    const row = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'test.thing').executeTakeFirstOrThrow()
    expect(JSON.parse(row.detail)).toEqual({ field: 'x', nested: {} })
    expect(row).toMatchObject({ actor_id: anna, entity: 'customer', entity_id: '7' })
  })

  it('keeps a saved outcome across a restart', async () => {
    const { store, anna, jane } = await setup()
    const saved = await store.saveOutcome(outcome('c-18', 'key-c18-001', { operatorId: anna, customerId: jane }))
    await t.reopen()
    const reopened = new Store(t.db, { now: clock() })
    expect(await reopened.getCallInteraction('c-18')).toEqual(saved.interaction)
    const replay = await reopened.saveOutcome(outcome('c-18', 'key-c18-001', { operatorId: anna, customerId: jane }))
    expect(replay).toEqual({ ...saved, replayed: true })
  })
})
