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
import { CallerPickRepo } from './customers/caller-pick-repo.js'
import { InteractionRepo } from './interactions/interaction-repo.js'
import { OutcomeRepo } from './interactions/outcome-repo.js'
import { IssueRepo } from './issues/issue-repo.js'
import { OperatorRepo } from './operators/operator-repo.js'
import { AuditWriter } from './audit-writer.js'
import { PurchaseRepo } from './purchases/purchase-repo.js'
import { TierRepo } from './tiers/tier-repo.js'
import { CustomerFileRepo } from './customers/customer-file-repo.js'
import { CustomerPartsRepo } from './customers/customer-parts-repo.js'
import { GroupRepo } from './groups/group-repo.js'
import { CampaignRepo } from './campaigns/campaign-repo.js'
import { AuditRepo } from './audit/audit-repo.js'
import { CustomerSearchRepo } from './customers/customer-search-repo.js'
import { CustomerImportRepo } from './import/customer-import-repo.js'

/** Every CRM repository, all on the same handle. */
export interface CrmRepos {
  readonly customers: CustomerRepo
  /** The chooser's memory: who an operator last picked for a caller number. */
  readonly callerPicks: CallerPickRepo
  readonly interactions: InteractionRepo
  readonly issues: IssueRepo
  readonly operators: OperatorRepo
  /** Operators' wrap-ups of calls (idempotent, one winner per call). */
  readonly outcomes: OutcomeRepo
  readonly purchases: PurchaseRepo
  /** Customers' tiers, where they came from and why. */
  readonly tiers: TierRepo
  /** Audit rows on the same handle, for use cases that write several repositories. */
  readonly audit: AuditWriter
  /** The whole customer file: every field, the list by name, who dealt with it, merge. */
  readonly files: CustomerFileRepo
  /** A customer's numbers, e-mail addresses and contact persons; duplicates. */
  readonly customerParts: CustomerPartsRepo
  /** Groups (tags with a colour) and their members. */
  readonly groups: GroupRepo
  readonly campaigns: CampaignRepo
  /** Reading the audit log, and batched audit rows (a list's finds, a pop's reads). */
  readonly auditLog: AuditRepo
  /** The search index of customers: kept in step with their names, numbers and addresses; what a search narrows the list to. */
  readonly search: CustomerSearchRepo
  /** Batches of imported customers, written set-wise. */
  readonly customerImport: CustomerImportRepo
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
    callerPicks: new CallerPickRepo(handle, now),
    interactions: new InteractionRepo(handle, now),
    issues: new IssueRepo(handle, now),
    operators: new OperatorRepo(handle, now),
    outcomes: new OutcomeRepo(handle, now),
    purchases: new PurchaseRepo(handle, now),
    tiers: new TierRepo(handle, now),
    audit: new AuditWriter(handle, now),
    files: new CustomerFileRepo(handle, now),
    customerParts: new CustomerPartsRepo(handle, now),
    groups: new GroupRepo(handle, now),
    campaigns: new CampaignRepo(handle, now),
    auditLog: new AuditRepo(handle, now),
    search: new CustomerSearchRepo(handle),
    customerImport: new CustomerImportRepo(handle, now)
  }
}
