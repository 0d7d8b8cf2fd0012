/**
 * The timeline use cases: read a customer's contacts of every kind, newest
 * first and paged, and add a meeting, e-mail, SMS or note by hand, perhaps
 * about an issue (an existing one, or one it opens) that it may resolve.
 */
import type { NewTimelineEntryBody, TimelineEntry, TimelineEntryAdded, TimelinePage, TimelineQuery } from '../../contracts/timeline.js'
import type { Operator } from '../../model/operator.js'
import { RingcardError } from '../../errors.js'
import type { CrmUnitOfWork } from '../crm-repos.js'
import { requireFile, type FileAccess } from '../file-access.js'
import type { TimelineCursor, TimelineItem } from '../interactions/interaction-repo.js'
import { issueView } from '../issues/issue-desk.js'

export interface TimelineDeskDeps {
  readonly uow: CrmUnitOfWork
  readonly access: FileAccess
  /** Disposition code → label, for a call's outcome. */
  readonly dispositionLabels: ReadonlyMap<string, string>
  /** RINGCARD_FCR_WINDOW_DAYS, for the issue a new entry touches. */
  readonly fcrWindowDays: number
  /** Epoch ms: when an entry without `occurredAt` happened. */
  readonly now: () => number
}

const DEFAULT_LIMIT = 50
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

/**
 * Reads `before`: `<ISO time>~<id>` (a page's `next`) or a bare ISO time.
 * @throws RingcardError RC_ERR_API_BAD_BODY for anything else.
 */
export function parseCursor (before: string): TimelineCursor {
  const tilde = before.lastIndexOf('~')
  const time = tilde < 0 ? before : before.slice(0, tilde)
  const id = tilde < 0 ? null : Number(before.slice(tilde + 1))
  if (!ISO_TIME.test(time) || Number.isNaN(Date.parse(time)) || (id !== null && !(Number.isInteger(id) && id >= 0))) {
    throw new RingcardError('RC_ERR_API_BAD_BODY', 'before: expected a page\'s `next` or an ISO time')
  }
  return { occurredAt: new Date(time).toISOString(), id }
}

/** Reads and adds to a customer's timeline, for whoever may read the file. */
export class TimelineDesk {
  readonly #deps: TimelineDeskDeps

  constructor (deps: TimelineDeskDeps) {
    this.#deps = deps
  }

  /** @throws RingcardError RC_ERR_CUSTOMER_NOT_FOUND, RC_ERR_AUTH_FORBIDDEN, RC_ERR_API_BAD_BODY (cursor) */
  async list (actor: Operator, customerId: number, query: TimelineQuery): Promise<TimelinePage> {
    const cursor = query.before === undefined ? null : parseCursor(query.before)
    const { repos } = this.#deps.uow
    await requireFile(this.#deps.access, repos.customers, actor, customerId, 'timeline')
    const limit = query.limit ?? DEFAULT_LIMIT
    const items = await repos.interactions.timeline(customerId, cursor, limit + 1)
    const page = items.slice(0, limit)
    const last = page[page.length - 1]
    return {
      entries: page.map(i => this.#entry(i)),
      next: items.length > limit && last !== undefined ? `${last.occurredAt}~${last.id}` : null
    }
  }

  /**
   * Adds a contact by hand. With `issueId` it is about that issue of the
   * customer, with `newIssueTitle` it opens one; `resolved: true` resolves
   * the issue on this contact.
   * @throws RingcardError RC_ERR_TIMELINE_INVALID, RC_ERR_CUSTOMER_NOT_FOUND, RC_ERR_ISSUE_NOT_FOUND, RC_ERR_AUTH_FORBIDDEN
   */
  async add (actor: Operator, customerId: number, body: NewTimelineEntryBody): Promise<TimelineEntryAdded> {
    const subject = body.subject?.trim() || null
    const note = body.note?.trim() || null
    const outcome = body.outcome?.trim() || null
    const newIssueTitle = body.newIssueTitle?.trim() || null
    const issueId = body.issueId ?? null
    if (subject === null && note === null && outcome === null) {
      throw new RingcardError('RC_ERR_TIMELINE_INVALID', 'Give a subject, a note or an outcome')
    }
    if (issueId !== null && newIssueTitle !== null) throw new RingcardError('RC_ERR_TIMELINE_INVALID', 'Give either issueId or newIssueTitle, not both')
    if (body.resolved !== undefined && issueId === null && newIssueTitle === null) {
      throw new RingcardError('RC_ERR_TIMELINE_INVALID', 'resolved says whether this contact solved its issue: give issueId or newIssueTitle')
    }
    await requireFile(this.#deps.access, this.#deps.uow.repos.customers, actor, customerId)
    const occurredAt = body.occurredAt === undefined ? new Date(this.#deps.now()).toISOString() : new Date(body.occurredAt).toISOString()
    // Meetings and notes have no direction; an e-mail or SMS without one is taken as sent.
    const direction = body.kind === 'email' || body.kind === 'sms' ? body.direction ?? 'outbound' : null

    return await this.#deps.uow.run(async (repos) => {
      let linked = issueId
      let issueAction: 'open' | 'resolve' | 'open+resolve' | null = null
      if (issueId !== null) {
        const issue = await repos.issues.get(issueId)
        if (issue === null || issue.customerId !== customerId) throw new RingcardError('RC_ERR_ISSUE_NOT_FOUND')
      } else if (newIssueTitle !== null) {
        linked = (await repos.issues.open(customerId, newIssueTitle, actor.id)).id
        issueAction = 'open'
      }
      const added = await repos.interactions.add({
        customerId,
        kind: body.kind,
        direction,
        occurredAt,
        operatorId: actor.id,
        disposition: null,
        note,
        resolved: linked === null ? null : body.resolved ?? null,
        issueId: linked,
        subject,
        outcome
      })
      if (linked !== null && body.resolved === true) {
        const before = await repos.issues.get(linked)
        if (before?.status === 'open') {
          await repos.issues.resolve(linked, customerId, actor.id)
          issueAction = issueAction === 'open' ? 'open+resolve' : 'resolve'
        }
      }
      await repos.audit.write({
        actorId: actor.id,
        action: 'timeline.add',
        entity: 'customer',
        entityId: customerId,
        detail: { interactionId: added.id, kind: body.kind, issueId: linked, issueAction }
      })
      const issue = linked === null ? null : await issueView(repos, linked, this.#deps.fcrWindowDays)
      const entry = this.#entry({
        ...added,
        operatorName: actor.displayName,
        issueTitle: issue?.title ?? null,
        issueStatus: issue?.status ?? null
      })
      return { entry, issue }
    })
  }

  #entry (item: TimelineItem): TimelineEntry {
    const disposition = item.disposition === null ? null : (this.#deps.dispositionLabels.get(item.disposition) ?? item.disposition)
    return {
      id: item.id,
      kind: item.kind,
      direction: item.direction,
      occurredAt: item.occurredAt,
      operatorName: item.operatorName,
      subject: item.subject,
      note: item.note,
      outcome: item.kind === 'call' ? disposition : item.outcome,
      callResult: item.callResult,
      talkSeconds: item.talkSeconds,
      resolved: item.resolved,
      issue: item.issueId === null || item.issueTitle === null || item.issueStatus === null
        ? null
        : { id: item.issueId, title: item.issueTitle, status: item.issueStatus }
    }
  }
}
