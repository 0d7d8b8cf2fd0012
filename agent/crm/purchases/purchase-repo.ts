import type { Kysely, Selectable } from 'kysely'
import type { Database, PurchasesTable } from '../../../schema/database.js'
import type { NewPurchaseInput, Purchase, PurchaseStats, PurchaseWithOperator } from '../../model/purchase.js'
import { isStorableId } from '../../store/limits.js'

/** Purchases in a window of time: after `since`, up to and including `until` (ISO-8601 UTC). */
export interface PurchaseWindow {
  readonly since: string
  readonly until: string
  /** The currency the volume is summed in. */
  readonly currency: string
}

/**
 * A customer's purchases and how they were paid. Writes carry no audit row:
 * the use case that makes them writes it in the same transaction.
 */
export class PurchaseRepo {
  readonly #db: Kysely<Database>
  readonly #now: () => Date

  constructor (db: Kysely<Database>, now: () => Date) {
    this.#db = db
    this.#now = now
  }

  async add (input: NewPurchaseInput): Promise<Purchase> {
    const at = this.#now().toISOString()
    const row = await this.#db.insertInto('purchases').values({
      customer_id: input.customerId,
      // Re-serialized so that text order is time order.
      purchased_at: new Date(input.purchasedAt).toISOString(),
      amount_minor: input.amountMinor,
      currency: input.currency,
      product: input.product,
      category: input.category,
      payment_method: input.paymentMethod,
      paid_on_time: input.paidOnTime,
      created_by: input.createdBy,
      created_at: at,
      updated_at: at
    }).returningAll().executeTakeFirstOrThrow()
    return toPurchase(row)
  }

  async get (id: number): Promise<Purchase | null> {
    if (!isStorableId(id)) return null
    const row = await this.#db.selectFrom('purchases').selectAll().where('id', '=', id).executeTakeFirst()
    return row === undefined ? null : toPurchase(row)
  }

  /** Records whether a purchase was paid on time (null: unknown again). */
  async setPaidOnTime (id: number, paidOnTime: boolean | null): Promise<Purchase | null> {
    if (!isStorableId(id)) return null
    const row = await this.#db.updateTable('purchases')
      .set({ paid_on_time: paidOnTime, updated_at: this.#now().toISOString() })
      .where('id', '=', id).returningAll().executeTakeFirst()
    return row === undefined ? null : toPurchase(row)
  }

  /** A customer's purchases, latest first, with the name of who recorded each. */
  async listForCustomer (customerId: number, limit: number): Promise<PurchaseWithOperator[]> {
    if (!isStorableId(customerId)) return []
    const rows = await this.#db.selectFrom('purchases')
      .leftJoin('operators', 'operators.id', 'purchases.created_by')
      .selectAll('purchases')
      .select('operators.display_name as created_by_name')
      .where('purchases.customer_id', '=', customerId)
      .orderBy('purchases.purchased_at', 'desc').orderBy('purchases.id', 'desc')
      .limit(Math.max(0, Math.trunc(limit)))
      .execute()
    return rows.map(r => ({ ...toPurchase(r), createdByName: r.created_by_name }))
  }

  /**
   * Up to `limit` customers with a purchase in the window, ids above
   * `afterId`, by id (walks `purchases_customer_time_idx` in order).
   */
  async buyers (window: PurchaseWindow, afterId: number, limit: number): Promise<number[]> {
    const rows = await this.#db.selectFrom('purchases').select('customer_id').distinct()
      .where('customer_id', '>', afterId)
      .where('purchased_at', '>', window.since)
      .where('purchased_at', '<=', window.until)
      .orderBy('customer_id').limit(limit).execute()
    return rows.map(r => r.customer_id)
  }

  /** One customer's figures over a window. */
  async stats (customerId: number, window: PurchaseWindow): Promise<PurchaseStats> {
    return (await this.statsFor([customerId], window)).get(customerId) ?? emptyStats(window.currency)
  }

  /**
   * The figures of several customers over one window (the nightly run asks
   * for a batch at a time). Customers without purchases in it are absent.
   */
  async statsFor (customerIds: readonly number[], window: PurchaseWindow): Promise<Map<number, PurchaseStats>> {
    const ids = customerIds.filter(isStorableId)
    const out = new Map<number, PurchaseStats>()
    if (ids.length === 0) return out
    const rows = await this.#db.selectFrom('purchases')
      .select(eb => [
        'customer_id',
        eb.fn.countAll().as('count'),
        eb.fn.sum<number | string | null>(eb.case().when('currency', '=', window.currency).then(eb.ref('amount_minor')).else(0).end()).as('volume'),
        eb.fn.sum<number | string | null>(eb.case().when('paid_on_time', 'is not', null).then(1).else(0).end()).as('rated'),
        eb.fn.sum<number | string | null>(eb.case().when('paid_on_time', '=', true).then(1).else(0).end()).as('on_time')
      ])
      .where('customer_id', 'in', ids)
      .where('purchased_at', '>', window.since)
      .where('purchased_at', '<=', window.until)
      .groupBy('customer_id')
      .execute()
    for (const r of rows) {
      out.set(r.customer_id, {
        volumeMinor: Number(r.volume ?? 0),
        currency: window.currency,
        count: Number(r.count),
        rated: Number(r.rated ?? 0),
        onTime: Number(r.on_time ?? 0)
      })
    }
    return out
  }
}

/** The figures of a customer without purchases. */
export function emptyStats (currency: string): PurchaseStats {
  return { volumeMinor: 0, currency, count: 0, rated: 0, onTime: 0 }
}

/** Row to record: `pg` reads bigint as text, SQLite booleans as 0/1. */
function toPurchase (row: Selectable<PurchasesTable>): Purchase {
  return {
    id: row.id,
    customerId: row.customer_id,
    purchasedAt: row.purchased_at,
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    product: row.product,
    category: row.category,
    paymentMethod: row.payment_method,
    paidOnTime: row.paid_on_time === null ? null : Boolean(row.paid_on_time),
    createdBy: row.created_by,
    createdAt: row.created_at
  }
}
