/**
 * A fourth role, `integration`: a token for machines (Asterisk's dialplan,
 * other systems) that may call the caller lookup and nothing else. Widens
 * `operators_role_check`.
 *
 * PostgreSQL drops the constraint and adds it again. SQLite cannot alter a
 * constraint, and rebuilding `operators` would fire the `ON DELETE` actions
 * of every table that references it (foreign keys are on, and cannot be
 * turned off inside the migration's transaction). So SQLite gets the
 * procedure its documentation gives for loosening a CHECK constraint
 * (lang_altertable.html, "Making Other Kinds Of Table Schema Changes"): the
 * table's SQL in `sqlite_master` is rewritten under `writable_schema` and the
 * schema version bumped, inside the migration's transaction. Every stored row
 * already satisfies the wider check.
 *
 * Frozen: never edit this file once released; add a new migration instead.
 */
import { SqliteAdapter, sql } from 'kysely'
import type { Kysely } from 'kysely'

const BEFORE = `role in ('operator', 'supervisor', 'admin')`
const AFTER = `role in ('operator', 'supervisor', 'admin', 'integration')`

async function setRoleCheck (db: Kysely<any>, from: string, to: string): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
    await sql`alter table operators drop constraint operators_role_check`.execute(db)
    await sql`alter table operators add constraint operators_role_check check (${sql.raw(to)})`.execute(db)
    return
  }
  const table = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'operators'`.execute(db)
  const text = table.rows[0]?.sql ?? ''
  if (!text.includes(from)) throw new Error(`operators: expected the check "${from}" in its SQL`)
  const version = await sql<{ schema_version: number }>`pragma schema_version`.execute(db)
  const next = Number(version.rows[0]?.schema_version ?? 0) + 1
  await sql`pragma writable_schema = on`.execute(db)
  try {
    await sql`update sqlite_master set sql = ${text.replace(from, to)} where type = 'table' and name = 'operators'`.execute(db)
    await sql.raw(`pragma schema_version = ${next}`).execute(db)
  } finally {
    await sql`pragma writable_schema = off`.execute(db)
  }
}

export async function up (db: Kysely<any>): Promise<void> {
  await setRoleCheck(db, BEFORE, AFTER)
}

/** Integration accounts cannot exist in the older schema: they are removed with their tokens. */
export async function down (db: Kysely<any>): Promise<void> {
  await db.deleteFrom('operators').where('role', '=', 'integration').execute()
  await setRoleCheck(db, AFTER, BEFORE)
}
