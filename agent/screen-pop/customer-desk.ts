/**
 * The customer use cases the operator reaches from a pop: create a lead from
 * an unknown caller (and file the call on it), and open a customer's file.
 * The file itself (fields, who may read it, duplicates, audit) is the CRM's
 * (`crm/customers/customer-files.ts`); this adds the call and the card.
 */
import type { Logger } from 'pino'
import type { CreatedCustomer, CustomerFile, NewCustomerBody } from '../contracts/customers.js'
import type { CallMatch } from '../contracts/ws.js'
import type { CustomerFiles } from '../crm/customers/customer-files.js'
import { formatInternational } from '../crm/customers/phone-number.js'
import type { LiveCalls } from '../live/live-calls.js'
import type { Operator } from '../model/operator.js'
import { requireStaff } from '../crm/operators/role-access.js'
import { RingcardError } from '../errors.js'
import { mayWorkOn } from './call-access.js'
import type { CallMatches } from './call-matches.js'
import type { CardBuilder } from './card-builder.js'

export interface CustomerDeskDeps {
  readonly live: LiveCalls
  readonly matches: CallMatches
  /** Creates and reads files, deciding who may. */
  readonly files: Pick<CustomerFiles, 'create' | 'read'>
  readonly cards: Pick<CardBuilder, 'customerCard' | 'history'>
  readonly logger: Logger
}

export class CustomerDesk {
  readonly #deps: CustomerDeskDeps

  constructor (deps: CustomerDeskDeps) {
    this.#deps = deps
  }

  /**
   * Creates a customer (by default a lead owned by the operator). With a
   * `callId`, the call is filed on it; only someone who may work on that call
   * may do that, and the check comes first, so a refused request creates nothing.
   * @throws RingcardError RC_ERR_AUTH_FORBIDDEN, RC_ERR_CALL_NOT_FOUND, and what
   *   {@link CustomerFiles.create} throws (RC_ERR_PHONE_INVALID, RC_ERR_CUSTOMER_DUPLICATE …)
   */
  async createLead (actor: Operator, body: NewCustomerBody): Promise<CreatedCustomer> {
    requireStaff(actor)
    const entry = body.callId === undefined ? undefined : this.#deps.live.get(body.callId)
    if (body.callId !== undefined && (entry === undefined || !mayWorkOn(entry.call, actor))) {
      throw new RingcardError('RC_ERR_CALL_NOT_FOUND')
    }
    const file = await this.#deps.files.create(actor, body, { action: (body.stage ?? 'lead') === 'lead' ? 'lead.create' : 'customer.create' })
    this.#deps.logger.info({ customerId: file.id, operatorId: actor.id }, 'lead created')
    const card = await this.#deps.cards.customerCard(file.id, 'exact', entry === undefined ? '' : 'created from this call')
    if (card === null) throw new RingcardError('RC_ERR_INTERNAL')
    if (entry !== undefined) {
      const phone = file.phones.find(p => p.primary)
      const number = phone === undefined ? entry.call.remote.number ?? undefined : phone.e164 === null ? phone.raw : formatInternational(phone.e164)
      const match: CallMatch = { kind: 'customer', card, number }
      // A live call keeps this match for its later changes; an ended one only needs live state's copy.
      if (entry.call.state !== 'ended') this.#deps.matches.set(entry.call, match)
      this.#deps.live.setMatch(entry.call.id, match)
    }
    return { customer: card, file }
  }

  /**
   * A customer's file, opened on purpose (no match line to explain): the
   * card, the last contacts and every field. The read is audited.
   * @throws RingcardError RC_ERR_AUTH_FORBIDDEN, RC_ERR_CUSTOMER_NOT_FOUND, RC_ERR_CUSTOMER_FORBIDDEN
   */
  async openFile (actor: Operator, customerId: number): Promise<CustomerFile> {
    const file = await this.#deps.files.read(actor, customerId)
    const card = await this.#deps.cards.customerCard(customerId, 'exact', '')
    if (card === null) throw new RingcardError('RC_ERR_CUSTOMER_NOT_FOUND')
    return { customer: card, contacts: await this.#deps.cards.history(customerId, 50), file }
  }
}
