/**
 * The customer use cases the operator reaches from a pop: create a lead from
 * an unknown caller (and file the call on it), and open a customer's file.
 */
import type { CountryCode } from 'libphonenumber-js'
import type { Logger } from 'pino'
import type { CustomerFile, NewLeadBody } from '../contracts/rest.js'
import type { CallMatch, CustomerCard } from '../contracts/ws.js'
import { normalizePhone } from '../crm/customers/phone-number.js'
import type { LiveCalls } from '../live/live-calls.js'
import type { Customer, NewLeadInput } from '../model/customer.js'
import type { Operator } from '../model/operator.js'
import { RingcardError } from '../errors.js'
import { mayWorkOn } from './call-access.js'
import type { CallMatches } from './call-matches.js'
import type { CardBuilder } from './card-builder.js'

/** The write a lead needs. */
export interface LeadStore {
  /** Creates the customer with an audit row. */
  createLead (input: NewLeadInput, actorId: number): Promise<Customer>
}

export interface CustomerDeskDeps {
  readonly live: LiveCalls
  readonly matches: CallMatches
  readonly store: LeadStore
  readonly cards: Pick<CardBuilder, 'customerCard' | 'history'>
  readonly defaultCountry: CountryCode
  readonly logger: Logger
}

export class CustomerDesk {
  readonly #deps: CustomerDeskDeps

  constructor (deps: CustomerDeskDeps) {
    this.#deps = deps
  }

  /**
   * Creates a lead owned by the operator. With a `callId`, the call is filed
   * on the lead; only someone who may work on that call may do that, and the
   * check comes first, so a refused request creates nothing.
   * @throws RingcardError RC_ERR_PHONE_INVALID, RC_ERR_CALL_NOT_FOUND
   */
  async createLead (actor: Operator, body: NewLeadBody): Promise<CustomerCard> {
    const entry = body.callId === undefined ? undefined : this.#deps.live.get(body.callId)
    if (body.callId !== undefined && (entry === undefined || !mayWorkOn(entry.call, actor))) {
      throw new RingcardError('RC_ERR_CALL_NOT_FOUND')
    }
    const phone = normalizePhone(body.phone, this.#deps.defaultCountry)
    if (phone.kind !== 'number') throw new RingcardError('RC_ERR_PHONE_INVALID')
    const customer = await this.#deps.store.createLead({
      displayName: body.displayName.trim(),
      honorific: body.honorific?.trim() || null,
      company: body.company?.trim() || null,
      phoneRaw: body.phone.trim(),
      phoneE164: phone.e164,
      sourceCampaign: body.sourceCampaign?.trim() || null,
      ownerId: actor.id,
      stage: 'lead',
      tier: null,
      language: null,
      notes: null,
      tags: []
    }, actor.id)
    this.#deps.logger.info({ customerId: customer.id, operatorId: actor.id }, 'lead created')
    const card = await this.#deps.cards.customerCard(customer.id, 'exact', 'created from this call')
    if (card === null) throw new RingcardError('RC_ERR_INTERNAL')
    if (entry !== undefined) {
      const match: CallMatch = { kind: 'customer', card, number: phone.display }
      // A live call keeps this match for its later changes; an ended one only needs live state's copy.
      if (entry.call.state !== 'ended') this.#deps.matches.set(entry.call, match)
      this.#deps.live.setMatch(entry.call.id, match)
    }
    return card
  }

  /**
   * A customer's file, opened on purpose (no match line to explain).
   * @throws RingcardError RC_ERR_CUSTOMER_NOT_FOUND
   */
  async openFile (_actor: Operator, customerId: number): Promise<CustomerFile> {
    const card = await this.#deps.cards.customerCard(customerId, 'exact', '')
    if (card === null) throw new RingcardError('RC_ERR_CUSTOMER_NOT_FOUND')
    return { customer: card, contacts: await this.#deps.cards.history(customerId, 50) }
  }
}
