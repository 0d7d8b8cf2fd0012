import type { Kysely } from 'kysely'
import type { Database } from '../../schema/database.js'
import { writeAudit, type AuditEntry } from '../store/audit-log.js'

/**
 * Appends audit rows on a unit of work's handle, so a use case's change and
 * its audit row commit together (`repos.audit.write(…)` inside `uow.run`).
 * Never put names, numbers or free text about a customer into `detail`.
 */
export class AuditWriter {
  readonly #db: Kysely<Database>
  readonly #now: () => Date

  constructor (db: Kysely<Database>, now: () => Date) {
    this.#db = db
    this.#now = now
  }

  async write (entry: AuditEntry): Promise<void> {
    await writeAudit(this.#db, this.#now().toISOString(), entry)
  }
}
