import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { crmRepos } from '../../../../agent/crm/crm-repos.js'
import { MAX_ID } from '../../../../agent/store/limits.js'
import { callFacts, clock, countRows, outcome, seedPeople } from '../../../support/crm-fixtures.js'
import { dialects, useTestDatabase } from '../../../support/databases.js'

describe.each(await dialects())('[%s] InteractionRepo', (_name, dialect) => {
  const t = useTestDatabase(dialect)

  async function setup () {
    const repos = crmRepos(t.db, clock())
    return { repos, interactions: repos.interactions, ...await seedPeople(repos) }
  }

  it('logs a call once per call id; a repeat refreshes the PBX facts only', async () => {
    const { interactions, anna, jane } = await setup()
    const first = await interactions.logCall(callFacts('c-1', { customerId: jane, operatorId: anna, talkSeconds: null, callResult: 'unknown' }))
    const again = await interactions.logCall(callFacts('c-1', { customerId: null, operatorId: null, talkSeconds: 75 }))
    expect(again.id).toBe(first.id)
    expect(again).toMatchObject({ customerId: jane, operatorId: anna, talkSeconds: 75, callResult: 'answered', kind: 'call', callId: 'c-1' })
    expect(await countRows(t.db, 'interactions')).toBe(1)
    expect(await interactions.getByCall('c-1')).toEqual(again)
    expect(await interactions.getByCall('c-none')).toBeNull()
  })

  it('never lets the call log overwrite the operator’s wrap-up', async () => {
    const { repos, interactions, anna, jane } = await setup()
    await repos.outcomes.save(outcome('c-2', 'key-c2-0001', { operatorId: anna, customerId: jane, resolved: false, note: 'call back' }))
    const logged = await interactions.logCall(callFacts('c-2', { talkSeconds: 99, customerId: null }))
    expect(logged).toMatchObject({ disposition: 'support', note: 'call back', resolved: false, customerId: jane, operatorId: anna, talkSeconds: 99 })
    expect(await countRows(t.db, 'interactions')).toBe(1)
  })

  it('returns booleans whatever the engine stores', async () => {
    const { repos, interactions, anna, jane } = await setup()
    const yes = await repos.outcomes.save(outcome('c-15', 'key-c15-001', { operatorId: anna, customerId: jane, resolved: true }))
    const no = await repos.outcomes.save(outcome('c-16', 'key-c16-001', { operatorId: anna, customerId: jane, resolved: false }))
    const unset = await interactions.logCall(callFacts('c-17', { customerId: jane }))
    expect([yes.interaction.resolved, no.interaction.resolved, unset.resolved]).toEqual([true, false, null])
    const listed = await interactions.listForCustomer(jane, 10)
    expect(listed.map(i => i.resolved).sort()).toEqual([false, null, true].sort())
    const raw = await sql<{ resolved: unknown }>`select resolved from interactions where call_id = ${'c-15'}`.execute(t.db)
    expect([true, 1]).toContain(raw.rows[0]?.resolved)
  })

  it('lists interactions newest first with the operator’s name', async () => {
    const { repos, interactions, anna, jane } = await setup()
    await interactions.logCall(callFacts('old', { customerId: jane, occurredAt: '2026-01-01T10:00:00+01:00' }))
    await repos.outcomes.save(outcome('new', 'key-new-0001', { operatorId: anna, customerId: jane }))
    await interactions.add({
      customerId: jane, kind: 'meeting', direction: null, occurredAt: '2026-06-01T12:00:00.000Z',
      operatorId: null, disposition: null, note: 'Visit', resolved: null, issueId: null
    })
    const list = await interactions.listForCustomer(jane, 10)
    expect(list.map(i => [i.callId ?? i.kind, i.operatorName])).toEqual([
      ['new', 'Anna Berg'], ['meeting', null], ['old', null]
    ])
    expect(list[2]?.occurredAt).toBe('2026-01-01T09:00:00.000Z')
    expect(await interactions.listForCustomer(jane, 1)).toHaveLength(1)
  })

  it('answers "nothing" for ids no engine can store instead of failing', async () => {
    const { interactions } = await setup()
    expect(await interactions.get(MAX_ID + 1)).toBeNull()
    expect(await interactions.listForCustomer(MAX_ID + 1, 10)).toEqual([])
  })
})
