/**
 * Groups (the `tags` table) get a colour (`#rrggbb`, grey for the groups that
 * exist already), who created them and when (unknown for existing groups).
 *
 * Frozen: never edit this file once released; add a new migration instead.
 */
import type { Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tags').addColumn('colour', 'text', col => col.notNull().defaultTo('#6b7280')).execute()
  await db.schema.alterTable('tags')
    .addColumn('created_by', 'integer', col => col.references('operators.id').onDelete('set null')).execute()
  await db.schema.alterTable('tags').addColumn('created_at', 'text').execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  for (const column of ['created_at', 'created_by', 'colour']) {
    await db.schema.alterTable('tags').dropColumn(column).execute()
  }
}
