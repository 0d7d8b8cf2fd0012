import type { CustomerAnswer, CustomerFile, NewLeadBody, OutcomeBody, OutcomeSaved } from '../../agent/contracts/rest.js'

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
    return this.request(`/api/customers/${encodeURIComponent(String(customerId))}`, { method: 'GET' })
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
