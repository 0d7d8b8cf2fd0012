/**
 * Who can own a customer: the people at the desk by name, for the owner
 * picker. Everyone at the desk may read it; an integration token may not,
 * and is never listed (a dialplan owns no customer).
 */
import type { OperatorListing } from '../../contracts/operators.js'
import { STAFF_ROLES, type Operator } from '../../model/operator.js'
import type { CrmUnitOfWork } from '../crm-repos.js'
import { hasRole, requireStaff } from './role-access.js'

export class OperatorRoster {
  readonly #uow: CrmUnitOfWork

  constructor (uow: CrmUnitOfWork) {
    this.#uow = uow
  }

  /**
   * Operators, supervisors and admins by name (then id): id, name and role only.
   * @throws RingcardError RC_ERR_AUTH_FORBIDDEN (an integration token)
   */
  async list (actor: Operator): Promise<OperatorListing[]> {
    requireStaff(actor)
    const people = (await this.#uow.repos.operators.list()).filter(op => hasRole(op, STAFF_ROLES))
    return people
      .map(op => ({ id: op.id, displayName: op.displayName, role: op.role }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id - b.id)
  }
}
