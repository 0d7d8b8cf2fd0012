import type { NewLeadBody, OutcomeBody } from '../../agent/contracts/rest.js'

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

/** Every ringcard event by name; they are composed, so host pages see them on `document` too. */
export interface RingcardEventMap {
  'ringcard-open-customer': OpenCustomerEvent
  'ringcard-choose': ChooseEvent
  'ringcard-create-lead': CreateLeadEvent
  'ringcard-outcome': OutcomeEvent
  'ringcard-close': CloseEvent
}

declare global {
  /* eslint-disable @typescript-eslint/no-empty-object-type -- declaration merging adds our events to the DOM's maps */
  interface HTMLElementEventMap extends RingcardEventMap {}
  interface DocumentEventMap extends RingcardEventMap {}
  /* eslint-enable @typescript-eslint/no-empty-object-type */
}
