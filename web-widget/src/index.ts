/**
 * Entry point of `widget.js`: registers every ringcard element.
 * A host page needs only `<script type="module" src="…/widget.js">` and `<ringcard-pop>`.
 */
import './ringcard-pop.js'
import './ringcard-card.js'
import './ringcard-wrapup.js'
import './ringcard-customer.js'
import './ringcard-search.js'
import './ringcard-import.js'

export { RingcardPop } from './ringcard-pop.js'
export { RingcardCard } from './ringcard-card.js'
export { RingcardWrapup } from './ringcard-wrapup.js'
export { RingcardCustomer } from './ringcard-customer.js'
export { RingcardCustomerFields } from './ringcard-customer-fields.js'
export { RingcardIssues } from './ringcard-issues.js'
export { RingcardPurchases } from './ringcard-purchases.js'
export { RingcardTimeline } from './ringcard-timeline.js'
export { RingcardSearch } from './ringcard-search.js'
export { RingcardImport } from './ringcard-import.js'
export {
  ChooseEvent, CloseEvent, CreateLeadEvent, CustomerActionEvent, ImportReportEvent, OpenCustomerEvent, OutcomeEvent, SearchEvent,
  ShowIssueEvent, StartImportEvent
} from './events.js'
export type { CustomerAction } from './events.js'
