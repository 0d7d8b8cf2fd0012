import type { Kysely, Selectable, Updateable } from 'kysely'
import type { CampaignsTable, Database } from '../../../schema/database.js'
import type { Campaign } from '../../model/customer-file.js'
import { isStorableId } from '../../store/limits.js'
import { isUniqueViolation } from '../../store/store-error.js'
import { RingcardError } from '../../errors.js'

/** The fields of a campaign a client sets. */
export type CampaignFields = Omit<Campaign, 'id' | 'createdAt'>

/** Where customers come from: name, channel, start, end and cost. */
export class CampaignRepo {
  readonly #db: Kysely<Database>
  readonly #now: () => Date

  constructor (db: Kysely<Database>, now: () => Date) {
    this.#db = db
    this.#now = now
  }

  /** Every campaign, newest first. */
  async list (): Promise<Campaign[]> {
    const rows = await this.#db.selectFrom('campaigns').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').execute()
    return rows.map(toCampaign)
  }

  async get (id: number): Promise<Campaign | null> {
    if (!isStorableId(id)) return null
    const row = await this.#db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst()
    return row === undefined ? null : toCampaign(row)
  }

  /**
   * Creates a campaign.
   * @throws RingcardError `RC_ERR_CAMPAIGN_EXISTS` when the name is taken.
   */
  async create (fields: CampaignFields): Promise<Campaign> {
    try {
      const row = await this.#db.insertInto('campaigns').values({
        name: fields.name,
        channel: fields.channel,
        starts_on: fields.startsOn,
        ends_on: fields.endsOn,
        cost_minor: fields.costMinor,
        currency: fields.currency,
        created_at: this.#now().toISOString()
      }).returningAll().executeTakeFirstOrThrow()
      return toCampaign(row)
    } catch (err) {
      throw conflictOr(err)
    }
  }

  /**
   * Changes some fields; null when there is no such campaign.
   * @throws RingcardError `RC_ERR_CAMPAIGN_EXISTS` when the new name is taken.
   */
  async update (id: number, fields: Partial<CampaignFields>): Promise<Campaign | null> {
    if (!isStorableId(id)) return null
    try {
      const row = await this.#db.updateTable('campaigns').set(toRow(fields)).where('id', '=', id).returningAll().executeTakeFirst()
      return row === undefined ? null : toCampaign(row)
    } catch (err) {
      throw conflictOr(err)
    }
  }

  /** Deletes a campaign (its customers keep none); false when there was none. */
  async delete (id: number): Promise<boolean> {
    if (!isStorableId(id)) return false
    const res = await this.#db.deleteFrom('campaigns').where('id', '=', id).executeTakeFirst()
    return Number(res.numDeletedRows) > 0
  }

  /**
   * The id of the campaign called `name`, created (with nothing but its name)
   * when there is none yet: a lead's free-text source becomes a campaign.
   */
  async idForName (name: string): Promise<number> {
    await this.#db.insertInto('campaigns').values({ name, created_at: this.#now().toISOString() })
      .onConflict(oc => oc.column('name').doNothing()).execute()
    const row = await this.#db.selectFrom('campaigns').select('id').where('name', '=', name).executeTakeFirstOrThrow()
    return row.id
  }
}

function toRow (fields: Partial<CampaignFields>): Updateable<CampaignsTable> {
  return {
    name: fields.name,
    channel: fields.channel,
    starts_on: fields.startsOn,
    ends_on: fields.endsOn,
    cost_minor: fields.costMinor,
    currency: fields.currency
  }
}

function conflictOr (err: unknown): unknown {
  return isUniqueViolation(err) ? new RingcardError('RC_ERR_CAMPAIGN_EXISTS', undefined, { cause: err }) : err
}

function toCampaign (row: Selectable<CampaignsTable>): Campaign {
  return {
    id: row.id,
    name: row.name,
    channel: row.channel,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    costMinor: row.cost_minor === null ? null : Number(row.cost_minor),
    currency: row.currency,
    createdAt: row.created_at
  }
}
