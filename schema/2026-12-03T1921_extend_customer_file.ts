/**
 * The customer file's own fields and the sales funnel:
 *
 * - `customers`: given and family name, address and city, consent to SMS and
 *   e-mail (null: never asked) with the time it last changed, who created and
 *   who last changed the file, and an index for listing by name.
 * - The stage `inactive` joins `lead`, `prospect` and `customer`.
 * - `stage_changes`: every change of a customer's stage with its time and
 *   operator; existing customers get one row, "entered their stage when created".
 *
 * Widening the stage check: PostgreSQL replaces the named constraint. SQLite
 * cannot alter a constraint, and rebuilding `customers` would cascade-delete
 * every child row (foreign keys cannot be switched off inside the migration's
 * transaction), so its table definition is edited in place with
 * `writable_schema`, the procedure SQLite documents for dropping or relaxing a
 * CHECK (sqlite.org/lang_altertable.html, "other kinds of table schema
 * changes"). Rows need no rewrite: every stored stage is still allowed.
 *
 * Frozen: never edit this file once released; add a new migration instead.
 */
import { SqliteAdapter, sql } from 'kysely'
import type { Kysely } from 'kysely'

const OLD_CHECK = 'check (stage in (\'lead\', \'prospect\', \'customer\'))'
const NEW_CHECK = 'check (stage in (\'lead\', \'prospect\', \'customer\', \'inactive\'))'

/** Replaces `from` by `to` in the CREATE TABLE text of SQLite table `table`; throws when `from` is not there. */
async function editSqliteTable (db: Kysely<any>, table: string, from: string, to: string): Promise<void> {
  const { rows } = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = ${table}`.execute(db)
  const before = rows[0]?.sql
  if (before?.includes(from) !== true) throw new Error(`${table}: expected "${from}" in its definition`)
  const { rows: version } = await sql<{ schema_version: number }>`pragma schema_version`.execute(db)
  await sql`pragma writable_schema = on`.execute(db)
  await sql`update sqlite_master set sql = ${before.replace(from, to)} where type = 'table' and name = ${table}`.execute(db)
  // A new schema version makes every connection reload the definition.
  await sql.raw(`pragma schema_version = ${Number(version[0]?.schema_version ?? 0) + 1}`).execute(db)
  await sql`pragma writable_schema = off`.execute(db)
}

async function setStageCheck (db: Kysely<any>, sqlite: boolean, from: string, to: string): Promise<void> {
  if (sqlite) return await editSqliteTable(db, 'customers', from, to)
  await sql`alter table customers drop constraint customers_stage_check`.execute(db)
  await sql.raw(`alter table customers add constraint customers_stage_check ${to}`).execute(db)
}

export async function up (db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  await setStageCheck(db, sqlite, OLD_CHECK, NEW_CHECK)

  for (const column of ['given_name', 'family_name', 'address', 'city']) {
    await db.schema.alterTable('customers').addColumn(column, 'text').execute()
  }
  for (const channel of ['sms', 'email']) {
    await db.schema.alterTable('customers').addColumn(`${channel}_consent`, 'boolean').execute()
    await db.schema.alterTable('customers').addColumn(`${channel}_consent_at`, 'text').execute()
  }
  for (const column of ['created_by', 'updated_by']) {
    await db.schema.alterTable('customers')
      .addColumn(column, 'integer', col => col.references('operators.id').onDelete('set null')).execute()
  }
  await db.schema.createIndex('customers_name_idx').on('customers').columns(['display_name', 'id']).execute()

  await db.schema.createTable('stage_changes')
    .addColumn('id', 'integer', col => sqlite ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('customer_id', 'integer', col => col.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('from_stage', 'text')
    .addColumn('to_stage', 'text', col => col.notNull())
    .addColumn('at', 'text', col => col.notNull())
    .addColumn('operator_id', 'integer', col => col.references('operators.id').onDelete('set null'))
    .addCheckConstraint('stage_changes_to_check', sql`to_stage in ('lead', 'prospect', 'customer', 'inactive')`)
    .execute()
  await db.schema.createIndex('stage_changes_customer_idx').on('stage_changes').columns(['customer_id', 'at']).execute()
  await sql`
    insert into stage_changes (customer_id, from_stage, to_stage, at, operator_id)
    select id, null, stage, created_at, null from customers`.execute(db)
}

/** Inactive customers become customers again; the funnel history and the new fields are dropped. */
export async function down (db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  await db.schema.dropTable('stage_changes').execute()
  await db.schema.dropIndex('customers_name_idx').execute()
  for (const column of [
    'updated_by', 'created_by', 'email_consent_at', 'email_consent', 'sms_consent_at', 'sms_consent',
    'city', 'address', 'family_name', 'given_name'
  ]) {
    await db.schema.alterTable('customers').dropColumn(column).execute()
  }
  await sql`update customers set stage = 'customer' where stage = 'inactive'`.execute(db)
  await setStageCheck(db, sqlite, NEW_CHECK, OLD_CHECK)
}
