/**
 * Turns "who is calling" into what the operator sees: a customer card, a
 * chooser, an unknown-caller card or a withheld notice. One lookup per call
 * and number; the result is cached for the life of the call so a ring-all to
 * five operators costs one query, not five.
 */
import type { RemoteParty } from '../model/call.js'
import type { CustomerMatcher, MatchResult } from '../crm/customers/customer-matcher.js'
import type { CustomerRepo } from '../crm/customers/customer-repo.js'
import type { InteractionRepo } from '../crm/interactions/interaction-repo.js'
import type { IssueRepo } from '../crm/issues/issue-repo.js'
import type { Customer } from '../model/customer.js'
import type { InteractionWithOperator } from '../model/interaction.js'
import type { CallMatch, CardContact, CustomerCard, MatchConfidence } from '../contracts/ws.js'
import { previewCard } from './possible-match.js'
import type { TierCardFacts } from '../crm/tiers/tiering.js'
import { systemTimeZone } from '../model/zoned-time.js'
import { isBirthdayToday } from './birthday.js'

export interface CardBuilderOptions {
  /** How many past contacts a card shows. */
  readonly lastContacts?: number
  /** Disposition code → label, for the contact history. */
  readonly dispositionLabels: ReadonlyMap<string, string>
  /** The tier's reason and the purchase volume (`Tiering` fits); without it the card shows neither. */
  readonly tiers?: { cardFacts (customerId: number): Promise<TierCardFacts> }
  /** Epoch ms, for "birthday today". */
  readonly now?: () => number
  /** IANA zone whose "today" the birthday is checked against; default the system's. */
  readonly timeZone?: string
}

const NO_TIER_FACTS: TierCardFacts = { tierWhy: null, purchaseVolume: null }

/** The greeting line: "Ms Doe" when an honorific is known, else the full name. */
export function salutation (customer: Pick<Customer, 'displayName' | 'honorific'>): string {
  const name = customer.displayName.trim()
  if (customer.honorific === null || customer.honorific.trim() === '') return name
  const parts = name.split(/\s+/)
  return `${customer.honorific.trim()} ${parts[parts.length - 1] ?? name}`
}

/** The reads a card needs; `CrmRepos` fits. */
export interface CardSource {
  readonly customers: Pick<CustomerRepo, 'get'>
  readonly issues: Pick<IssueRepo, 'listOpen'>
  readonly interactions: Pick<InteractionRepo, 'listForCustomer'>
}

export class CardBuilder {
  readonly #repos: CardSource
  readonly #matcher: CustomerMatcher
  readonly #lastContacts: number
  readonly #labels: ReadonlyMap<string, string>
  readonly #opts: CardBuilderOptions

  constructor (repos: CardSource, matcher: CustomerMatcher, opts: CardBuilderOptions) {
    this.#repos = repos
    this.#matcher = matcher
    this.#lastContacts = opts.lastContacts ?? 5
    this.#labels = opts.dispositionLabels
    this.#opts = opts
  }

  /**
   * Resolves the pop content for a remote party.
   * @throws when the database fails; {@link CallMatches} turns that into an "unknown" pop.
   */
  async matchRemote (remote: RemoteParty): Promise<CallMatch> {
    if (remote.withheld) return { kind: 'withheld', reason: 'withheld' }
    if (remote.number === null) return { kind: 'withheld', reason: 'absent' }
    return await this.lookup(remote.number)
  }

  private async lookup (number: string): Promise<CallMatch> {
    const result: MatchResult = await this.#matcher.match(number)
    const e164 = result.number?.kind === 'number' ? result.number.e164 : null
    const display = result.number?.kind === 'number' ? result.number.display : number
    switch (result.kind) {
      case 'none':
        // `anonymous`, `private` …: the caller chose not to show it.
        return { kind: 'withheld', reason: /^\s*(<unknown>|unknown)?\s*$/i.test(number) ? 'absent' : 'withheld' }
      case 'internal':
      case 'invalid':
      case 'implausible':
      case 'unknown':
        return { kind: 'unknown', number: display, e164 }
      case 'matched':
      case 'possible': {
        const cards = (await Promise.all(result.candidates.map(c => this.customerCard(c.customerId, c.confidence, c.why))))
          .filter((c): c is CustomerCard => c !== null)
        if (cards.length === 0 || e164 === null) return { kind: 'unknown', number: display, e164 }
        // Only the operator may turn a possible match into the customer's card.
        if (result.kind === 'possible') return { kind: 'possible', candidates: cards.map(previewCard), number: display, e164 }
        if (cards.length === 1) return { kind: 'customer', card: cards[0]!, number: display }
        return { kind: 'choose', candidates: cards, number: display, e164 }
      }
    }
  }

  /** Builds the card for one customer, or null when the customer does not exist. */
  async customerCard (customerId: number, confidence: MatchConfidence, why: string): Promise<CustomerCard | null> {
    const [customer, issues, contacts, tierFacts] = await Promise.all([
      this.#repos.customers.get(customerId),
      this.#repos.issues.listOpen(customerId),
      this.#repos.interactions.listForCustomer(customerId, this.#lastContacts),
      this.#opts.tiers?.cardFacts(customerId) ?? NO_TIER_FACTS
    ])
    if (customer === null) return null
    return {
      customerId: customer.id,
      displayName: customer.displayName,
      salutation: salutation(customer),
      honorific: customer.honorific,
      company: customer.company,
      stage: customer.stage,
      tier: customer.tier,
      tierWhy: customer.tier === null ? null : tierFacts.tierWhy,
      purchaseVolume: tierFacts.purchaseVolume,
      birthdayToday: isBirthdayToday(customer.birthday, (this.#opts.now ?? Date.now)(), this.#opts.timeZone ?? systemTimeZone()),
      groups: customer.tags,
      ownerName: customer.ownerName,
      sourceCampaign: customer.sourceCampaign,
      language: customer.language,
      openIssues: issues.map(i => ({ id: i.id, title: i.title, openedAt: i.openedAt })),
      lastContacts: contacts.map(c => this.contact(c)),
      confidence,
      why
    }
  }

  /** The full contact history of a customer, newest first. */
  async history (customerId: number, limit: number): Promise<CardContact[]> {
    return (await this.#repos.interactions.listForCustomer(customerId, limit)).map(c => this.contact(c))
  }

  private contact (c: InteractionWithOperator): CardContact {
    return {
      id: c.id,
      kind: c.kind,
      direction: c.direction,
      occurredAt: c.occurredAt,
      callResult: c.callResult,
      disposition: c.disposition === null ? null : (this.#labels.get(c.disposition) ?? c.disposition),
      note: c.note,
      resolved: c.resolved,
      operatorName: c.operatorName ?? null
    }
  }
}
