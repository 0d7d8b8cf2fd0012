/**
 * `customers_tier_source_idx` on (`tier_source`, `id`): the nightly tier run
 * pages through the customers whose tier the rules set, instead of reading
 * every customer.
 *
 * Frozen: never edit this file once released; add a new migration instead.
 */
import type { Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('customers_tier_source_idx').on('customers').columns(['tier_source', 'id']).execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('customers_tier_source_idx').execute()
}
