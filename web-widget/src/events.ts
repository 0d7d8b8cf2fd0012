import type { CustomerPatch, GroupBody, NewEmailBody, NewPhoneBody } from '../../agent/contracts/customers.js'
import type { NewLeadBody, OutcomeBody } from '../../agent/contracts/rest.js'
import type { NewIssueBody, NewPurchaseBody, NewTimelineEntryBody, TierOverrideBody } from '../../agent/contracts/timeline.js'

/*
 * The events the presentational elements send up to `<ringcard-pop>`.
 * All of them bubble and cross shadow roots (`composed`), so the root (or a
 * host page that wants to react, e.g. open its own CRM on "Open file") can
 * listen anywhere above the element that fired them.
 */

const init: EventInit = { bubbles: true, composed: true }

/** The operator wants the full customer file. Fired by `<ringcard-card>`. */
export class OpenCustomerEvent extends Event {
  static readonly eventName = 'ringcard-open-customer'
  constructor (readonly customerId: number) {
    super(OpenCustomerEvent.eventName, init)
  }

  /** Same shape as a `CustomEvent`, for host pages that read `event.detail`. */
  get detail (): number {
    return this.customerId
  }
}

/** The operator picked one of several candidates for a number. Fired by `<ringcard-card>`. */
export class ChooseEvent extends Event {
  static readonly eventName = 'ringcard-choose'
  constructor (readonly callId: string, readonly customerId: number) {
    super(ChooseEvent.eventName, init)
  }

  get detail (): { callId: string; customerId: number } {
    return { callId: this.callId, customerId: this.customerId }
  }
}

/** The operator filled in the one-step "Create lead" form. Fired by `<ringcard-card>`. */
export class CreateLeadEvent extends Event {
  static readonly eventName = 'ringcard-create-lead'
  constructor (readonly body: NewLeadBody) {
    super(CreateLeadEvent.eventName, init)
  }

  get detail (): NewLeadBody {
    return this.body
  }
}

/** The operator submitted the wrap-up form. Fired by `<ringcard-wrapup>`. */
export class OutcomeEvent extends Event {
  static readonly eventName = 'ringcard-outcome'
  constructor (readonly callId: string, readonly body: OutcomeBody) {
    super(OutcomeEvent.eventName, init)
  }

  get detail (): { callId: string; body: OutcomeBody } {
    return { callId: this.callId, body: this.body }
  }
}

/** The operator dismissed a view (Escape or the close button). Fired by `<ringcard-customer>`. */
export class CloseEvent extends Event {
  static readonly eventName = 'ringcard-close'
  constructor () {
    super(CloseEvent.eventName, init)
  }
}

/**
 * Something the operator asked of an open customer file. `form` names the
 * place in the file that shows its progress and any error (so a failed save
 * keeps the form and says why, right where the operator typed).
 */
export type CustomerAction =
  | { readonly kind: 'patch'; readonly form: string; readonly patch: CustomerPatch }
  | { readonly kind: 'join-group'; readonly form: string; readonly groupId: number }
  | { readonly kind: 'leave-group'; readonly form: string; readonly groupId: number }
  | { readonly kind: 'create-group'; readonly form: string; readonly body: GroupBody }
  | { readonly kind: 'add-entry'; readonly form: string; readonly body: NewTimelineEntryBody }
  | { readonly kind: 'open-issue'; readonly form: string; readonly body: NewIssueBody }
  | { readonly kind: 'issue-status'; readonly form: string; readonly issueId: number; readonly status: 'open' | 'resolved' }
  | { readonly kind: 'add-purchase'; readonly form: string; readonly body: NewPurchaseBody }
  | { readonly kind: 'add-phone'; readonly form: string; readonly body: NewPhoneBody }
  | { readonly kind: 'remove-phone'; readonly form: string; readonly phoneId: number }
  | { readonly kind: 'add-email'; readonly form: string; readonly body: NewEmailBody }
  | { readonly kind: 'remove-email'; readonly form: string; readonly emailId: number }
  | { readonly kind: 'override-tier'; readonly form: string; readonly body: TierOverrideBody }
  | { readonly kind: 'clear-tier'; readonly form: string }
  | { readonly kind: 'more-timeline'; readonly form: string }
  | { readonly kind: 'reload'; readonly form: string }

/**
 * The operator changed or added to the open customer file. Fired by
 * `<ringcard-customer>` and the parts inside it; `<ringcard-pop>` sends it to the agent.
 */
export class CustomerActionEvent extends Event {
  static readonly eventName = 'ringcard-customer-action'
  constructor (readonly customerId: number, readonly action: CustomerAction) {
    super(CustomerActionEvent.eventName, init)
  }

  get detail (): { customerId: number; action: CustomerAction } {
    return { customerId: this.customerId, action: this.action }
  }
}

/**
 * The operator typed into the customer search (already debounced); an empty
 * `query` clears the results. `dismissed`: they left the search with Escape.
 * Fired by `<ringcard-search>`.
 */
export class SearchEvent extends Event {
  static readonly eventName = 'ringcard-search'
  constructor (readonly query: string, readonly dismissed = false) {
    super(SearchEvent.eventName, init)
  }

  get detail (): { query: string; dismissed: boolean } {
    return { query: this.query, dismissed: this.dismissed }
  }
}

/** The operator followed a timeline entry's issue link. Fired by `<ringcard-timeline>`; `<ringcard-customer>` shows the issue. */
export class ShowIssueEvent extends Event {
  static readonly eventName = 'ringcard-show-issue'
  constructor (readonly issueId: number) {
    super(ShowIssueEvent.eventName, init)
  }

  get detail (): number {
    return this.issueId
  }
}

/**
 * An admin asked to import a CSV of customers: `map` as `--map` of
 * `npm run import` ('' for none), `dryRun` checks every row and writes
 * nothing. Fired by `<ringcard-import>`; `<ringcard-pop>` uploads it.
 */
export class StartImportEvent extends Event {
  static readonly eventName = 'ringcard-start-import'
  constructor (readonly file: File, readonly map: string, readonly dryRun: boolean) {
    super(StartImportEvent.eventName, init)
  }

  get detail (): { file: File; map: string; dryRun: boolean } {
    return { file: this.file, map: this.map, dryRun: this.dryRun }
  }
}

/** An admin wants every bad row of an import as a CSV file. Fired by `<ringcard-import>`. */
export class ImportReportEvent extends Event {
  static readonly eventName = 'ringcard-import-report'
  constructor (readonly importId: string) {
    super(ImportReportEvent.eventName, init)
  }

  get detail (): string {
    return this.importId
  }
}

/** Every ringcard event by name; they are composed, so host pages see them on `document` too. */
export interface RingcardEventMap {
  'ringcard-open-customer': OpenCustomerEvent
  'ringcard-choose': ChooseEvent
  'ringcard-create-lead': CreateLeadEvent
  'ringcard-outcome': OutcomeEvent
  'ringcard-close': CloseEvent
  'ringcard-customer-action': CustomerActionEvent
  'ringcard-search': SearchEvent
  'ringcard-show-issue': ShowIssueEvent
  'ringcard-start-import': StartImportEvent
  'ringcard-import-report': ImportReportEvent
}

declare global {
  /* eslint-disable @typescript-eslint/no-empty-object-type -- declaration merging adds our events to the DOM's maps */
  interface HTMLElementEventMap extends RingcardEventMap {}
  interface DocumentEventMap extends RingcardEventMap {}
  /* eslint-enable @typescript-eslint/no-empty-object-type */
}
