import type { Kysely } from 'kysely'
import type { Database } from '../../../schema/database.js'
import type { GroupWithUse } from '../../model/customer-file.js'
import { RingcardError } from '../../errors.js'
import { isStorableId } from '../../store/limits.js'
import { isUniqueViolation } from '../../store/store-error.js'

/** Groups: free tags with a colour (the `tags` table), and which customers are in them. */
export class GroupRepo {
  readonly #db: Kysely<Database>
  readonly #now: () => Date

  constructor (db: Kysely<Database>, now: () => Date) {
    this.#db = db
    this.#now = now
  }

  /** Every group by name, with how many customers are in it. */
  async list (): Promise<GroupWithUse[]> {
    return await this.#select().orderBy('tags.name').orderBy('tags.id').execute().then(rows => rows.map(toGroup))
  }

  async get (id: number): Promise<GroupWithUse | null> {
    if (!isStorableId(id)) return null
    const row = await this.#select().where('tags.id', '=', id).executeTakeFirst()
    return row === undefined ? null : toGroup(row)
  }

  /**
   * Creates a group.
   * @throws RingcardError `RC_ERR_GROUP_EXISTS` when the name is taken.
   */
  async create (name: string, colour: string, actorId: number | null): Promise<GroupWithUse> {
    try {
      const { id } = await this.#db.insertInto('tags')
        .values({ name, colour, created_by: actorId, created_at: this.#now().toISOString() })
        .returning('id').executeTakeFirstOrThrow()
      return (await this.get(id))!
    } catch (err) {
      throw conflictOr(err)
    }
  }

  /**
   * Renames or recolours a group; null when there is none.
   * @throws RingcardError `RC_ERR_GROUP_EXISTS` when the new name is taken.
   */
  async update (id: number, fields: { readonly name?: string; readonly colour?: string }): Promise<GroupWithUse | null> {
    if (!isStorableId(id)) return null
    try {
      const res = await this.#db.updateTable('tags').set({ name: fields.name, colour: fields.colour }).where('id', '=', id).executeTakeFirst()
      if (Number(res.numUpdatedRows) === 0) return null
    } catch (err) {
      throw conflictOr(err)
    }
    return await this.get(id)
  }

  /** Deletes a group (its customers stay); false when there was none. */
  async delete (id: number): Promise<boolean> {
    if (!isStorableId(id)) return false
    const res = await this.#db.deleteFrom('tags').where('id', '=', id).executeTakeFirst()
    return Number(res.numDeletedRows) > 0
  }

  /** Those of `ids` that name no group. */
  async missing (ids: readonly number[]): Promise<number[]> {
    const unique = [...new Set(ids)]
    if (unique.length === 0) return []
    const found = new Set((await this.#db.selectFrom('tags').select('id').where('id', 'in', unique).execute()).map(r => r.id))
    return unique.filter(id => !found.has(id))
  }

  /** Puts a customer in a group; false when they were in it already. */
  async addMember (groupId: number, customerId: number): Promise<boolean> {
    const res = await this.#db.insertInto('customer_tags').values({ customer_id: customerId, tag_id: groupId })
      .onConflict(oc => oc.columns(['customer_id', 'tag_id']).doNothing()).executeTakeFirst()
    return Number(res.numInsertedOrUpdatedRows ?? 0) > 0
  }

  /** Takes a customer out of a group; false when they were not in it. */
  async removeMember (groupId: number, customerId: number): Promise<boolean> {
    const res = await this.#db.deleteFrom('customer_tags').where('tag_id', '=', groupId).where('customer_id', '=', customerId).executeTakeFirst()
    return Number(res.numDeletedRows) > 0
  }

  #select () {
    return this.#db.selectFrom('tags')
      .select(['tags.id', 'tags.name', 'tags.colour', 'tags.created_by', 'tags.created_at'])
      .select(eb => eb.selectFrom('customer_tags').select(e => e.fn.countAll().as('n')).whereRef('customer_tags.tag_id', '=', 'tags.id').as('customers'))
  }
}

function toGroup (row: { id: number; name: string; colour: string; created_by: number | null; created_at: string | null; customers: unknown }): GroupWithUse {
  return { id: row.id, name: row.name, colour: row.colour, createdBy: row.created_by, createdAt: row.created_at, customers: Number(row.customers ?? 0) }
}

function conflictOr (err: unknown): unknown {
  return isUniqueViolation(err) ? new RingcardError('RC_ERR_GROUP_EXISTS', undefined, { cause: err }) : err
}
