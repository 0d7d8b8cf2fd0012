/**
 * When each scheduled job last started (`jobs.last_run_at`, ISO-8601 UTC),
 * so a job that should have run while the agent was down runs when it comes
 * back, and two agents on one database do not both run it.
 *
 * Frozen: never edit this file once released; add a new migration instead.
 */
import type { Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema.createTable('jobs')
    .addColumn('name', 'text', col => col.primaryKey())
    .addColumn('last_run_at', 'text', col => col.notNull())
    .execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('jobs').execute()
}
