import type { Kysely, Selectable } from 'kysely'
import type { Database, IssuesTable } from '../../../schema/database.js'
import type { Issue } from '../../model/issue.js'

/** An issue with the names of who opened and who resolved it. */
export interface IssueWithNames extends Issue {
  readonly openedByName: string | null
  readonly resolvedByName: string | null
}

/** What an edit of an issue changes; absent fields stay as they are. */
export interface IssueEdit {
  readonly title?: string
  readonly description?: string | null
}
import { CustomerRepo } from '../customers/customer-repo.js'
import { writeAudit } from '../../store/audit-log.js'
import { isStorableId } from '../../store/limits.js'
import { StoreError } from '../../store/store-error.js'
import { inTransaction } from '../../store/unit-of-work.js'

/** A customer's problems: opened on one contact, resolved on a later one. */
export class IssueRepo {
  readonly #db: Kysely<Database>
  readonly #now: () => Date

  constructor (db: Kysely<Database>, now: () => Date) {
    this.#db = db
    this.#now = now
  }

  async get (id: number): Promise<Issue | null> {
    if (!isStorableId(id)) return null
    const row = await this.#db.selectFrom('issues').selectAll().where('id', '=', id).executeTakeFirst()
    return row === undefined ? null : toIssue(row)
  }

  /** Open issues of a customer, oldest first (the longest-waiting problem leads). */
  async listOpen (customerId: number): Promise<Issue[]> {
    if (!isStorableId(customerId)) return []
    const rows = await this.#db.selectFrom('issues').selectAll()
      .where('customer_id', '=', customerId).where('status', '=', 'open')
      .orderBy('opened_at').orderBy('id').execute()
    return rows.map(toIssue)
  }

  /**
   * A customer's issues with the names of who opened and resolved them: open
   * ones first (oldest first), then resolved ones (latest resolved first).
   */
  async list (customerId: number, status: Issue['status'] | null = null): Promise<IssueWithNames[]> {
    if (!isStorableId(customerId)) return []
    let query = this.#db.selectFrom('issues')
      .leftJoin('operators as opener', 'opener.id', 'issues.opened_by')
      .leftJoin('operators as resolver', 'resolver.id', 'issues.resolved_by')
      .selectAll('issues')
      .select(['opener.display_name as opened_by_name', 'resolver.display_name as resolved_by_name'])
      .where('issues.customer_id', '=', customerId)
    if (status !== null) query = query.where('issues.status', '=', status)
    const rows = await query.orderBy('issues.status').orderBy('issues.resolved_at', 'desc').orderBy('issues.opened_at').orderBy('issues.id').execute()
    return rows.map(r => ({ ...toIssue(r), openedByName: r.opened_by_name, resolvedByName: r.resolved_by_name }))
  }

  /** One issue with names; null when there is none. */
  async getWithNames (id: number): Promise<IssueWithNames | null> {
    if (!isStorableId(id)) return null
    const row = await this.#db.selectFrom('issues')
      .leftJoin('operators as opener', 'opener.id', 'issues.opened_by')
      .leftJoin('operators as resolver', 'resolver.id', 'issues.resolved_by')
      .selectAll('issues')
      .select(['opener.display_name as opened_by_name', 'resolver.display_name as resolved_by_name'])
      .where('issues.id', '=', id)
      .executeTakeFirst()
    return row === undefined ? null : { ...toIssue(row), openedByName: row.opened_by_name, resolvedByName: row.resolved_by_name }
  }

  /** Changes an issue's title or description, without an audit row (the use case writes it). */
  async edit (id: number, edit: IssueEdit): Promise<Issue | null> {
    if (!isStorableId(id) || (edit.title === undefined && edit.description === undefined)) return await this.get(id)
    const row = await this.#db.updateTable('issues')
      .set({
        ...(edit.title === undefined ? {} : { title: edit.title }),
        ...(edit.description === undefined ? {} : { description: edit.description })
      })
      .where('id', '=', id).returningAll().executeTakeFirst()
    return row === undefined ? null : toIssue(row)
  }

  /** Opens a resolved issue again (who resolved it and when are cleared); an open issue stays as it is. */
  async reopen (id: number): Promise<Issue | null> {
    if (!isStorableId(id)) return null
    await this.#db.updateTable('issues')
      .set({ status: 'open', resolved_at: null, resolved_by: null })
      .where('id', '=', id).where('status', '=', 'resolved').execute()
    return await this.get(id)
  }

  /**
   * Opens an issue for a customer on its own (not as part of a wrap-up), with
   * an audit row.
   * @throws StoreError `RC_ERR_STORE_NOT_FOUND` when the customer does not exist.
   */
  async add (customerId: number, title: string, actorId: number | null, description: string | null = null): Promise<Issue> {
    return await inTransaction(this.#db, async (trx) => {
      // Checked, not left to the foreign key: a violation would abort a PostgreSQL transaction the caller may share.
      if (!(await new CustomerRepo(trx, this.#now).exists(customerId))) {
        throw new StoreError('RC_ERR_STORE_NOT_FOUND', 'customer', `Customer ${customerId} does not exist`)
      }
      const issue = await new IssueRepo(trx, this.#now).open(customerId, title, actorId, description)
      await writeAudit(trx, issue.openedAt, {
        actorId, action: 'issue.open', entity: 'issue', entityId: issue.id, detail: { customerId }
      })
      return issue
    })
  }

  /**
   * Opens an issue without an audit row, for a wrap-up whose own audit row
   * names it. The caller checks that the customer exists (the foreign key would too).
   */
  async open (customerId: number, title: string, actorId: number | null, description: string | null = null): Promise<Issue> {
    const row = await this.#db.insertInto('issues').values({
      customer_id: customerId,
      title,
      description,
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
    const notFound = new StoreError('RC_ERR_STORE_NOT_FOUND', 'issue', `Issue ${issueId} does not exist for customer ${customerId}`)
    if (!isStorableId(issueId)) throw notFound
    const row = await this.#db.selectFrom('issues').selectAll()
      .where('id', '=', issueId).where('customer_id', '=', customerId).executeTakeFirst()
    if (row === undefined) throw notFound
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
    description: row.description,
    status: row.status,
    openedAt: row.opened_at,
    openedBy: row.opened_by,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by
  }
}
