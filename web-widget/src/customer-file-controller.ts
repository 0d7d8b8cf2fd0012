import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { Campaign, CustomerRecord } from '../../agent/contracts/customers.js'
import type { IssueView, PurchaseList, TimelineEntry } from '../../agent/contracts/timeline.js'
import type { CardContact, CustomerCard } from '../../agent/contracts/ws.js'
import type { ApiClient, ApiError, ApiResult, GroupView } from './api-client.js'
import type { CustomerAction } from './events.js'
import { assertNever } from './format.js'
import type { SaveState } from './save-state.js'

/** Timeline entries per page. */
export const TIMELINE_PAGE = 20
/** Purchases listed in the file (the summary covers them all). */
export const PURCHASES_SHOWN = 10

/** The parts of a file that load on their own, and so can fail on their own. */
export type FilePart = 'file' | 'timeline' | 'issues' | 'purchases' | 'groups' | 'operators' | 'campaigns'

/** Everything `<ringcard-customer>` shows of one open file. Null parts are still loading (or failed: see `errors`). */
export interface FileView {
  readonly customerId: number
  /** Grows with every request to open a file (the same one included): the file takes focus each time. */
  readonly opened: number
  readonly customer: CustomerCard | null
  /** The contacts the file answer carries; shown until the paged timeline is in. */
  readonly contacts: readonly CardContact[]
  readonly file: CustomerRecord | null
  readonly timeline: readonly TimelineEntry[] | null
  /** Cursor of the next, older timeline page; null on the last page. */
  readonly timelineNext: string | null
  readonly issues: readonly IssueView[] | null
  readonly purchases: PurchaseList | null
  readonly groups: readonly GroupView[] | null
  /** Every campaign, for the file's source. */
  readonly campaigns: readonly Campaign[] | null
  /** Why a part could not be loaded, worded for the operator. */
  readonly errors: Readonly<Partial<Record<FilePart, string>>>
  /** Progress of each request the operator started, by the form that started it. */
  readonly status: Readonly<Record<string, SaveState>>
}

/** An operator the widget has seen by name (owners, authors), offered when handing a customer over. */
export interface KnownOperator {
  readonly id: number
  readonly displayName: string
}

export interface CustomerFileDeps {
  /** The REST client of the signed-in operator; null when signed out. */
  readonly api: () => ApiClient | null
  /** Handles a lost sign-in (401); true when it did, so the error is not shown again in place. */
  readonly authLost: (error: ApiError) => boolean
}

const describe = (error: ApiError): string => `${error.message} (${error.code})`

function byTimeDesc (a: TimelineEntry, b: TimelineEntry): number {
  return a.occurredAt === b.occurredAt ? b.id - a.id : (a.occurredAt < b.occurredAt ? 1 : -1)
}

/**
 * The open customer file, for `<ringcard-pop>`: loads its parts in parallel,
 * sends the operator's changes to the agent and folds each answer back in,
 * so `<ringcard-customer>` stays presentational. Answers for a file that was
 * closed or replaced meanwhile are dropped.
 */
export class CustomerFileController implements ReactiveController {
  #view: FileView | null = null
  #opened = 0
  readonly #operators = new Map<number, string>()

  constructor (private readonly host: ReactiveControllerHost, private readonly deps: CustomerFileDeps) {
    host.addController(this)
  }

  hostConnected (): void { /* nothing to start: files open on request */ }

  hostDisconnected (): void {
    this.#view = null
  }

  /** The open file, or null. */
  get view (): FileView | null {
    return this.#view
  }

  /** Operators seen so far (owners, authors, search results), by name. */
  get operators (): readonly KnownOperator[] {
    return [...this.#operators].map(([id, displayName]) => ({ id, displayName }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName))
  }

  /** Remembers operators by name, from anything that names them. */
  noteOperators (refs: ReadonlyArray<{ readonly id: number; readonly displayName: string } | null>): void {
    for (const ref of refs) if (ref) this.#operators.set(ref.id, ref.displayName)
  }

  close (): void {
    this.#view = null
    this.host.requestUpdate()
  }

  /** Opens (or reloads) a customer's file: the file itself, its timeline, issues, purchases and the groups. */
  async open (customerId: number): Promise<void> {
    const api = this.deps.api()
    if (!api) return
    const keep = this.#view?.customerId === customerId ? this.#view.status : {}
    this.#view = {
      customerId, opened: ++this.#opened, customer: null, contacts: [], file: null, timeline: null, timelineNext: null,
      issues: null, purchases: null, groups: null, campaigns: null, errors: {}, status: keep
    }
    this.host.requestUpdate()
    await Promise.all([
      this.#loadFile(api, customerId),
      this.#loadTimeline(api, customerId, null),
      this.#loadIssues(api, customerId),
      this.#loadPurchases(api, customerId),
      this.#loadGroups(api, customerId),
      this.#loadCampaigns(api, customerId),
      this.#loadOperators(api, customerId)
    ])
  }

