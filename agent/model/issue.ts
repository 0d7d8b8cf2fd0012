/**
 * A customer's problem, open until someone resolves it.
 * Plain data, no I/O: times are ISO-8601 strings in UTC.
 */
export interface Issue {
  readonly id: number
  readonly customerId: number
  readonly title: string
  /** What the problem is, in more words than the title; null when none was given. */
  readonly description: string | null
  readonly status: 'open' | 'resolved'
  readonly openedAt: string
  readonly openedBy: number | null
  readonly resolvedAt: string | null
  readonly resolvedBy: number | null
}
