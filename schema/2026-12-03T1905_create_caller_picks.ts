/**
 * The chooser remembers: `caller_picks` holds, per caller number (E.164), the
 * customer an operator last picked from several matches, who picked and when.
 * The next call from that number offers that customer first. A pick goes
 * with its customer; it outlives the operator who made it.
 *
 * Frozen: never edit this file once released; add a new migration instead.
 */
import type { Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema.createTable('caller_picks')
    .addColumn('e164', 'text', col => col.primaryKey())
    .addColumn('customer_id', 'integer', col => col.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('picked_by', 'integer', col => col.references('operators.id').onDelete('set null'))
    .addColumn('picked_at', 'text', col => col.notNull())
    .execute()
  await db.schema.createIndex('caller_picks_customer_idx').on('caller_picks').column('customer_id').execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('caller_picks').execute()
}