  /** Sends one of the operator's changes; its progress and any error show at `action.form`. */
  async run (customerId: number, action: CustomerAction): Promise<void> {
    const api = this.deps.api()
    if (!api || this.#view?.customerId !== customerId || this.#view.status[action.form]?.state === 'saving') return
    this.#status(customerId, action.form, { state: 'saving' })
    const error = await this.#perform(api, customerId, action)
    if (error === null) this.#status(customerId, action.form, { state: 'saved' })
    else if (this.deps.authLost(error)) this.#status(customerId, action.form, { state: 'idle' })
    else this.#status(customerId, action.form, { state: 'error', code: error.code, message: error.message, ...(error.duplicates ? { duplicates: error.duplicates } : {}) })
  }

  /** Does the action; null when it worked, else the error to show. */
  async #perform (api: ApiClient, id: number, action: CustomerAction): Promise<ApiError | null> {
    switch (action.kind) {
      case 'patch': {
        const r = await api.updateCustomer(id, action.patch)
        if (!r.ok) return r.error
        this.#setFile(id, r.value.file)
        // The card's salutation, owner name and tier line are the agent's wording: read them again.
        await this.#loadFile(api, id)
        return null
      }
      case 'join-group':
      case 'leave-group': {
        const r = await api.setGroupMember(id, action.groupId, action.kind === 'join-group')
        if (r.ok) this.#setFile(id, r.value.file)
        return r.ok ? null : r.error
      }
      case 'create-group': {
        const created = await api.createGroup(action.body)
        if (!created.ok) return created.error
        const group = created.value.group
        this.#update(id, (v) => ({ groups: [...(v.groups ?? []), group].sort((a, b) => a.name.localeCompare(b.name)) }))
        const joined = await api.setGroupMember(id, group.id, true)
        if (joined.ok) this.#setFile(id, joined.value.file)
        return joined.ok ? null : joined.error
      }
      case 'add-entry': {
        const r = await api.addTimelineEntry(id, action.body)
        if (!r.ok) return r.error
        const { entry, issue } = r.value
        this.#update(id, (v) => ({ timeline: v.timeline === null ? null : [entry, ...v.timeline.filter((e) => e.id !== entry.id)].sort(byTimeDesc) }))
        if (issue) this.#setIssue(id, issue)
        return null
      }
      case 'open-issue': {
        const r = await api.openIssue(id, action.body)
        if (r.ok) this.#setIssue(id, r.value.issue)
        return r.ok ? null : r.error
      }
      case 'issue-status': {
        const r = await api.updateIssue(action.issueId, { status: action.status })
        if (r.ok) this.#setIssue(id, r.value.issue)
        return r.ok ? null : r.error
      }
      case 'add-purchase': {
        const r = await api.addPurchase(id, action.body)
        if (!r.ok) return r.error
        // The summary and the card's tier line are derived by the agent: read both again.
        await Promise.all([this.#loadPurchases(api, id), this.#loadFile(api, id)])
        return null
      }
      case 'add-phone':
      case 'add-email':
      case 'remove-phone':
      case 'remove-email': {
        const r = action.kind === 'add-phone' ? await api.addPhone(id, action.body)
          : action.kind === 'add-email' ? await api.addEmail(id, action.body)
            : action.kind === 'remove-phone' ? await api.removePhone(id, action.phoneId)
              : await api.removeEmail(id, action.emailId)
        if (r.ok) this.#setFile(id, r.value.file)
        return r.ok ? null : r.error
      }
      case 'override-tier':
      case 'clear-tier': {
        const r = action.kind === 'override-tier' ? await api.overrideTier(id, action.body) : await api.clearTier(id)
        if (!r.ok) return r.error
        const { tier, summary } = r.value
        this.#update(id, (v) => ({ purchases: v.purchases === null ? null : { ...v.purchases, tier, summary } }))
        // The card's tier and its why are the agent's wording: read them again.
        await this.#loadFile(api, id)
        return null
      }
      case 'more-timeline':
        return await this.#loadTimeline(api, id, this.#view?.timelineNext ?? null)
      case 'reload':
        await this.open(id)
        return null
      default:
        return assertNever(action)
    }
  }

  async #loadFile (api: ApiClient, id: number): Promise<ApiError | null> {
    return this.#load(id, 'file', await api.customerFile(id), (value) => {
      // `file` is in every answer of today's agent; an older one sends only the card and contacts.
      const file = (value.file as CustomerRecord | undefined) ?? null
      if (file) this.noteOperators([file.owner, file.createdBy, file.updatedBy, ...file.stageHistory.map((s) => s.by)])
      return { customer: value.customer, contacts: value.contacts, file }
    })
  }

  async #loadTimeline (api: ApiClient, id: number, before: string | null): Promise<ApiError | null> {
    return this.#load(id, 'timeline', await api.timeline(id, before, TIMELINE_PAGE), (page, v) => ({
      timeline: before === null || v.timeline === null ? page.entries : [...v.timeline, ...page.entries.filter((e) => !v.timeline?.some((o) => o.id === e.id))],
      timelineNext: page.next
    }))
  }

  async #loadIssues (api: ApiClient, id: number): Promise<ApiError | null> {
    return this.#load(id, 'issues', await api.issues(id), (value) => ({ issues: value.issues }))
  }

  async #loadPurchases (api: ApiClient, id: number): Promise<ApiError | null> {
    return this.#load(id, 'purchases', await api.purchases(id, PURCHASES_SHOWN), (value) => ({ purchases: value }))
  }

  async #loadGroups (api: ApiClient, id: number): Promise<ApiError | null> {
    return this.#load(id, 'groups', await api.groups(), (value) => ({ groups: value.groups }))
  }

  async #loadCampaigns (api: ApiClient, id: number): Promise<ApiError | null> {
    return this.#load(id, 'campaigns', await api.campaigns(), (value) => ({ campaigns: value.campaigns }))
  }

  /** Everyone a customer can be handed to; until it is in (or when it fails), the operators seen by name stand in. */
  async #loadOperators (api: ApiClient, id: number): Promise<ApiError | null> {
    return this.#load(id, 'operators', await api.operators(), (value) => {
      this.noteOperators(value.operators)
      return {}
    })
  }

  /** Folds a part's answer into the file (if it is still the open one), or records why it failed. */
  #load<T> (id: number, part: FilePart, result: ApiResult<T>, fold: (value: T, view: FileView) => Partial<FileView>): ApiError | null {
    if (result.ok) {
      this.#update(id, (v) => ({
        ...fold(result.value, v),
        errors: Object.fromEntries(Object.entries(v.errors).filter(([key]) => key !== part))
      }))
      return null
    }
    if (!this.deps.authLost(result.error)) this.#update(id, (v) => ({ errors: { ...v.errors, [part]: describe(result.error) } }))
    return result.error
  }

  #setFile (id: number, file: CustomerRecord): void {
    this.noteOperators([file.owner, file.updatedBy])
    this.#update(id, () => ({ file }))
  }

  /** Puts a new or changed issue into the list, and its status onto the timeline entries about it. */
  #setIssue (id: number, issue: IssueView): void {
    this.#update(id, (v) => {
      const issues = v.issues === null ? null : v.issues.some((i) => i.id === issue.id) ? v.issues.map((i) => i.id === issue.id ? issue : i) : [...v.issues, issue]
      const timeline = v.timeline?.map((e) => e.issue?.id === issue.id ? { ...e, issue: { id: issue.id, title: issue.title, status: issue.status } } : e) ?? null
      return { issues, timeline }
    })
  }

  #status (id: number, form: string, state: SaveState): void {
    this.#update(id, (v) => ({ status: { ...v.status, [form]: state } }))
  }

  #update (id: number, change: (view: FileView) => Partial<FileView>): void {
    const view = this.#view
    if (view?.customerId !== id) return
    this.#view = { ...view, ...change(view) }
    this.host.requestUpdate()
  }
}
