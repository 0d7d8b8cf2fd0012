import type { Kysely } from 'kysely'
import type { Database } from '../../../schema/database.js'
import type { AuditRecord } from '../../model/customer-file.js'
import { writeAudits, type AuditEntry } from '../../store/audit-log.js'

/** What {@link AuditRepo.list} filters on; every field narrows. */
export interface AuditFilter {
  /** Entries about this customer (entity `customer`). */
  readonly customerId?: number
  /** Entries by this operator. */
  readonly operatorId?: number
  /** At or after (ISO-8601 UTC). */
  readonly from?: string
  /** Before (ISO-8601 UTC). */
  readonly to?: string
  /** Entries with a smaller id (the previous page's last). */
  readonly before?: number
  readonly limit: number
}

/**
 * The audit log as admins read it, and the batched writes of reads (a pop,
 * a list) that would cost one statement each otherwise. Single audited
 * changes write their row with `writeAudit` in their own transaction.
 */
export class AuditRepo {
  readonly #db: Kysely<Database>
  readonly #now: () => Date

  constructor (db: Kysely<Database>, now: () => Date) {
    this.#db = db
    this.#now = now
  }

  /** Appends `entries` in one statement, all at the same time. */
  async record (entries: readonly AuditEntry[]): Promise<void> {
    await writeAudits(this.#db, this.#now().toISOString(), entries)
  }

  /** Entries newest first, with the acting operator's name. */
  async list (filter: AuditFilter): Promise<AuditRecord[]> {
    let query = this.#db.selectFrom('audit_log')
      .leftJoin('operators', 'operators.id', 'audit_log.actor_id')
      .select(['audit_log.id', 'audit_log.at', 'audit_log.actor_id', 'audit_log.action', 'audit_log.entity', 'audit_log.entity_id', 'audit_log.detail'])
      .select('operators.display_name as actor_name')
      .orderBy('audit_log.id', 'desc')
      .limit(filter.limit)
    if (filter.customerId !== undefined) {
      query = query.where('audit_log.entity', '=', 'customer').where('audit_log.entity_id', '=', String(filter.customerId))
    }
    if (filter.operatorId !== undefined) query = query.where('audit_log.actor_id', '=', filter.operatorId)
    if (filter.from !== undefined) query = query.where('audit_log.at', '>=', filter.from)
    if (filter.to !== undefined) query = query.where('audit_log.at', '<', filter.to)
    if (filter.before !== undefined) query = query.where('audit_log.id', '<', filter.before)
    const rows = await query.execute()
    return rows.map(r => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      detail: parseDetail(r.detail)
    }))
  }
}

function parseDetail (text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : {}
  } catch {
    return {}
  }
}
