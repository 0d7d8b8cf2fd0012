/**
 * The chooser's memory: per caller number (E.164), the customer an operator
 * last picked from several matches (or confirmed from a possible match),
 * who picked and when. The matcher offers that customer first next time.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../../schema/database.js'
import { writeAudit } from '../../store/audit-log.js'
import { inTransaction } from '../../store/unit-of-work.js'
import type { PickMemory, RememberedPick } from './customer-matcher.js'

/** A pick to remember. */
export interface CallerPick {
  /** The caller's number, E.164. */
  readonly e164: string
  readonly customerId: number
  /** The operator who picked. */
  readonly pickedBy: number
}

export class CallerPickRepo implements PickMemory {
  readonly #db: Kysely<Database>
  readonly #now: () => Date

  constructor (db: Kysely<Database>, now: () => Date) {
    this.#db = db
    this.#now = now
  }

  /** Stores the pick for the number, replacing an older one, with an audit row (no number in it). */
  async remember (pick: CallerPick): Promise<void> {
    const at = this.#now().toISOString()
    await inTransaction(this.#db, async (trx) => {
      await trx.insertInto('caller_picks')
        .values({ e164: pick.e164, customer_id: pick.customerId, picked_by: pick.pickedBy, picked_at: at })
        .onConflict(oc => oc.column('e164').doUpdateSet({ customer_id: pick.customerId, picked_by: pick.pickedBy, picked_at: at }))
        .execute()
      await writeAudit(trx, at, { actorId: pick.pickedBy, action: 'caller.pick', entity: 'customer', entityId: pick.customerId, detail: {} })
    })
  }

  /** The last pick for the number with the picker's name, or null. */
  async lastPick (e164: string): Promise<RememberedPick | null> {
    const row = await this.#db.selectFrom('caller_picks')
      .leftJoin('operators', 'operators.id', 'caller_picks.picked_by')
      .select(['caller_picks.customer_id as customerId', 'operators.display_name as pickedByName'])
      .where('caller_picks.e164', '=', e164)
      .executeTakeFirst()
    return row ?? null
  }
}
