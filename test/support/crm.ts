/**
 * The CRM repositories the way the agent builds them, for tests that seed or
 * read a database directly.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../schema/database.js'
import { crmRepos, type CrmUnitOfWork } from '../../agent/crm/crm-repos.js'
import { UnitOfWork } from '../../agent/store/unit-of-work.js'

/** A unit of work over the CRM repositories on `db` (read `t.db` again after a reopen). */
export function crmUnitOfWork (db: Kysely<Database>, now: () => Date = () => new Date()): CrmUnitOfWork {
  return new UnitOfWork(db, h => crmRepos(h, now))
}
