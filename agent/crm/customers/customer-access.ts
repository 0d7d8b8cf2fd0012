/**
 * Who sees which customer file, written once. The use cases of the file
 * (`./customer-files.ts`), of groups and campaigns ask here:
 *
 * | role        | reads files                                   | merges, deletes, reads the audit log |
 * |-------------|-----------------------------------------------|--------------------------------------|
 * | admin       | every one                                     | yes                                  |
 * | supervisor  | every one                                     | no                                   |
 * | operator    | customers who called them or rang their phone | no                                   |
 * |             | (now or before), whom they own or created,    |                                      |
 * |             | or that they found in a list or acted on      |                                      |
 * | integration | none (the caller lookup only)                 | no                                   |
 *
 * Whoever may read a file may change it, except its owner: an operator may
 * only claim a customer nobody owns or hand over one of their own.
 */
import type { Operator } from '../../model/operator.js'
import { RingcardError } from '../../errors.js'
import { hasRole, requireRole, requireStaff } from '../operators/role-access.js'

/** Supervisors and admins read every file. */
export function readsEveryFile (actor: Pick<Operator, 'role'>): boolean {
  return hasRole(actor, ['supervisor', 'admin'])
}

/**
 * Only admins merge and delete customers, export everything and read the audit log.
 * @throws RingcardError RC_ERR_AUTH_FORBIDDEN
 */
export function requireAdmin (actor: Pick<Operator, 'role'>): void {
  requireRole(actor, ['admin'])
}

/**
 * Supervisors and admins manage campaigns and everyone's groups.
 * @throws RingcardError RC_ERR_AUTH_FORBIDDEN
 */
export function requireManager (actor: Pick<Operator, 'role'>): void {
  requireRole(actor, ['supervisor', 'admin'])
}

/** Whether `actor` may manage something `createdBy` made (a group): its creator, supervisors and admins. */
export function mayManage (actor: Pick<Operator, 'id' | 'role'>, createdBy: number | null): boolean {
  return readsEveryFile(actor) || (createdBy !== null && createdBy === actor.id)
}

/**
 * Whether `actor` may make `to` the owner of a customer owned by `from`:
 * supervisors and admins always; an operator only to claim an unowned
 * customer for themselves, or to hand over one they own.
 */
export function mayChangeOwner (actor: Pick<Operator, 'id' | 'role'>, from: number | null, to: number | null): boolean {
  if (readsEveryFile(actor)) return true
  if (from === null) return to === actor.id
  return from === actor.id
}

/** The facts an operator's file access depends on, looked up only when the role alone does not decide. */
export interface FileRelations {
  /** The operator owns, created, called or was called by the customer, or found or acted on the file before. */
  relatesTo (customerId: number, actor: Operator): Promise<boolean>
  /** A call that rings or rang the operator (still held live) pops this customer. */
  poppedTo (actor: Operator, customerId: number): boolean
}

/**
 * Refuses `actor` the file of `customerId` unless the table above lets them read it.
 * @throws RingcardError RC_ERR_AUTH_FORBIDDEN (integration tokens), RC_ERR_CUSTOMER_FORBIDDEN
 */
export async function requireFileAccess (actor: Operator, customerId: number, relations: FileRelations): Promise<void> {
  requireStaff(actor)
  if (readsEveryFile(actor)) return
  if (relations.poppedTo(actor, customerId)) return
  if (await relations.relatesTo(customerId, actor)) return
  throw new RingcardError('RC_ERR_CUSTOMER_FORBIDDEN')
}
