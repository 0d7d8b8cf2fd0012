/**
 * The purchase use cases: list a customer's purchases with the figures
 * their tier rests on, record a purchase, and record whether one was paid on
 * time. Every write recomputes the customer's tier in the same transaction.
 */
import type { NewPurchaseBody, PurchaseAnswer, PurchaseList, PurchasePatchBody, PurchaseQuery, PurchaseView } from '../../contracts/timeline.js'
import type { Operator } from '../../model/operator.js'
import type { Purchase } from '../../model/purchase.js'
import type { TierState } from '../../model/tier.js'
import { RingcardError } from '../../errors.js'
import type { CrmUnitOfWork } from '../crm-repos.js'
import { requireFile, type FileAccess } from '../file-access.js'
import type { Tiering } from '../tiers/tiering.js'
import { fromMinorUnits, isCurrency, toMinorUnits } from './money.js'

export interface PurchaseDeskDeps {
  readonly uow: CrmUnitOfWork
  readonly access: FileAccess
  readonly tiering: Tiering
  /** Epoch ms: when a purchase without `purchasedAt` happened. */
  readonly now: () => number
}

const DEFAULT_LIMIT = 100

/** A purchase as the API shows it. */
export function purchaseView (p: Purchase, createdByName: string | null): PurchaseView {
  return {
    id: p.id,
    customerId: p.customerId,
    purchasedAt: p.purchasedAt,
    amount: fromMinorUnits(p.amountMinor, p.currency),
    amountMinor: p.amountMinor,
    currency: p.currency,
    product: p.product,
    category: p.category,
    paymentMethod: p.paymentMethod,
    paidOnTime: p.paidOnTime,
    createdByName
  }
}

/** Lists and records a customer's purchases and their payment, for whoever may read the file. */
export class PurchaseDesk {
  readonly #deps: PurchaseDeskDeps

  constructor (deps: PurchaseDeskDeps) {
    this.#deps = deps
  }

  /** @throws RingcardError RC_ERR_CUSTOMER_NOT_FOUND, RC_ERR_AUTH_FORBIDDEN */
  async list (actor: Operator, customerId: number, query: PurchaseQuery): Promise<PurchaseList> {
    const { repos } = this.#deps.uow
    await requireFile(this.#deps.access, repos.customers, actor, customerId, 'purchases')
    const { tiering } = this.#deps
    const [purchases, stats, tier] = await Promise.all([
      repos.purchases.listForCustomer(customerId, query.limit ?? DEFAULT_LIMIT),
      repos.purchases.stats(customerId, tiering.window()),
      repos.tiers.get(customerId)
    ])
    if (tier === null) throw new RingcardError('RC_ERR_CUSTOMER_NOT_FOUND')
    return {
      purchases: purchases.map(p => purchaseView(p, p.createdByName)),
      summary: tiering.summary(stats),
      tier: tiering.view(tier)
    }
  }

  /**
   * Records a purchase and recomputes the customer's tier.
   * @throws RingcardError RC_ERR_PURCHASE_INVALID, RC_ERR_CUSTOMER_NOT_FOUND, RC_ERR_AUTH_FORBIDDEN
   */
  async add (actor: Operator, customerId: number, body: NewPurchaseBody): Promise<PurchaseAnswer> {
    const currency = body.currency.toUpperCase()
    if (!isCurrency(currency)) throw new RingcardError('RC_ERR_PURCHASE_INVALID', `Unknown currency ${currency}`)
    const amountMinor = toMinorUnits(body.amount, currency)
    if (amountMinor === null) throw new RingcardError('RC_ERR_PURCHASE_INVALID', `The amount has more decimals than ${currency} has, or is too large`)
    await requireFile(this.#deps.access, this.#deps.uow.repos.customers, actor, customerId)
    return await this.#deps.uow.run(async (repos) => {
      const purchase = await repos.purchases.add({
        customerId,
        purchasedAt: body.purchasedAt ?? new Date(this.#deps.now()).toISOString(),
        amountMinor,
        currency,
        product: body.product?.trim() || null,
        category: body.category?.trim() || null,
        paymentMethod: body.paymentMethod,
        paidOnTime: body.paidOnTime ?? null,
        createdBy: actor.id
      })
      await repos.audit.write({
        actorId: actor.id,
        action: 'purchase.add',
        entity: 'customer',
        entityId: customerId,
        detail: { purchaseId: purchase.id, currency, paymentMethod: purchase.paymentMethod, paidOnTime: purchase.paidOnTime }
      })
      const tier = await this.#deps.tiering.recompute(repos, customerId, actor.id)
      return { purchase: purchaseView(purchase, actor.displayName), tier: this.#view(tier) }
    })
  }

  /**
   * Records whether a purchase was paid on time and recomputes the customer's tier.
   * @throws RingcardError RC_ERR_PURCHASE_NOT_FOUND, RC_ERR_AUTH_FORBIDDEN
   */
  async setPaidOnTime (actor: Operator, purchaseId: number, body: PurchasePatchBody): Promise<PurchaseAnswer> {
    const found = await this.#deps.uow.repos.purchases.get(purchaseId)
    if (found === null) throw new RingcardError('RC_ERR_PURCHASE_NOT_FOUND')
    await requireFile(this.#deps.access, this.#deps.uow.repos.customers, actor, found.customerId)
    return await this.#deps.uow.run(async (repos) => {
      const purchase = await repos.purchases.setPaidOnTime(purchaseId, body.paidOnTime)
      if (purchase === null) throw new RingcardError('RC_ERR_PURCHASE_NOT_FOUND')
      await repos.audit.write({
        actorId: actor.id,
        action: 'purchase.paid',
        entity: 'customer',
        entityId: purchase.customerId,
        detail: { purchaseId, paidOnTime: body.paidOnTime }
      })
      const tier = await this.#deps.tiering.recompute(repos, purchase.customerId, actor.id)
      const name = purchase.createdBy === null ? null : (await repos.operators.get(purchase.createdBy))?.displayName ?? null
      return { purchase: purchaseView(purchase, name), tier: this.#view(tier) }
    })
  }

  #view (tier: TierState | null): PurchaseAnswer['tier'] {
    if (tier === null) throw new RingcardError('RC_ERR_CUSTOMER_NOT_FOUND')
    return this.#deps.tiering.view(tier)
  }
}
