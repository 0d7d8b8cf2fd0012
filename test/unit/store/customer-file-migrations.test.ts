/**
 * The customer file's migrations (2026-12-03T1920–1923) on data written
 * before them, on SQLite and PostgreSQL: free-text campaigns become rows, the
 * funnel gets its first step, the oldest number turns primary, the stage
 * check widens; and they roll back.
 */
import { Migrator, PostgresAdapter, sql, type Kysely } from 'kysely'
import { describe, expect, it } from 'vitest'
import { migrations } from '../../../schema/migrations.js'
import { dialects, useTestDatabase } from '../../support/databases.js'

const BEFORE = '2026-12-03T1910_add_integration_role'

async function migrator (db: Kysely<any>): Promise<Migrator> { // eslint-disable-line @typescript-eslint/no-explicit-any -- the schema before the file's migrations has no type
  const schema = db.getExecutor().adapter instanceof PostgresAdapter
    ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
    : undefined
  return new Migrator({ db, migrationTableSchema: schema, provider: { getMigrations: async () => ({ ...migrations }) } })
}

describe.each(await dialects())('[%s] customer file migrations', (_name, dialect) => {
  const t = useTestDatabase(dialect)

  it('turn legacy rows into campaigns, a first funnel step and a primary number, widen the stage check, and roll back', async () => {
    const db = t.db as unknown as Kysely<any> // eslint-disable-line @typescript-eslint/no-explicit-any -- see above
    const m = await migrator(db)
    expect((await m.migrateTo(BEFORE)).error).toBeUndefined()

    const at = '2026-11-01T10:00:00.000Z'
    const customer = async (name: string, campaign: string | null): Promise<number> => (await db.insertInto('customers')
      .values({ display_name: name, stage: 'customer', source_campaign: campaign, created_at: at, updated_at: at })
      .returning('id').executeTakeFirstOrThrow()).id as number
    const a = await customer('A', 'spring-fair')
    const b = await customer('B', 'spring-fair')
    const c = await customer('C', null)
    for (const [id, e164] of [[a, '+4930111'], [a, '+4930222'], [b, '+4930333']] as const) {
      await db.insertInto('customer_phones').values({ customer_id: id, raw: e164, e164, digits_suffix: e164.slice(-8), kind: 'other' }).execute()
    }
    await db.insertInto('tags').values({ name: 'VIP' }).execute()
    await expect(db.insertInto('customers').values({ display_name: 'X', stage: 'inactive', created_at: at, updated_at: at }).execute()).rejects.toThrow()

    expect((await m.migrateToLatest()).error).toBeUndefined()
    const campaigns = await db.selectFrom('campaigns').selectAll().execute()
    expect(campaigns).toEqual([expect.objectContaining({ name: 'spring-fair', channel: null, created_at: at })])
    const rows = await db.selectFrom('customers').select(['id', 'campaign_id']).orderBy('id').execute()
    expect(rows).toEqual([{ id: a, campaign_id: campaigns[0]!.id }, { id: b, campaign_id: campaigns[0]!.id }, { id: c, campaign_id: null }])
    expect((await db.selectFrom('stage_changes').select(['customer_id', 'from_stage', 'to_stage', 'at']).orderBy('customer_id').execute()))
      .toEqual([a, b, c].map(id => ({ customer_id: id, from_stage: null, to_stage: 'customer', at })))
    const phones = await db.selectFrom('customer_phones').select(['e164', 'is_primary']).orderBy('id').execute()
    expect(phones.map(p => [p.e164, Boolean(p.is_primary)])).toEqual([['+4930111', true], ['+4930222', false], ['+4930333', true]])
    await expect(db.updateTable('customer_phones').set({ is_primary: true }).where('e164', '=', '+4930222').execute()).rejects.toThrow()
    expect((await db.selectFrom('tags').select('colour').executeTakeFirstOrThrow()).colour).toBe('#6b7280')
    await db.updateTable('customers').set({ stage: 'inactive' }).where('id', '=', c).execute()
    await expect(db.updateTable('customers').set({ stage: 'vip' }).where('id', '=', c).execute()).rejects.toThrow()

    expect((await m.migrateTo(BEFORE)).error).toBeUndefined()
    const back = await db.selectFrom('customers').select(['id', 'source_campaign', 'stage']).orderBy('id').execute()
    expect(back).toEqual([{ id: a, source_campaign: 'spring-fair', stage: 'customer' }, { id: b, source_campaign: 'spring-fair', stage: 'customer' }, { id: c, source_campaign: null, stage: 'customer' }])
    expect((await m.migrateToLatest()).error).toBeUndefined()
  })
})
