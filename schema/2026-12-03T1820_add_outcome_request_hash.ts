/**
 * A fingerprint of each wrap-up request, so a reused Idempotency-Key with a
 * different body is refused instead of answered with the first request's
 * result. Nullable: requests stored before this migration have none and
 * still replay by key alone.
 *
 * Frozen: never edit this file once released; add a new migration instead.
 */
import type { Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outcome_requests').addColumn('request_hash', 'text').execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outcome_requests').dropColumn('request_hash').execute()
}
