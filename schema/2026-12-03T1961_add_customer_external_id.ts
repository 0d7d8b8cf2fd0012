/**
 * `customers.external_id`: the customer's id in the system they were
 * imported from (a CRM's customer number). An import that finds a row's
 * external id on a customer updates that customer instead of adding
 * another, so running the same file twice adds nobody. Unique where set
 * (both engines let any number of rows have none).
 *
 * Frozen: never edit this file once released; add a new migration instead.
 */
import type { Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('customers').addColumn('external_id', 'text').execute()
  await db.schema.createIndex('customers_external_id_unique').on('customers').column('external_id').unique().execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('customers_external_id_unique').execute()
  await db.schema.alterTable('customers').dropColumn('external_id').execute()
}
