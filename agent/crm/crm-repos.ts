/**
 * The CRM's repositories, one per aggregate, built on one database handle.
 * A {@link UnitOfWork} makes them on its root handle (autocommit) and on each
 * transaction it opens:
 *
 * ```ts
 * const uow = new UnitOfWork(db, h => crmRepos(h, now))
 * ```
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../schema/database.js'
import type { UnitOfWork } from '../store/unit-of-work.js'
import { CustomerRepo } from './customers/customer-repo.js'
import { InteractionRepo } from './interactions/interaction-repo.js'
import { OutcomeRepo } from './interactions/outcome-repo.js'
import { IssueRepo } from './issues/issue-repo.js'
import { OperatorRepo } from './operators/operator-repo.js'

/** Every CRM repository, all on the same handle. */
export interface CrmRepos {
  readonly customers: CustomerRepo
  readonly interactions: InteractionRepo
  readonly issues: IssueRepo
  readonly operators: OperatorRepo
  /** Operators' wrap-ups of calls (idempotent, one winner per call). */
  readonly outcomes: OutcomeRepo
}

/** A unit of work over the CRM repositories. */
export type CrmUnitOfWork = UnitOfWork<CrmRepos>

/**
 * The CRM repositories on `handle`.
 * @param now the clock for every stored time (`created_at`, `opened_at`, audit `at` …).
 */
export function crmRepos (handle: Kysely<Database>, now: () => Date): CrmRepos {
  return {
    customers: new CustomerRepo(handle, now),
    interactions: new InteractionRepo(handle, now),
    issues: new IssueRepo(handle, now),
    operators: new OperatorRepo(handle, now),
    outcomes: new OutcomeRepo(handle, now)
  }
}
