/**
 * Schema v1: operators, customers with phones/tags/issues, interactions,
 * idempotent outcome requests and the audit log.
 *
 * Runs unchanged on SQLite and PostgreSQL. The one difference is how an
 * auto-incrementing key is spelled; everything else is portable SQL:
 * times are ISO-8601 UTC text, `boolean` is stored as 0/1 by SQLite, and
 * "one record per call" is a partial unique index both engines support.
 *
 * Frozen: never edit this file once released; add a new migration instead.
 */
import { SqliteAdapter, sql } from 'kysely'
import type { CreateTableBuilder, Kysely } from 'kysely'

function createTableWithId (db: Kysely<any>, table: string): CreateTableBuilder<string, 'id'> {
  // SQLite: INTEGER PRIMARY KEY AUTOINCREMENT is the rowid and never reuses ids.
  // PostgreSQL: an identity column; SQLite cannot parse that syntax.
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  return db.schema.createTable(table).addColumn('id', 'integer', col => sqlite
    ? col.primaryKey().autoIncrement()
    : col.primaryKey().generatedByDefaultAsIdentity())
}

export async function up (db: Kysely<any>): Promise<void> {
  await createTableWithId(db, 'operators')
    .addColumn('login', 'text', col => col.notNull().unique())
    .addColumn('display_name', 'text', col => col.notNull())
    .addColumn('role', 'text', col => col.notNull())
    .addColumn('token_hash', 'text', col => col.notNull().unique())
    .addColumn('created_at', 'text', col => col.notNull())
    .addCheckConstraint('operators_role_check', sql`role in ('operator', 'supervisor', 'admin')`)
    .execute()

  await db.schema.createTable('operator_extensions')
    .addColumn('extension', 'text', col => col.primaryKey())
    .addColumn('operator_id', 'integer', col => col.notNull().references('operators.id').onDelete('cascade'))
    .execute()
  await db.schema.createIndex('operator_extensions_operator_idx').on('operator_extensions').column('operator_id').execute()

  await createTableWithId(db, 'customers')
    .addColumn('display_name', 'text', col => col.notNull())
    .addColumn('honorific', 'text')
    .addColumn('company', 'text')
    .addColumn('stage', 'text', col => col.notNull())
    .addColumn('source_campaign', 'text')
    .addColumn('owner_id', 'integer', col => col.references('operators.id').onDelete('set null'))
    .addColumn('tier', 'text')
    .addColumn('birthday', 'text')
    .addColumn('language', 'text')
    .addColumn('notes', 'text')
    .addColumn('created_at', 'text', col => col.notNull())
    .addColumn('updated_at', 'text', col => col.notNull())
    .addCheckConstraint('customers_stage_check', sql`stage in ('lead', 'prospect', 'customer')`)
    .execute()
  await db.schema.createIndex('customers_owner_idx').on('customers').column('owner_id').execute()

  await createTableWithId(db, 'customer_phones')
    .addColumn('customer_id', 'integer', col => col.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('raw', 'text', col => col.notNull())
    .addColumn('e164', 'text')
    // Last 8 digits of the number, for the "last digits" rung of caller matching.
    .addColumn('digits_suffix', 'text', col => col.notNull())
    .addColumn('kind', 'text', col => col.notNull())
    .addUniqueConstraint('customer_phones_customer_e164_unique', ['customer_id', 'e164'])
    .addCheckConstraint('customer_phones_kind_check', sql`kind in ('mobile', 'landline', 'work', 'home', 'other')`)
    .execute()
  await db.schema.createIndex('customer_phones_e164_idx').on('customer_phones').column('e164').execute()
  await db.schema.createIndex('customer_phones_suffix_idx').on('customer_phones').column('digits_suffix').execute()

  await createTableWithId(db, 'tags')
    .addColumn('name', 'text', col => col.notNull().unique())
    .execute()

  await db.schema.createTable('customer_tags')
    .addColumn('customer_id', 'integer', col => col.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', col => col.notNull().references('tags.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('customer_tags_pk', ['customer_id', 'tag_id'])
    .execute()
  await db.schema.createIndex('customer_tags_tag_idx').on('customer_tags').column('tag_id').execute()

  await createTableWithId(db, 'issues')
    .addColumn('customer_id', 'integer', col => col.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('title', 'text', col => col.notNull())
    .addColumn('status', 'text', col => col.notNull())
    .addColumn('opened_at', 'text', col => col.notNull())
    .addColumn('opened_by', 'integer', col => col.references('operators.id').onDelete('set null'))
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'integer', col => col.references('operators.id').onDelete('set null'))
    .addCheckConstraint('issues_status_check', sql`status in ('open', 'resolved')`)
    .execute()
  await db.schema.createIndex('issues_customer_status_idx').on('issues').columns(['customer_id', 'status']).execute()

  await createTableWithId(db, 'interactions')
    .addColumn('customer_id', 'integer', col => col.references('customers.id').onDelete('set null'))
    .addColumn('kind', 'text', col => col.notNull())
    .addColumn('direction', 'text')
    .addColumn('occurred_at', 'text', col => col.notNull())
    .addColumn('operator_id', 'integer', col => col.references('operators.id').onDelete('set null'))
    .addColumn('extension', 'text')
    .addColumn('call_id', 'text')
    .addColumn('queue', 'text')
    .addColumn('remote_number', 'text')
    .addColumn('ring_seconds', 'real')
    .addColumn('talk_seconds', 'real')
    .addColumn('call_result', 'text')
    .addColumn('disposition', 'text')
    .addColumn('note', 'text')
    .addColumn('resolved', 'boolean')
    .addColumn('issue_id', 'integer', col => col.references('issues.id').onDelete('set null'))
    .addColumn('updated_at', 'text', col => col.notNull())
    .addCheckConstraint('interactions_kind_check', sql`kind in ('call', 'meeting', 'email', 'note')`)
    .addCheckConstraint('interactions_direction_check', sql`direction is null or direction in ('inbound', 'outbound')`)
    .execute()
  await db.schema.createIndex('interactions_customer_time_idx').on('interactions').columns(['customer_id', 'occurred_at']).execute()
  // One record per call. Upserts name the same predicate in ON CONFLICT.
  await db.schema.createIndex('interactions_call_unique').on('interactions').column('call_id').unique()
    .where(sql<boolean>`kind = 'call'`).execute()

  await createTableWithId(db, 'outcome_requests')
    .addColumn('idempotency_key', 'text', col => col.notNull().unique())
    .addColumn('operator_id', 'integer', col => col.references('operators.id').onDelete('set null'))
    .addColumn('call_id', 'text', col => col.notNull())
    .addColumn('interaction_id', 'integer', col => col.references('interactions.id').onDelete('set null'))
    .addColumn('issue_id', 'integer', col => col.references('issues.id').onDelete('set null'))
    .addColumn('created_at', 'text', col => col.notNull())
    .execute()

  await createTableWithId(db, 'audit_log')
    .addColumn('at', 'text', col => col.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('action', 'text', col => col.notNull())
    .addColumn('entity', 'text', col => col.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('detail', 'text', col => col.notNull())
    .execute()
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute()
  await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['entity', 'entity_id']).execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_log', 'outcome_requests', 'interactions', 'issues', 'customer_tags', 'tags',
    'customer_phones', 'customers', 'operator_extensions', 'operators'
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
