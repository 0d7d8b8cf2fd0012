/**
 * Entry point of `widget.js`: registers every ringcard element.
 * A host page needs only `<script type="module" src="…/widget.js">` and `<ringcard-pop>`.
 */
import './ringcard-pop.js'
import './ringcard-card.js'
import './ringcard-wrapup.js'
import './ringcard-customer.js'

export { RingcardPop } from './ringcard-pop.js'
export { RingcardCard } from './ringcard-card.js'
export { RingcardWrapup } from './ringcard-wrapup.js'
export { RingcardCustomer } from './ringcard-customer.js'
export { ChooseEvent, CloseEvent, CreateLeadEvent, OpenCustomerEvent, OutcomeEvent } from './events.js'
