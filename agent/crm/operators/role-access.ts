/**
 * Who may do what, by role, written once. Every use case starts with one of
 * these checks: the desk's use cases (calls, wrap-up, customers…) with
 * {@link requireStaff}, the caller lookup with {@link LOOKUP_ROLES}. So an
 * `integration` token (Asterisk's dialplan) can look callers up and nothing
 * else, whichever route it reaches; the HTTP edge refuses it on every other
 * route too, and the WebSocket hub at sign-in, before any use case runs.
 */
import { ROLES, STAFF_ROLES, type Operator, type Role } from '../../model/operator.js'
import { RingcardError } from '../../errors.js'

/** Who may call `GET /api/lookup`: integrations, and every person at the desk. */
export const LOOKUP_ROLES: readonly Role[] = ROLES

/** True when the account's role is one of `allowed`. */
export function hasRole (actor: Pick<Operator, 'role'>, allowed: readonly Role[]): boolean {
  return allowed.includes(actor.role)
}

/**
 * Refuses an actor whose role is not one of `allowed`.
 * @throws RingcardError RC_ERR_AUTH_FORBIDDEN (403)
 */
export function requireRole (actor: Pick<Operator, 'role'>, allowed: readonly Role[]): void {
  if (!hasRole(actor, allowed)) throw new RingcardError('RC_ERR_AUTH_FORBIDDEN')
}

/**
 * Refuses anyone who is not a person at the desk (an integration token).
 * @throws RingcardError RC_ERR_AUTH_FORBIDDEN (403)
 */
export function requireStaff (actor: Pick<Operator, 'role'>): void {
  requireRole(actor, STAFF_ROLES)
}
