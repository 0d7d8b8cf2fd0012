import type { Static } from '@sinclair/typebox'
import type { Frozen } from '../../agent/contracts/common.js'
import type {
  Campaign, CustomerPatch, CustomerPage, DuplicateHit, FileAnswer, GroupBody, GroupWithUse, NewEmailBody, NewPhoneBody
} from '../../agent/contracts/customers.js'
import type { ImportStarted, ImportStatus } from '../../agent/contracts/imports.js'
import type { OperatorList } from '../../agent/contracts/operators.js'
import type { CustomerAnswer, CustomerFile, NewLeadBody, OutcomeBody, OutcomeSaved } from '../../agent/contracts/rest.js'
import type {
  IssueAnswer, IssueList, IssuePatchBody, NewIssueBody, NewPurchaseBody, NewTimelineEntryBody, PurchaseAnswer, PurchaseList,
  TierAnswer, TierOverrideBody, TimelineEntryAdded, TimelinePage
} from '../../agent/contracts/timeline.js'

/** Client-side code for "the request never got an answer" (not an agent error code). */
export const NETWORK_ERROR = 'NETWORK_ERROR'

export interface ApiError {
  /** HTTP status, 0 when the request failed before any response. */
  readonly status: number
  /** `RC_ERR_…` from the agent, or {@link NETWORK_ERROR}. */
  readonly code: string
  readonly message: string
  /** With `RC_ERR_CUSTOMER_DUPLICATE`: the other files that already hold the number or address. */
  readonly duplicates?: readonly DuplicateHit[]
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

/** What `request` sends: JSON text, or a file as it is (an import's CSV). */
interface RequestInput {
  readonly method: string
  readonly body?: string | Blob
  readonly contentType?: string
  readonly headers?: Record<string, string>
}

function duplicatesOf (value: unknown): readonly DuplicateHit[] | undefined {
  return Array.isArray(value) ? value as DuplicateHit[] : undefined
}

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

  addPhone (customerId: number, body: NewPhoneBody): Promise<ApiResult<FileAnswer>> {
    return this.request(`${customerPath(customerId)}/phones`, { method: 'POST', body: JSON.stringify(body) })
  }

  removePhone (customerId: number, phoneId: number): Promise<ApiResult<FileAnswer>> {
    return this.request(`${customerPath(customerId)}/phones/${encodeURIComponent(String(phoneId))}`, { method: 'DELETE' })
  }

  addEmail (customerId: number, body: NewEmailBody): Promise<ApiResult<FileAnswer>> {
    return this.request(`${customerPath(customerId)}/emails`, { method: 'POST', body: JSON.stringify(body) })
  }

  removeEmail (customerId: number, emailId: number): Promise<ApiResult<FileAnswer>> {
    return this.request(`${customerPath(customerId)}/emails/${encodeURIComponent(String(emailId))}`, { method: 'DELETE' })
  }

  /** Sets the tier by hand (supervisors and admins; the agent refuses others). */
  overrideTier (customerId: number, body: TierOverrideBody): Promise<ApiResult<TierAnswer>> {
    return this.request(`${customerPath(customerId)}/tier`, { method: 'PUT', body: JSON.stringify(body) })
  }

  /** Hands the tier back to the rules. */
  clearTier (customerId: number): Promise<ApiResult<TierAnswer>> {
    return this.request(`${customerPath(customerId)}/tier`, { method: 'DELETE' })
  }

  /** The people a customer can be handed to, by name. */
  operators (): Promise<ApiResult<OperatorList>> {
    return this.request('/api/operators', { method: 'GET' })
  }

  campaigns (): Promise<ApiResult<{ readonly campaigns: readonly Campaign[] }>> {
    return this.request('/api/campaigns', { method: 'GET' })
  }

  /** Uploads a CSV of customers (admins); the import runs on in the agent. */
  startImport (csv: Blob, options: { readonly map: string; readonly dryRun: boolean }): Promise<ApiResult<ImportStarted>> {
    const query = new URLSearchParams()
    if (options.map) query.set('map', options.map)
    if (options.dryRun) query.set('dryRun', 'true')
    const search = query.toString() ? `?${query.toString()}` : ''
    return this.request(`/api/imports${search}`, { method: 'POST', body: csv, contentType: 'text/csv' })
  }

  importStatus (importId: string): Promise<ApiResult<ImportStatus>> {
    return this.request(`/api/imports/${encodeURIComponent(importId)}`, { method: 'GET' })
  }

  /** Every bad row of an import, as the CSV file the agent writes. */
  async importReport (importId: string): Promise<ApiResult<Blob>> {
    const response = await this.send(`/api/imports/${encodeURIComponent(importId)}/report.csv`, { method: 'GET', headers: { Accept: 'text/csv' } })
    if (!(response instanceof Response)) return response
    if (response.ok) return { ok: true, value: await response.blob() }
    return await this.failure(response)
  }

  private async send (path: string, init: RequestInput): Promise<Response | { readonly ok: false; readonly error: ApiError }> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Bearer ${this.token}`,
      ...init.headers
    }
    if (init.body !== undefined) headers['Content-Type'] = init.contentType ?? 'application/json'
    try {
      return await this.fetchFn(`${this.baseUrl}${path}`, { method: init.method, headers, body: init.body, credentials: 'omit' })
    } catch {
      return { ok: false, error: { status: 0, code: NETWORK_ERROR, message: 'Could not reach the ringcard server' } }
    }
  }

  private async request<T> (path: string, init: RequestInput): Promise<ApiResult<T>> {
    const response = await this.send(path, init)
    if (!(response instanceof Response)) return response
    if (!response.ok) return await this.failure(response)
    let payload: unknown = null
    try {
      payload = await response.json()
    } catch {
      payload = null
    }
    if (payload !== null) return { ok: true, value: payload as T }
    return { ok: false, error: { status: response.status, code: `HTTP_${response.status}`, message: response.statusText || 'Request failed' } }
  }

  /** The agent's coded error, read defensively (a proxy may have answered instead). */
  private async failure (response: Response): Promise<{ readonly ok: false; readonly error: ApiError }> {
    let payload: unknown = null
    try {
      payload = await response.json()
    } catch {
      payload = null
    }
    const body = record(payload)
    const duplicates = duplicatesOf(body?.duplicates)
    return {
      ok: false,
      error: {
        status: response.status,
        code: typeof body?.code === 'string' ? body.code : `HTTP_${response.status}`,
        message: typeof body?.message === 'string' ? body.message : response.statusText || 'Request failed',
        ...(duplicates ? { duplicates } : {})
      }
    }
  }
}
