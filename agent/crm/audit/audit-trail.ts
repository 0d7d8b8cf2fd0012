/**
 * The audit log for admins: who did what to which record, and when. The rows
 * hold ids, field names and counts, never personal data, so reading them
 * reveals nothing about customers by itself.
 */
import type { AuditQuery } from '../../contracts/customers.js'
import type { AuditRecord } from '../../model/customer-file.js'
import type { Operator } from '../../model/operator.js'
import type { CrmUnitOfWork } from '../crm-repos.js'
import { requireAdmin } from '../customers/customer-access.js'

export class AuditTrail {
  readonly #uow: CrmUnitOfWork

  constructor (uow: CrmUnitOfWork) {
    this.#uow = uow
  }

  /**
   * Entries newest first, filtered by customer, operator and time; `next` is
   * the `before` of the following page.
   * @throws RingcardError RC_ERR_AUTH_FORBIDDEN (everyone but admins)
   */
  async list (actor: Operator, query: AuditQuery): Promise<{ readonly entries: readonly AuditRecord[]; readonly next: number | null }> {
    requireAdmin(actor)
    const limit = query.limit ?? 100
    const entries = await this.#uow.repos.auditLog.list({
      customerId: query.customerId,
      operatorId: query.operatorId,
      // Stored times are `toISOString()` text; a client's offset is brought to UTC so text order is time order.
      from: query.from === undefined ? undefined : new Date(query.from).toISOString(),
      to: query.to === undefined ? undefined : new Date(query.to).toISOString(),
      before: query.before,
      limit: limit + 1
    })
    const page = entries.slice(0, limit)
    return { entries: page, next: entries.length > limit ? page.at(-1)!.id : null }
  }
}
