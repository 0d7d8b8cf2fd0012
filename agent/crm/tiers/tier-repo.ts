import type { Kysely } from 'kysely'
import type { Database } from '../../../schema/database.js'
import type { TierSource, TierState } from '../../model/tier.js'
import { isStorableId } from '../../store/limits.js'

/** A tier to store: the tier (null: none), who set it and why. */
export interface TierWrite {
  readonly tier: string | null
  readonly source: TierSource | null
  readonly reason: string | null
}

/**
 * Where a customer's tier is kept: `customers.tier`, `tier_source`,
 * `tier_reason`, `tier_updated_at`. Writes carry no audit row: the use case
 * that makes them writes it in the same transaction.
 */
export class TierRepo {
  readonly #db: Kysely<Database>
  readonly #now: () => Date

  constructor (db: Kysely<Database>, now: () => Date) {
    this.#db = db
    this.#now = now
  }

  /** A customer's tier; null when the customer does not exist. */
  async get (customerId: number): Promise<TierState | null> {
    if (!isStorableId(customerId)) return null
    const row = await this.#db.selectFrom('customers')
      .select(['id', 'tier', 'tier_source', 'tier_reason', 'tier_updated_at'])
      .where('id', '=', customerId).executeTakeFirst()
    return row === undefined ? null : toState(row)
  }

  /**
   * Reads a customer's tier and, inside a transaction, holds their row until
   * it ends (a write to itself: a lock on PostgreSQL, where `FOR UPDATE` would
   * be the usual spelling but SQLite has none; SQLite has one writer anyway).
   * Two purchases recorded at once then recompute one after the other, each
   * seeing the other's purchase. Null when the customer does not exist.
   */
  async lock (customerId: number): Promise<TierState | null> {
    if (!isStorableId(customerId)) return null
    const row = await this.#db.updateTable('customers')
      .set(eb => ({ tier_updated_at: eb.ref('tier_updated_at') }))
      .where('id', '=', customerId)
      .returning(['id', 'tier', 'tier_source', 'tier_reason', 'tier_updated_at'])
      .executeTakeFirst()
    return row === undefined ? null : toState(row)
  }

  /**
   * Writes a tier if the customer's tier fields are still as `seen` (its
   * `updatedAt`): a nightly run that read them before an operator changed
   * them leaves the operator's change alone.
   * @returns the new state, or null when the row changed meanwhile (or is gone).
   */
  async write (seen: Pick<TierState, 'customerId' | 'updatedAt'>, next: TierWrite): Promise<TierState | null> {
    const row = await this.#db.updateTable('customers')
      .set({ tier: next.tier, tier_source: next.source, tier_reason: next.reason, tier_updated_at: this.#now().toISOString() })
      .where('id', '=', seen.customerId)
      .where('tier_updated_at', seen.updatedAt === null ? 'is' : '=', seen.updatedAt)
      .returning(['id', 'tier', 'tier_source', 'tier_reason', 'tier_updated_at'])
      .executeTakeFirst()
    return row === undefined ? null : toState(row)
  }

  /**
   * Up to `limit` customers whose tier came from `source`, with ids above
   * `afterId`, by id (the nightly run's pages; `customers_tier_source_idx`).
   */
  async pageBySource (source: TierSource, afterId: number, limit: number): Promise<TierState[]> {
    const rows = await this.#db.selectFrom('customers')
      .select(['id', 'tier', 'tier_source', 'tier_reason', 'tier_updated_at'])
      .where('tier_source', '=', source).where('id', '>', afterId).orderBy('id').limit(limit).execute()
    return rows.map(toState)
  }

  /** The tiers of the customers among `ids` that exist. */
  async getMany (ids: readonly number[]): Promise<TierState[]> {
    const wanted = ids.filter(isStorableId)
    if (wanted.length === 0) return []
    const rows = await this.#db.selectFrom('customers')
      .select(['id', 'tier', 'tier_source', 'tier_reason', 'tier_updated_at'])
      .where('id', 'in', wanted).orderBy('id').execute()
    return rows.map(toState)
  }
}

function toState (row: { id: number; tier: string | null; tier_source: TierSource | null; tier_reason: string | null; tier_updated_at: string | null }): TierState {
  return { customerId: row.id, tier: row.tier, source: row.tier_source, reason: row.tier_reason, updatedAt: row.tier_updated_at }
}
