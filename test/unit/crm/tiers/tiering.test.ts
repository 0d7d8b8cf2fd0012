/**
 * Tiers from stored purchases, on both engines: the window's edges, the
 * currency, recomputation of one customer and of all, and manual overrides.
 */
import { sql } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import { crmRepos, type CrmUnitOfWork } from '../../../../agent/crm/crm-repos.js'
import { DEFAULT_TIER_RULES, parseTierRules } from '../../../../agent/crm/tiers/tier-rules.js'
import { Tiering } from '../../../../agent/crm/tiers/tiering.js'
import type { NewPurchaseInput } from '../../../../agent/model/purchase.js'
import { UnitOfWork } from '../../../../agent/store/unit-of-work.js'
import { dialects, silentLogger, useTestDatabase } from '../../../support/databases.js'

const DAY = 86_400_000
const NOW = Date.parse('2026-12-03T12:00:00.000Z')

describe.each(await dialects())('[%s] Tiering', (_name, dialect) => {
  const t = useTestDatabase(dialect)
  const clock = { t: NOW }
  let uow: CrmUnitOfWork
  let tiering: Tiering

  beforeEach(() => {
    clock.t = NOW
    uow = new UnitOfWork(t.db, h => crmRepos(h, () => new Date(clock.t)))
    tiering = new Tiering(uow, {
      policy: { rules: parseTierRules(DEFAULT_TIER_RULES), windowDays: 365, currency: 'EUR' },
      locale: 'en',
      now: () => clock.t,
      logger: silentLogger,
      batchSize: 2
    })
  })

  async function customer (name: string): Promise<number> {
    const at = new Date(NOW - 1000 * DAY).toISOString()
    const { rows } = await sql<{ id: number }>`insert into customers (display_name, stage, created_at, updated_at) values (${name}, 'customer', ${at}, ${at}) returning id`.execute(t.db)
    return rows[0]!.id
  }

  async function buy (customerId: number, euros: number, at: number, extra: Partial<NewPurchaseInput> = {}): Promise<void> {
    await uow.repos.purchases.add({
      customerId, purchasedAt: new Date(at).toISOString(), amountMinor: euros * 100, currency: 'EUR',
      product: null, category: null, paymentMethod: 'cash', paidOnTime: true, createdBy: null, ...extra
    })
  }

  const tierOf = async (id: number) => (await uow.repos.tiers.get(id))!

  it('counts purchases after the window\'s start up to now: not the one exactly 365 days old, not future ones', async () => {
    const id = await customer('Edge')
    await buy(id, 100, NOW - 365 * DAY)
    await buy(id, 200, NOW - 365 * DAY + 1)
    await buy(id, 400, NOW)
    await buy(id, 800, NOW + 1)
    await buy(id, 1600, NOW - 10 * DAY, { currency: 'USD' })
    await buy(id, 50, NOW - 10 * DAY, { paidOnTime: false })
    await buy(id, 25, NOW - 10 * DAY, { paidOnTime: null })
    expect(await uow.repos.purchases.stats(id, tiering.window())).toEqual({
      volumeMinor: (200 + 400 + 50 + 25) * 100, currency: 'EUR', count: 5, rated: 4, onTime: 3
    })
  })

  it('recomputes a customer in the caller\'s transaction, words why, and audits a change of tier', async () => {
    const id = await customer('Gold')
    for (let i = 0; i < 12; i++) await buy(id, 1000, NOW - (i + 1) * 20 * DAY, { paidOnTime: i !== 0 })
    // 12 purchases, 11 of 12 on time: 91% ≥ 90% → gold.
    const state = await uow.run(async (repos) => await tiering.recompute(repos, id, null))
    expect(state).toMatchObject({ tier: 'gold', source: 'rules', reason: '€12,000 in 12 months, 91% paid on time' })
    expect(await tiering.cardFacts(id)).toEqual({
      tierWhy: '€12,000 in 12 months, 91% paid on time',
      purchaseVolume: { amountMinor: 1_200_000, currency: 'EUR', windowDays: 365, text: '€12,000 in 12 months' }
    })
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'tier.rules').execute()
    expect(audit).toMatchObject([{ actor_id: null, entity: 'customer', entity_id: String(id) }])
    expect(JSON.parse(audit[0]!.detail)).toEqual({ from: null, to: 'gold' })
    // The same figures again: nothing written, nothing audited.
    await uow.run(async (repos) => await tiering.recompute(repos, id, null))
    expect(await t.db.selectFrom('audit_log').select('id').where('action', '=', 'tier.rules').execute()).toHaveLength(1)
  })

  it('a manual tier wins over the rules, one customer or all', async () => {
    const id = await customer('Manual')
    await buy(id, 10, NOW - DAY)
    await uow.run(async (repos) => await tiering.recompute(repos, id, null))
    expect((await tierOf(id)).tier).toBe('bronze')
    const current = await tierOf(id)
    await uow.repos.tiers.write(current, { tier: 'gold', source: 'manual', reason: 'board member' })
    await uow.run(async (repos) => await tiering.recompute(repos, id, null))
    await tiering.recomputeAll()
    expect(await tierOf(id)).toMatchObject({ tier: 'gold', source: 'manual', reason: 'board member' })
    expect(await tiering.cardFacts(id)).toMatchObject({ tierWhy: 'set by hand: board member' })
  })

  it('recomputes every customer the rules may change, page by page, and the window slides', async () => {
    const ids = [await customer('A'), await customer('B'), await customer('C'), await customer('D'), await customer('E')]
    for (let i = 0; i < 3; i++) await buy(ids[0]!, 1000, NOW - (i + 1) * DAY)
    await buy(ids[1]!, 5, NOW - 100 * DAY)
    await buy(ids[4]!, 5, NOW - 300 * DAY)
    await buy(ids[3]!, 5, NOW - 400 * DAY)
    // C and D (nothing bought in the window, no tier) cannot change: they are not even read.
    expect(await tiering.recomputeAll()).toEqual({ customers: 3, changed: 3 })
    expect(await Promise.all(ids.map(async id => (await tierOf(id)).tier))).toEqual(['silver', 'bronze', null, null, 'bronze'])
    expect(await tiering.recomputeAll()).toEqual({ customers: 3, changed: 0 })

    clock.t = NOW + 70 * DAY
    expect(await tiering.recomputeAll()).toEqual({ customers: 3, changed: 1 })
    expect((await tierOf(ids[4]!)).tier).toBeNull()
    const audits = await t.db.selectFrom('audit_log').select(['entity_id', 'detail']).where('action', '=', 'tier.rules').orderBy('id').execute()
    expect(audits.map(a => [Number(a.entity_id), JSON.parse(a.detail)])).toEqual([
      [ids[0], { from: null, to: 'silver' }], [ids[1], { from: null, to: 'bronze' }], [ids[4], { from: null, to: 'bronze' }],
      [ids[4], { from: 'bronze', to: null }]
    ])
  })

  it('a tier the customer came with (an import) is an override the rules leave alone', async () => {
    const id = await customer('Imported')
    await t.db.updateTable('customers').set({ tier: 'gold' }).where('id', '=', id).execute()
    await buy(id, 10, NOW - DAY)
    await uow.run(async (repos) => await tiering.recompute(repos, id, null))
    expect(await tiering.recomputeAll()).toEqual({ customers: 0, changed: 0 })
    expect(await tierOf(id)).toMatchObject({ tier: 'gold', source: null })
    expect(await tiering.cardFacts(id)).toMatchObject({ tierWhy: null, purchaseVolume: { text: '€10 in 12 months' } })
  })

  it('a write based on a stale read changes nothing (an operator changed the tier meanwhile)', async () => {
    const id = await customer('Race')
    const stale = await tierOf(id)
    await uow.repos.tiers.write(stale, { tier: 'silver', source: 'manual', reason: 'promised' })
    expect(await uow.repos.tiers.write(stale, { tier: null, source: null, reason: null })).toBeNull()
    expect((await tierOf(id)).tier).toBe('silver')
  })
})
