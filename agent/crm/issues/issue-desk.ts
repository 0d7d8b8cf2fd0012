/**
 * The issue use cases: list a customer's issues (with their contacts and
 * whether each was resolved on first contact), open one, and resolve,
 * reopen or edit it. Each write and its audit row commit together.
 */
import type { IssueAnswer, IssueList, IssuePatchBody, IssueQuery, IssueView, NewIssueBody } from '../../contracts/timeline.js'
import type { Issue } from '../../model/issue.js'
import type { Operator } from '../../model/operator.js'
import { RingcardError } from '../../errors.js'
import type { CrmRepos, CrmUnitOfWork } from '../crm-repos.js'
import { requireFile, type FileAccess } from '../file-access.js'
import { resolvedOnFirstContact } from './first-contact.js'
import type { IssueWithNames } from './issue-repo.js'

export interface IssueDeskDeps {
  readonly uow: CrmUnitOfWork
  readonly access: FileAccess
  /** RINGCARD_FCR_WINDOW_DAYS */
  readonly fcrWindowDays: number
}

/** Issues as the API shows them: with their contacts and the first-contact verdict. */
export async function issueViews (repos: Pick<CrmRepos, 'interactions'>, issues: readonly IssueWithNames[], fcrWindowDays: number): Promise<IssueView[]> {
  const contacts = await repos.interactions.listForIssues(issues.map(i => i.id))
  return issues.map(issue => {
    const linked = contacts.filter(c => c.issueId === issue.id)
    return {
      id: issue.id,
      customerId: issue.customerId,
      title: issue.title,
      description: issue.description,
      status: issue.status,
      openedAt: issue.openedAt,
      openedByName: issue.openedByName,
      resolvedAt: issue.resolvedAt,
      resolvedByName: issue.resolvedByName,
      resolvedOnFirstContact: resolvedOnFirstContact(issue, linked, fcrWindowDays),
      contacts: linked.map(c => ({ id: c.id, kind: c.kind, occurredAt: c.occurredAt, resolved: c.resolved }))
    }
  })
}

/** One issue as the API shows it, read on `repos` (inside a transaction: as it will commit). */
export async function issueView (repos: Pick<CrmRepos, 'interactions' | 'issues'>, issueId: number, fcrWindowDays: number): Promise<IssueView> {
  const issue = await repos.issues.getWithNames(issueId)
  if (issue === null) throw new RingcardError('RC_ERR_ISSUE_NOT_FOUND')
  const [view] = await issueViews(repos, [issue], fcrWindowDays)
  return view!
}

/** Lists, opens, resolves, reopens and edits a customer's issues, for whoever may read the file. */
export class IssueDesk {
  readonly #deps: IssueDeskDeps

  constructor (deps: IssueDeskDeps) {
    this.#deps = deps
  }

  /** @throws RingcardError RC_ERR_CUSTOMER_NOT_FOUND, RC_ERR_AUTH_FORBIDDEN */
  async list (actor: Operator, customerId: number, query: IssueQuery): Promise<IssueList> {
    const { repos } = this.#deps.uow
    await requireFile(this.#deps.access, repos.customers, actor, customerId, 'issues')
    const status = query.status === undefined || query.status === 'all' ? null : query.status
    return { issues: await issueViews(repos, await repos.issues.list(customerId, status), this.#deps.fcrWindowDays) }
  }

  /**
   * Opens an issue, linked to the contact it came up on when one is named.
   * @throws RingcardError RC_ERR_CUSTOMER_NOT_FOUND, RC_ERR_CONTACT_NOT_FOUND, RC_ERR_AUTH_FORBIDDEN
   */
  async open (actor: Operator, customerId: number, body: NewIssueBody): Promise<IssueAnswer> {
    await requireFile(this.#deps.access, this.#deps.uow.repos.customers, actor, customerId)
    const issue = await this.#deps.uow.run(async (repos) => {
      const interactionId = body.interactionId ?? null
      if (interactionId !== null) {
        const contact = await repos.interactions.get(interactionId)
        if (contact === null || contact.customerId !== customerId) throw new RingcardError('RC_ERR_CONTACT_NOT_FOUND')
      }
      const opened = await repos.issues.open(customerId, body.title.trim(), actor.id, body.description?.trim() || null)
      if (interactionId !== null) await repos.interactions.linkIssue(interactionId, opened.id)
      await repos.audit.write({
        actorId: actor.id, action: 'issue.open', entity: 'customer', entityId: customerId, detail: { issueId: opened.id, interactionId }
      })
      return await issueView(repos, opened.id, this.#deps.fcrWindowDays)
    })
    return { issue }
  }

  /**
   * Resolves (`status: resolved`), reopens (`status: open`) or edits an issue.
   * Resolving a resolved issue, or reopening an open one, changes nothing.
   * @throws RingcardError RC_ERR_ISSUE_NOT_FOUND, RC_ERR_AUTH_FORBIDDEN
   */
  async update (actor: Operator, issueId: number, body: IssuePatchBody): Promise<IssueAnswer> {
    const found = await this.#deps.uow.repos.issues.get(issueId)
    if (found === null) throw new RingcardError('RC_ERR_ISSUE_NOT_FOUND')
    await requireFile(this.#deps.access, this.#deps.uow.repos.customers, actor, found.customerId)
    const issue = await this.#deps.uow.run(async (repos) => {
      const before = await repos.issues.get(issueId)
      if (before === null) throw new RingcardError('RC_ERR_ISSUE_NOT_FOUND')
      const audit = (action: string, detail: Record<string, unknown> = {}): Promise<void> => repos.audit.write({
        actorId: actor.id, action, entity: 'customer', entityId: before.customerId, detail: { issueId, ...detail }
      })
      const edit = {
        ...(body.title === undefined ? {} : { title: body.title.trim() }),
        ...(body.description === undefined ? {} : { description: body.description?.trim() || null })
      }
      const fields = Object.keys(edit).filter(k => edit[k as keyof typeof edit] !== before[k as keyof Issue])
      if (fields.length > 0) {
        await repos.issues.edit(issueId, edit)
        await audit('issue.edit', { fields })
      }
      if (body.status === 'resolved' && before.status === 'open') {
        await repos.issues.resolve(issueId, before.customerId, actor.id)
        await audit('issue.resolve')
      } else if (body.status === 'open' && before.status === 'resolved') {
        await repos.issues.reopen(issueId)
        await audit('issue.reopen')
      }
      return await issueView(repos, issueId, this.#deps.fcrWindowDays)
    })
    return { issue }
  }
}
