/**
 * Who may read and add to a customer's file, as the timeline, issue,
 * purchase and tier use cases ask it. The rule itself (an operator reads the
 * files of customers who called them, whom they own or searched for;
 * supervisors and admins read every file) belongs to the customer file and
 * is plugged in by `app.ts` as a {@link FileAccess}; anyone who may read a
 * file may add to it. Every read is recorded.
 */
import type { Operator } from '../model/operator.js'
import { RingcardError } from '../errors.js'
import type { AuditWriter } from './audit-writer.js'
import { requireStaff } from './operators/role-access.js'

/** The file rule, as these use cases need it. */
export interface FileAccess {
  /**
   * Resolves when `actor` may read (and so add to) the file of `customerId`,
   * who exists; throws a coded error (`RC_ERR_AUTH_FORBIDDEN`, …) otherwise.
   * `customers/customer-access.ts`'s `requireFileAccess` fits.
   */
  requireRead (actor: Operator, customerId: number): Promise<void>
  /** Records that `actor` read a part of the file (`timeline`, `issues`, `purchases`, `tier`). */
  noteRead (actor: Operator, customerId: number, part: string): Promise<void>
}

/**
 * The rule until the customer file brings its own: every person at the desk
 * may read every file; each read is an audit row `<part>.read` on the customer.
 */
export function everyFileForStaff (audit: AuditWriter): FileAccess {
  return {
    requireRead: async (actor) => { requireStaff(actor) },
    noteRead: async (actor, customerId, part) => {
      await audit.write({ actorId: actor.id, action: `${part}.read`, entity: 'customer', entityId: customerId, detail: {} })
    }
  }
}

/**
 * Lets `actor` on the customer's file, or throws: an integration token is
 * `RC_ERR_AUTH_FORBIDDEN`, a missing customer `RC_ERR_CUSTOMER_NOT_FOUND`, a
 * file they may not read whatever {@link FileAccess.requireRead} throws.
 * With `part`, the read is recorded.
 */
export async function requireFile (
  access: FileAccess,
  customers: { exists (id: number): Promise<boolean> },
  actor: Operator,
  customerId: number,
  part?: string
): Promise<void> {
  requireStaff(actor)
  if (!(await customers.exists(customerId))) throw new RingcardError('RC_ERR_CUSTOMER_NOT_FOUND')
  await access.requireRead(actor, customerId)
  if (part !== undefined) await access.noteRead(actor, customerId, part)
}
