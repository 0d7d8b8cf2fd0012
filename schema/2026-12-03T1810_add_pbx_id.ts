/**
 * Operator extensions belong to a PBX: `operator_extensions.pbx_id` (text,
 * not null, default `default` — the one PBX configured so far), and an
 * extension number is unique per PBX instead of overall.
 *
 * In v1 `extension` alone is the table's primary key (named
 * `operator_extensions_pkey` by PostgreSQL, `sqlite_autoindex_operator_extensions_1`
 * by SQLite). SQLite cannot drop or replace a primary key in place, so the
 * table is rebuilt the same way on both engines: create the new shape, copy
 * the rows (each lands on the default PBX), drop the old table, rename, and
 * recreate `operator_extensions_operator_idx`, which went with the old table.
 *
 * Frozen: never edit this file once released; add a new migration instead.
 */
import type { Kysely } from 'kysely'

const DEFAULT_PBX_ID = 'default'

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema.createTable('operator_extensions_next')
    .addColumn('pbx_id', 'text', col => col.notNull().defaultTo(DEFAULT_PBX_ID))
    .addColumn('extension', 'text', col => col.notNull())
    .addColumn('operator_id', 'integer', col => col.notNull().references('operators.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('operator_extensions_pbx_extension_pk', ['pbx_id', 'extension'])
    .execute()
  await db.insertInto('operator_extensions_next')
    .columns(['extension', 'operator_id'])
    .expression(db.selectFrom('operator_extensions').select(['extension', 'operator_id']))
    .execute()
  await db.schema.dropTable('operator_extensions').execute()
  await db.schema.alterTable('operator_extensions_next').renameTo('operator_extensions').execute()
  await db.schema.createIndex('operator_extensions_operator_idx').on('operator_extensions').column('operator_id').execute()
}

/** Back to one PBX: extensions of other PBXs are dropped, since v1 cannot tell them apart. */
export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.createTable('operator_extensions_prev')
    .addColumn('extension', 'text', col => col.primaryKey())
    .addColumn('operator_id', 'integer', col => col.notNull().references('operators.id').onDelete('cascade'))
    .execute()
  await db.insertInto('operator_extensions_prev')
    .columns(['extension', 'operator_id'])
    .expression(db.selectFrom('operator_extensions').select(['extension', 'operator_id']).where('pbx_id', '=', DEFAULT_PBX_ID))
    .execute()
  await db.schema.dropTable('operator_extensions').execute()
  await db.schema.alterTable('operator_extensions_prev').renameTo('operator_extensions').execute()
  await db.schema.createIndex('operator_extensions_operator_idx').on('operator_extensions').column('operator_id').execute()
}
