import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { ApiClient, ApiError, CustomerSummary } from './api-client.js'

/** Results asked for per search: a type-ahead, not a list view. */
export const SEARCH_LIMIT = 8
/** Shorter queries are not sent. */
export const SEARCH_MIN_CHARS = 2

/** What the search box shows under the input. */
export type SearchState =
  | { readonly state: 'idle' }
  | { readonly state: 'searching'; readonly query: string }
  | { readonly state: 'done'; readonly query: string; readonly results: readonly CustomerSummary[]; readonly more: boolean }
  | { readonly state: 'error'; readonly query: string; readonly code: string; readonly message: string }

export const SEARCH_IDLE: SearchState = { state: 'idle' }

/**
 * The customer search of `<ringcard-pop>`: one `GET /api/customers?q=` per
 * (debounced) query; an answer to a query the operator has typed past is dropped.
 */
export class CustomerSearchController implements ReactiveController {
  #state: SearchState = SEARCH_IDLE
  #asked = 0

  constructor (
    private readonly host: ReactiveControllerHost,
    private readonly deps: {
      readonly api: () => ApiClient | null
      readonly authLost: (error: ApiError) => boolean
      /** Every listed customer's owner, so the file can offer them when handing over. */
      readonly onResults?: (results: readonly CustomerSummary[]) => void
    }
  ) {
    host.addController(this)
  }

  hostConnected (): void { /* searches start on request */ }

  get state (): SearchState {
    return this.#state
  }

  clear (): void {
    this.#asked += 1
    this.#set(SEARCH_IDLE)
  }

  async search (raw: string): Promise<void> {
    const query = raw.trim()
    const api = this.deps.api()
    if (!api || [...query].length < SEARCH_MIN_CHARS) {
      this.clear()
      return
    }
    const asked = ++this.#asked
    this.#set({ state: 'searching', query })
    const result = await api.searchCustomers(query, SEARCH_LIMIT)
    if (asked !== this.#asked) return
    if (result.ok) {
      this.deps.onResults?.(result.value.customers)
      this.#set({ state: 'done', query, results: result.value.customers, more: result.value.next !== null })
    } else if (this.deps.authLost(result.error)) {
      this.#set(SEARCH_IDLE)
    } else {
      this.#set({ state: 'error', query, code: result.error.code, message: result.error.message })
    }
  }

  #set (state: SearchState): void {
    this.#state = state
    this.host.requestUpdate()
  }
}
