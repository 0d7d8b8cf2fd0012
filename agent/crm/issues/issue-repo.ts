import type { Kysely, Selectable } from 'kysely'
import type { Database, IssuesTable } from '../../../schema/database.js'
import type { Issue } from '../../model/issue.js'
import { StoreError } from '../../store/store-error.js'

/** A customer's problems: opened on one contact, resolved on a later one. */
export class IssueStore {
  readonly #db: Kysely<Database>
  readonly #now: () => Date

  constructor (db: Kysely<Database>, now: () => Date) {
    this.#db = db
    this.#now = now
  }

  async get (id: number): Promise<Issue | null> {
    const row = await this.#db.selectFrom('issues').selectAll().where('id', '=', id).executeTakeFirst()
    return row === undefined ? null : toIssue(row)
  }

  /** Open issues of a customer, oldest first (the longest-waiting problem leads). */
  async listOpen (customerId: number): Promise<Issue[]> {
    const rows = await this.#db.selectFrom('issues').selectAll()
      .where('customer_id', '=', customerId).where('status', '=', 'open')
      .orderBy('opened_at').orderBy('id').execute()
    return rows.map(toIssue)
  }

  /** Opens an issue. The caller checks that the customer exists (the foreign key would too). */
  async open (customerId: number, title: string, actorId: number | null): Promise<Issue> {
    const row = await this.#db.insertInto('issues').values({
      customer_id: customerId,
      title,
      status: 'open',
      opened_at: this.#now().toISOString(),
      opened_by: actorId,
      resolved_at: null,
      resolved_by: null
    }).returningAll().executeTakeFirstOrThrow()
    return toIssue(row)
  }

  /**
   * Marks an issue of this customer resolved. Resolving a resolved issue
   * changes nothing and returns it as it is.
   * @throws StoreError `RC_ERR_STORE_NOT_FOUND` when the issue does not exist or belongs to someone else.
   */
  async resolve (issueId: number, customerId: number, actorId: number): Promise<Issue> {
    const row = await this.#db.selectFrom('issues').selectAll()
      .where('id', '=', issueId).where('customer_id', '=', customerId).executeTakeFirst()
    if (row === undefined) {
      throw new StoreError('RC_ERR_STORE_NOT_FOUND', 'issue', `Issue ${issueId} does not exist for customer ${customerId}`)
    }
    if (row.status === 'resolved') return toIssue(row)
    const updated = await this.#db.updateTable('issues')
      .set({ status: 'resolved', resolved_at: this.#now().toISOString(), resolved_by: actorId })
      .where('id', '=', issueId).returningAll().executeTakeFirstOrThrow()
    return toIssue(updated)
  }
}

function toIssue (row: Selectable<IssuesTable>): Issue {
  return {
    id: row.id,
    customerId: row.customer_id,
    title: row.title,
    status: row.status,
    openedAt: row.opened_at,
    openedBy: row.opened_by,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by
  }
}
