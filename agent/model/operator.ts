/**
 * Operators: who signs in, with which role, at which extensions.
 * Plain data, no I/O: times are ISO-8601 strings in UTC.
 */
export type Role = 'operator' | 'supervisor' | 'admin'

export interface Operator {
  readonly id: number
  readonly login: string
  readonly displayName: string
  readonly role: Role
  /** Extensions whose calls this operator sees. */
  readonly extensions: readonly string[]
}

/** A new operator account. The token is hashed (SHA-256) before it is stored. */
export interface NewOperatorInput {
  readonly login: string
  readonly displayName: string
  readonly role: Role
  readonly extensions: readonly string[]
  /** Bearer token in clear; only its hash is kept. */
  readonly token: string
}
