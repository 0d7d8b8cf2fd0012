import type { Static } from '@sinclair/typebox'
import type { Frozen } from '../../agent/contracts/common.js'
import type {
  CustomerPatch, CustomerPage, FileAnswer, GroupBody, GroupWithUse
} from '../../agent/contracts/customers.js'
import type { CustomerAnswer, CustomerFile, NewLeadBody, OutcomeBody, OutcomeSaved } from '../../agent/contracts/rest.js'
import type {
  IssueAnswer, IssueList, IssuePatchBody, NewIssueBody, NewPurchaseBody, NewTimelineEntryBody, PurchaseAnswer, PurchaseList,
  TimelineEntryAdded, TimelinePage
} from '../../agent/contracts/timeline.js'

/** Client-side code for "the request never got an answer" (not an agent error code). */
export const NETWORK_ERROR = 'NETWORK_ERROR'

export interface ApiError {
  /** HTTP status, 0 when the request failed before any response. */
  readonly status: number
  /** `RC_ERR_…` from the agent, or {@link NETWORK_ERROR}. */
  readonly code: string
  readonly message: string
}

export type ApiResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError }

/** A group as `GET /api/groups` lists it (the contract exports the schema only). */
export type GroupView = Frozen<Static<typeof GroupWithUse>>
/** One row of a customer list or search. */
export type CustomerSummary = CustomerPage['customers'][number]

function customerPath (customerId: number): string {
  return `/api/customers/${encodeURIComponent(String(customerId))}`
}

type Fetch = (input: string, init: RequestInit) => Promise<Response>

function record (value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null ? { ...value } : null
}

/**
 * The agent's REST API as `<ringcard-pop>` uses it. Every request carries the
 * operator's bearer token. Bodies are trusted to match the agent's schemas;
 * error bodies are read defensively because a proxy may answer instead.
 */
export class ApiClient {
  constructor (
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly fetchFn: Fetch = (input, init) => fetch(input, init)
  ) {}

  saveOutcome (callId: string, body: OutcomeBody, idempotencyKey: string): Promise<ApiResult<OutcomeSaved>> {
    return this.request(`/api/calls/${encodeURIComponent(callId)}/outcome`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'Idempotency-Key': idempotencyKey }
    })
  }

  /** Tells the agent which candidate of a chooser is calling, so the call is filed on them. */
  chooseCustomer (callId: string, customerId: number): Promise<ApiResult<CustomerAnswer>> {
    return this.request(`/api/calls/${encodeURIComponent(callId)}/customer`, { method: 'PUT', body: JSON.stringify({ customerId }) })
  }

  createLead (body: NewLeadBody): Promise<ApiResult<CustomerAnswer>> {
    return this.request('/api/customers', { method: 'POST', body: JSON.stringify(body) })
  }

  customerFile (customerId: number): Promise<ApiResult<CustomerFile>> {
    return this.request(customerPath(customerId), { method: 'GET' })
  }

  /** Type-ahead search by name, number, e-mail or company (`q=`); the agent folds ي/ی, ك/ک and ZWNJ. */
  searchCustomers (q: string, limit: number): Promise<ApiResult<CustomerPage>> {
    return this.request(`/api/customers?${new URLSearchParams({ q, limit: String(limit) }).toString()}`, { method: 'GET' })
  }

  updateCustomer (customerId: number, patch: CustomerPatch): Promise<ApiResult<FileAnswer>> {
    return this.request(customerPath(customerId), { method: 'PATCH', body: JSON.stringify(patch) })
  }

  timeline (customerId: number, before: string | null, limit: number): Promise<ApiResult<TimelinePage>> {
    const query = new URLSearchParams({ limit: String(limit) })
    if (before !== null) query.set('before', before)
    return this.request(`${customerPath(customerId)}/timeline?${query.toString()}`, { method: 'GET' })
  }

  addTimelineEntry (customerId: number, body: NewTimelineEntryBody): Promise<ApiResult<TimelineEntryAdded>> {
    return this.request(`${customerPath(customerId)}/timeline`, { method: 'POST', body: JSON.stringify(body) })
  }

  issues (customerId: number): Promise<ApiResult<IssueList>> {
    return this.request(`${customerPath(customerId)}/issues?status=all`, { method: 'GET' })
  }

  openIssue (customerId: number, body: NewIssueBody): Promise<ApiResult<IssueAnswer>> {
    return this.request(`${customerPath(customerId)}/issues`, { method: 'POST', body: JSON.stringify(body) })
  }

  updateIssue (issueId: number, body: IssuePatchBody): Promise<ApiResult<IssueAnswer>> {
    return this.request(`/api/issues/${encodeURIComponent(String(issueId))}`, { method: 'PATCH', body: JSON.stringify(body) })
  }

  purchases (customerId: number, limit: number): Promise<ApiResult<PurchaseList>> {
    return this.request(`${customerPath(customerId)}/purchases?limit=${limit}`, { method: 'GET' })
  }

  addPurchase (customerId: number, body: NewPurchaseBody): Promise<ApiResult<PurchaseAnswer>> {
    return this.request(`${customerPath(customerId)}/purchases`, { method: 'POST', body: JSON.stringify(body) })
  }

  groups (): Promise<ApiResult<{ readonly groups: readonly GroupView[] }>> {
    return this.request('/api/groups', { method: 'GET' })
  }

  createGroup (body: GroupBody): Promise<ApiResult<{ readonly group: GroupView }>> {
    return this.request('/api/groups', { method: 'POST', body: JSON.stringify(body) })
  }

  /** Puts the customer into the group (`member`) or takes them out. */
  setGroupMember (customerId: number, groupId: number, member: boolean): Promise<ApiResult<FileAnswer>> {
    return this.request(`${customerPath(customerId)}/groups/${encodeURIComponent(String(groupId))}`, { method: member ? 'PUT' : 'DELETE' })
  }

  private async request<T> (path: string, init: { method: string; body?: string; headers?: Record<string, string> }): Promise<ApiResult<T>> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Bearer ${this.token}`,
      ...init.headers
    }
    if (init.body !== undefined) headers['Content-Type'] = 'application/json'
    let response: Response
    try {
      response = await this.fetchFn(`${this.baseUrl}${path}`, { method: init.method, headers, body: init.body, credentials: 'omit' })
    } catch {
      return { ok: false, error: { status: 0, code: NETWORK_ERROR, message: 'Could not reach the ringcard server' } }
    }
    let payload: unknown = null
    try {
      payload = await response.json()
    } catch {
      payload = null
    }
    if (response.ok && payload !== null) return { ok: true, value: payload as T }
    const body = record(payload)
    return {
      ok: false,
      error: {
        status: response.status,
        code: typeof body?.code === 'string' ? body.code : `HTTP_${response.status}`,
        message: typeof body?.message === 'string' ? body.message : response.statusText || 'Request failed'
      }
    }
  }
}
