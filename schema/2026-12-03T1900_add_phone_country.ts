/**
 * A stored phone can carry its own country: `customer_phones.country`
 * (ISO 3166 alpha-2, nullable). `030 1234567` imported for a Berlin customer
 * is read as German even where the configured default country is IR; null
 * means "the default country", as every row before this migration does.
 *
 * Frozen: never edit this file once released; add a new migration instead.
 */
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('customer_phones')
    .addColumn('country', 'text', col => col.check(sql`country is null or length(country) = 2`))
    .execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('customer_phones').dropColumn('country').execute()
}
