/**
 * A customer's problem, open until someone resolves it.
 * Plain data, no I/O: times are ISO-8601 strings in UTC.
 */
export interface Issue {
  readonly id: number
  readonly customerId: number
  readonly title: string
  readonly status: 'open' | 'resolved'
  readonly openedAt: string
  readonly openedBy: number | null
  readonly resolvedAt: string | null
  readonly resolvedBy: number | null
}
