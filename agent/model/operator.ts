/**
 * Operators: who signs in, with which role, at which extensions.
 * Plain data, no I/O: times are ISO-8601 strings in UTC.
 */
import { DEFAULT_PBX_ID, isPbxId } from './pbx.js'

/**
 * What an account may do. `operator`, `supervisor` and `admin` are people
 * at the desk; `integration` is a machine (Asterisk's dialplan, another
 * system) whose token may look callers up (`GET /api/lookup`) and do nothing else.
 */
export type Role = 'operator' | 'supervisor' | 'admin' | 'integration'

/** The roles of people at the desk: every use case but the caller lookup is theirs alone. */
export const STAFF_ROLES: readonly Role[] = ['operator', 'supervisor', 'admin']

/** Every role, in the order the operators CLI lists them. */
export const ROLES: readonly Role[] = [...STAFF_ROLES, 'integration']

/** An extension on one PBX: `1001` on `default` and `1001` on `pbx2` are different phones. */
export interface ExtensionRef {
  readonly pbxId: string
  readonly extension: string
}

export interface Operator {
  readonly id: number
  readonly login: string
  readonly displayName: string
  readonly role: Role
  /** The default PBX's extensions whose calls this operator sees, as bare numbers (a subset of {@link endpoints}). */
  readonly extensions: readonly string[]
  /** Every extension whose calls this operator sees, on any PBX. Match calls against these. */
  readonly endpoints: readonly ExtensionRef[]
}

/** A new operator account. The token is hashed (SHA-256) before it is stored. */
export interface NewOperatorInput {
  readonly login: string
  readonly displayName: string
  readonly role: Role
  /** Extensions on the default PBX. */
  readonly extensions: readonly string[]
  /** Extensions on any PBX, in addition to {@link extensions}. */
  readonly endpoints?: readonly ExtensionRef[]
  /** Bearer token in clear; only its hash is kept. */
  readonly token: string
}

/** True when `extension` on PBX `pbxId` is one of the operator's. */
export function hasEndpoint (operator: Pick<Operator, 'endpoints'>, pbxId: string, extension: string): boolean {
  return operator.endpoints.some(e => e.pbxId === pbxId && e.extension === extension)
}

/** The default PBX's extensions as endpoints. */
export function defaultEndpoints (extensions: readonly string[]): ExtensionRef[] {
  return extensions.map(extension => ({ pbxId: DEFAULT_PBX_ID, extension }))
}

/** Extensions (dialable digits, `*`, `#`) as operators are given them. */
const EXTENSION = /^[0-9*#]{1,20}$/

/**
 * Reads `1001` (the default PBX) or `pbx2/1001`; null when either part is
 * not a valid PBX id or extension.
 */
export function parseExtensionRef (text: string): ExtensionRef | null {
  const slash = text.indexOf('/')
  const pbxId = slash < 0 ? DEFAULT_PBX_ID : text.slice(0, slash).trim()
  const extension = (slash < 0 ? text : text.slice(slash + 1)).trim()
  return isPbxId(pbxId) && EXTENSION.test(extension) ? { pbxId, extension } : null
}

/** The inverse of {@link parseExtensionRef}: bare for the default PBX, `pbx2/1001` otherwise. */
export function formatExtensionRef (ref: ExtensionRef): string {
  return ref.pbxId === DEFAULT_PBX_ID ? ref.extension : `${ref.pbxId}/${ref.extension}`
}
