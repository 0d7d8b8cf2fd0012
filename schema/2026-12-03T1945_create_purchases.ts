/**
 * Purchases and payments, and where a customer's tier comes from.
 *
 * `purchases`: one row per purchase. The amount is a whole number of the
 * currency's minor units (cents; yen and rials have none) with its ISO 4217
 * code next to it, so sums are exact and each currency is summed on its own.
 * `paid_on_time` is null while unknown (not due yet, or never recorded).
 *
 * `customers.tier_source` says who set `tier`: `rules` (the configured tier
 * rules, recomputed on every purchase and nightly) or `manual` (an override,
 * which the rules never touch). `tier_reason` is the line the card shows
 * ("€12,400 in 12 months, 96% paid on time", or the override's reason).
 * Tiers stored before this migration came from imports or the demo; they
 * become manual overrides, so the first nightly run does not wipe them.
 *
 * Frozen: never edit this file once released; add a new migration instead.
 */
import { SqliteAdapter, sql } from 'kysely'
import type { Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  await db.schema.createTable('purchases')
    .addColumn('id', 'integer', col => sqlite ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('customer_id', 'integer', col => col.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('purchased_at', 'text', col => col.notNull())
    .addColumn('amount_minor', 'bigint', col => col.notNull())
    .addColumn('currency', 'text', col => col.notNull())
    .addColumn('product', 'text')
    .addColumn('category', 'text')
    .addColumn('payment_method', 'text', col => col.notNull())
    .addColumn('paid_on_time', 'boolean')
    .addColumn('created_by', 'integer', col => col.references('operators.id').onDelete('set null'))
    .addColumn('created_at', 'text', col => col.notNull())
    .addColumn('updated_at', 'text', col => col.notNull())
    .addCheckConstraint('purchases_amount_check', sql`amount_minor >= 0`)
    .addCheckConstraint('purchases_currency_check', sql`length(currency) = 3`)
    .addCheckConstraint('purchases_payment_method_check', sql`payment_method in ('cash', 'credit', 'instalments')`)
    .execute()
  await db.schema.createIndex('purchases_customer_time_idx').on('purchases').columns(['customer_id', 'purchased_at']).execute()

  await db.schema.alterTable('customers').addColumn('tier_source', 'text').execute()
  await db.schema.alterTable('customers').addColumn('tier_reason', 'text').execute()
  await db.schema.alterTable('customers').addColumn('tier_updated_at', 'text').execute()
  await db.updateTable('customers')
    .set({ tier_source: 'manual', tier_reason: 'set before tier rules existed' })
    .where('tier', 'is not', null).execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('customers').dropColumn('tier_updated_at').execute()
  await db.schema.alterTable('customers').dropColumn('tier_reason').execute()
  await db.schema.alterTable('customers').dropColumn('tier_source').execute()
  await db.schema.dropTable('purchases').execute()
}
