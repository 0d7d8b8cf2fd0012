/**
 * The timeline: SMS joins the kinds of contact (`interactions.kind`), every
 * contact gets a `subject` (an e-mail's subject, a meeting's title) and an
 * `outcome` (what came of it, in a few words), and an issue gets a
 * `description`.
 *
 * Widening the kind check differs by engine. PostgreSQL drops the constraint
 * and adds it again. SQLite cannot alter a constraint, and rebuilding
 * `interactions` would fire `outcome_requests.interaction_id`'s
 * `ON DELETE SET NULL` when the old table is dropped (foreign keys are on, and
 * cannot be turned off inside the migration's transaction). So SQLite gets
 * the procedure its documentation gives for loosening a CHECK constraint
 * (lang_altertable.html, "Making Other Kinds Of Table Schema Changes"): the
 * table's SQL in `sqlite_master` is rewritten under `writable_schema` and the
 * schema version bumped, all inside the migration's transaction. Every
 * stored row already satisfies the wider check.
 *
 * Frozen: never edit this file once released; add a new migration instead.
 */
import { SqliteAdapter, sql } from 'kysely'
import type { Kysely } from 'kysely'

const BEFORE = `kind in ('call', 'meeting', 'email', 'note')`
const AFTER = `kind in ('call', 'meeting', 'email', 'note', 'sms')`

async function setKindCheck (db: Kysely<any>, from: string, to: string): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
    await sql`alter table interactions drop constraint interactions_kind_check`.execute(db)
    await sql`alter table interactions add constraint interactions_kind_check check (${sql.raw(to)})`.execute(db)
    return
  }
  const table = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'interactions'`.execute(db)
  const text = table.rows[0]?.sql ?? ''
  if (!text.includes(from)) throw new Error(`interactions: expected the check "${from}" in its SQL`)
  const version = await sql<{ schema_version: number }>`pragma schema_version`.execute(db)
  const next = Number(version.rows[0]?.schema_version ?? 0) + 1
  await sql`pragma writable_schema = on`.execute(db)
  try {
    await sql`update sqlite_master set sql = ${text.replace(from, to)} where type = 'table' and name = 'interactions'`.execute(db)
    await sql.raw(`pragma schema_version = ${next}`).execute(db)
  } finally {
    await sql`pragma writable_schema = off`.execute(db)
  }
}

export async function up (db: Kysely<any>): Promise<void> {
  await setKindCheck(db, BEFORE, AFTER)
  await db.schema.alterTable('interactions').addColumn('subject', 'text').execute()
  await db.schema.alterTable('interactions').addColumn('outcome', 'text').execute()
  await db.schema.alterTable('issues').addColumn('description', 'text').execute()
}

/** SMS contacts become notes: the older schema has no other place for them. */
export async function down (db: Kysely<any>): Promise<void> {
  await db.updateTable('interactions').set({ kind: 'note' }).where('kind', '=', 'sms').execute()
  await setKindCheck(db, AFTER, BEFORE)
  await db.schema.alterTable('issues').dropColumn('description').execute()
  await db.schema.alterTable('interactions').dropColumn('outcome').execute()
  await db.schema.alterTable('interactions').dropColumn('subject').execute()
}
