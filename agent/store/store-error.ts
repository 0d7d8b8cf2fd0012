/**
 * Coded errors the store throws for problems a client caused (a missing
 * record, a reused idempotency key). Driver errors (connection lost, disk
 * full) are rethrown unchanged and must become a generic 500 upstream.
 */

/** Every code {@link StoreError} can carry, with its HTTP status and default message. */
export const STORE_ERRORS = {
  /** A referenced customer, issue or call does not exist (or the issue belongs to another customer). */
  RC_ERR_STORE_NOT_FOUND: { status: 404, message: 'A referenced record does not exist' },
  /** A unique value is taken: idempotency key used for another call, login/extension/token already assigned. */
  RC_ERR_STORE_CONFLICT: { status: 409, message: 'The write conflicts with an existing record' },
  /** The input contradicts itself, e.g. both `resolveIssueId` and `newIssueTitle`, or an issue without a customer. */
  RC_ERR_STORE_INVALID: { status: 400, message: 'The input is not consistent' },
  /** The database is not reachable (connection refused, pool closed). */
  RC_ERR_STORE_UNAVAILABLE: { status: 503, message: 'The database is not reachable; retry with the same Idempotency-Key' }
} as const satisfies Record<string, { status: number; message: string }>

export type StoreErrorCode = keyof typeof STORE_ERRORS

/** What the error is about, so the API can pick a precise code (customer vs issue not found). */
export type StoreEntity = 'customer' | 'issue' | 'call' | 'operator' | 'idempotency_key' | 'outcome'

/** A store failure with a documented code. `message` is safe to show; `cause` is for logs. */
export class StoreError extends Error {
  override readonly name = 'StoreError'
  readonly code: StoreErrorCode
  readonly statusCode: number
  readonly entity: StoreEntity

  constructor (code: StoreErrorCode, entity: StoreEntity, message?: string, options?: { cause?: unknown }) {
    super(message ?? STORE_ERRORS[code].message, options)
    this.code = code
    this.entity = entity
    this.statusCode = STORE_ERRORS[code].status
  }
}

/**
 * True when a driver error is a unique-constraint violation: SQLSTATE 23505
 * from `pg`, `SQLITE_CONSTRAINT` "UNIQUE constraint failed" from `sqlite3`.
 * Duck-typed so that the store does not need to know which engine it runs on.
 */
export function isUniqueViolation (err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false
  const { code, message } = err as { code?: unknown; message?: unknown }
  if (code === '23505') return true
  return code === 'SQLITE_CONSTRAINT' && typeof message === 'string' && message.includes('UNIQUE')
}
