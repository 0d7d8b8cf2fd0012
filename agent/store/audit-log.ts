import type { Kysely } from 'kysely'
import type { Database } from '../../schema/database.js'

/** One audit entry. `detail` is stored as JSON text. */
export interface AuditEntry {
  /** Operator who did it; null for the system (seeding, the PBX call log). */
  readonly actorId: number | null
  /** Dotted verb, e.g. `lead.create`, `outcome.save`. */
  readonly action: string
  /** Table-like noun, e.g. `customer`, `interaction`. */
  readonly entity: string
  readonly entityId: string | number | null
  readonly detail: Readonly<Record<string, unknown>>
}

/** Keys that must never reach the audit log, whatever a caller passes. */
const SECRET_KEY = /token|secret|password/i

/**
 * Appends an audit row. Pass the transaction the audited change runs in so
 * that both commit or neither does.
 */
export async function writeAudit (db: Kysely<Database>, at: string, entry: AuditEntry): Promise<void> {
  await writeAudits(db, at, [entry])
}

/** Most rows in one insert: 6 values each stays far below both engines' parameter limits. */
const BATCH = 500

/** Appends several audit rows at the same time, in as few statements as possible (reads of many records: a list, a pop). */
export async function writeAudits (db: Kysely<Database>, at: string, entries: readonly AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += BATCH) {
    await db.insertInto('audit_log').values(entries.slice(i, i + BATCH).map(entry => ({
      at,
      actor_id: entry.actorId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId === null ? null : String(entry.entityId),
      detail: JSON.stringify(entry.detail, (key, value: unknown) => SECRET_KEY.test(key) ? undefined : value)
    }))).execute()
  }
}
