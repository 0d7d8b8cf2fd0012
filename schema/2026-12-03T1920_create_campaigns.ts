/**
 * Campaigns become a table (name, channel, start, end, cost) and each customer
 * points at the campaign that brought them (`customers.campaign_id`), instead
 * of the free-text `customers.source_campaign`. Every distinct text becomes a
 * campaign of that name (channel, dates and cost unknown), first seen when the
 * oldest of its customers was created; the text column is then dropped, so the
 * campaign has one source of truth.
 *
 * `cost_minor` is what the campaign cost, in whole minor units of `currency`
 * (ISO 4217), like purchase amounts, so sums and comparisons are exact.
 *
 * Frozen: never edit this file once released; add a new migration instead.
 */
import { SqliteAdapter, sql } from 'kysely'
import type { Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  await db.schema.createTable('campaigns')
    .addColumn('id', 'integer', col => sqlite ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('name', 'text', col => col.notNull().unique())
    .addColumn('channel', 'text')
    // YYYY-MM-DD
    .addColumn('starts_on', 'text')
    .addColumn('ends_on', 'text')
    .addColumn('cost_minor', 'bigint')
    .addColumn('currency', 'text')
    .addColumn('created_at', 'text', col => col.notNull())
    .addCheckConstraint('campaigns_cost_check', sql`cost_minor is null or cost_minor >= 0`)
    .execute()

  await db.schema.alterTable('customers')
    .addColumn('campaign_id', 'integer', col => col.references('campaigns.id').onDelete('set null'))
    .execute()
  await db.schema.createIndex('customers_campaign_idx').on('customers').column('campaign_id').execute()

  await sql`
    insert into campaigns (name, created_at)
    select source_campaign, min(created_at) from customers
    where source_campaign is not null and source_campaign <> ''
    group by source_campaign`.execute(db)
  await sql`
    update customers set campaign_id = (select campaigns.id from campaigns where campaigns.name = customers.source_campaign)
    where source_campaign is not null`.execute(db)
  await db.schema.alterTable('customers').dropColumn('source_campaign').execute()
}

/** Back to the campaign's name on each customer; channels, dates and costs are lost. */
export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('customers').addColumn('source_campaign', 'text').execute()
  await sql`
    update customers set source_campaign = (select campaigns.name from campaigns where campaigns.id = customers.campaign_id)
    where campaign_id is not null`.execute(db)
  await db.schema.dropIndex('customers_campaign_idx').execute()
  await db.schema.alterTable('customers').dropColumn('campaign_id').execute()
  await db.schema.dropTable('campaigns').execute()
}
