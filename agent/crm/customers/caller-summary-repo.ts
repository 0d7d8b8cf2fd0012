/**
 * What a caller lookup tells about a candidate: name, tier and the owner's
 * extension, read in one query for all candidates.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../../schema/database.js'
import { DEFAULT_PBX_ID } from '../../model/pbx.js'

/** What a lookup tells about one candidate. */
export interface CallerSummary {
  readonly id: number
  readonly displayName: string
  readonly tier: string | null
  /** The owner's extension on the default PBX (the lowest, when they have several). */
  readonly ownerExtension: string | null
}

/** The one read a lookup needs besides the matcher. */
export interface CallerSummaries {
  summaries (ids: readonly number[]): Promise<CallerSummary[]>
}

/** Name, tier and owner's extension of customers, in one query. */
export class CallerSummaryRepo implements CallerSummaries {
  readonly #db: Kysely<Database>

  constructor (db: Kysely<Database>) {
    this.#db = db
  }

  async summaries (ids: readonly number[]): Promise<CallerSummary[]> {
    if (ids.length === 0) return []
    const rows = await this.#db.selectFrom('customers')
      .select(eb => [
        'customers.id', 'customers.display_name', 'customers.tier',
        eb.selectFrom('operator_extensions')
          .select(e => e.fn.min('operator_extensions.extension').as('extension'))
          .whereRef('operator_extensions.operator_id', '=', 'customers.owner_id')
          .where('operator_extensions.pbx_id', '=', DEFAULT_PBX_ID)
          .as('owner_extension')
      ])
      .where('customers.id', 'in', [...ids])
      .execute()
    return rows.map(r => ({ id: r.id, displayName: r.display_name, tier: r.tier, ownerExtension: r.owner_extension ?? null }))
  }
}
