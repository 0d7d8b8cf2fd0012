import type { Kysely } from 'kysely'
import type { Database } from '../../../schema/database.js'
import { SUFFIX_DIGITS, digitsSuffix } from './phone-digits.js'
import type { Customer, NewCustomerInput, NewLeadInput, PhoneHit } from '../../model/customer.js'
import { writeAudit } from '../../store/audit-log.js'
import { isStorableId } from '../../store/limits.js'
import { inTransaction } from '../../store/unit-of-work.js'
import { CampaignRepo } from '../campaigns/campaign-repo.js'
import { CustomerSearchRepo } from './customer-search-repo.js'

/** Most rows a suffix lookup returns; a caller match never shows more than a handful. */
const MAX_SUFFIX_HITS = 50

/**
 * Customers with their phones and tags. Methods run on whatever `db` is
 * given: the root handle, or a transaction handle from a unit of work.
 */
export class CustomerRepo {
  readonly #db: Kysely<Database>
  readonly #now: () => Date

  constructor (db: Kysely<Database>, now: () => Date) {
    this.#db = db
    this.#now = now
  }

  /** A customer with phones, tags (sorted) and the owner's name; null when there is none. */
  async get (id: number): Promise<Customer | null> {
    if (!isStorableId(id)) return null
    const row = await this.#db.selectFrom('customers')
      .leftJoin('operators', 'operators.id', 'customers.owner_id')
      .leftJoin('campaigns', 'campaigns.id', 'customers.campaign_id')
      .selectAll('customers')
      .select(['operators.display_name as owner_name', 'campaigns.name as campaign_name'])
      .where('customers.id', '=', id)
      .executeTakeFirst()
    if (row === undefined) return null
    const [phones, tags] = await Promise.all([
      this.#db.selectFrom('customer_phones').select(['id', 'raw', 'e164', 'kind'])
        .where('customer_id', '=', id).orderBy('id').execute(),
      this.#db.selectFrom('customer_tags').innerJoin('tags', 'tags.id', 'customer_tags.tag_id')
        .select('tags.name').where('customer_tags.customer_id', '=', id).orderBy('tags.name').execute()
    ])
    return {
      id: row.id,
      displayName: row.display_name,
      honorific: row.honorific,
      company: row.company,
      stage: row.stage,
      sourceCampaign: row.campaign_name,
      ownerId: row.owner_id,
      ownerName: row.owner_name,
      tier: row.tier,
      birthday: row.birthday,
      language: row.language,
      notes: row.notes,
      tags: tags.map(t => t.name),
      phones: phones.map(p => ({ id: p.id, raw: p.raw, e164: p.e164, kind: p.kind })),
      createdAt: row.created_at
    }
  }

  async exists (id: number): Promise<boolean> {
    if (!isStorableId(id)) return false
    const row = await this.#db.selectFrom('customers').select('id').where('id', '=', id).executeTakeFirst()
    return row !== undefined
  }

  /** Phone rows whose E.164 form is one of `e164s`. */
  async findPhonesByE164 (e164s: readonly string[]): Promise<PhoneHit[]> {
    if (e164s.length === 0) return []
    return await this.#db.selectFrom('customer_phones')
      .select(['customer_id as customerId', 'raw', 'e164', 'country'])
      .where('e164', 'in', [...e164s])
      .orderBy('customer_id').orderBy('id')
      .execute()
  }

  /**
   * Phone rows whose number ends in `suffix` (ASCII digits; anything else is
   * ignored). Exactly 8 digits uses the index; more digits narrow the indexed
   * hits; fewer digits scan the suffix column (slow on big tables).
   * `unreadOnly`: only rows stored without an E.164 form (legacy imports).
   */
  async findPhonesBySuffix (suffix: string, opts: { unreadOnly?: boolean } = {}): Promise<PhoneHit[]> {
    const digits = suffix.replace(/\D/g, '')
    if (digits.length === 0) return []
    let query = this.#db.selectFrom('customer_phones')
      .select(['customer_id as customerId', 'raw', 'e164', 'country'])
      .orderBy('customer_id').orderBy('id')
      .limit(MAX_SUFFIX_HITS)
    if (opts.unreadOnly === true) query = query.where('e164', 'is', null)
    query = digits.length >= SUFFIX_DIGITS
      ? query.where('digits_suffix', '=', digits.slice(-SUFFIX_DIGITS))
      : query.where('digits_suffix', 'like', `%${digits}`)
    const rows = await query.execute()
    if (digits.length <= SUFFIX_DIGITS) return rows
    return rows.filter(r => digitsSuffix(r.e164 ?? r.raw, digits.length) === digits)
  }

  /** Creates a customer (usually stage `lead`) from an unknown caller's number, with an audit row. */
  async createLead (input: NewLeadInput, actorId: number): Promise<Customer> {
    const { phoneRaw, phoneE164, ...rest } = input
    return await this.#create({
      ...rest,
      birthday: null,
      phones: [{ raw: phoneRaw, e164: phoneE164, kind: 'other' }]
    }, actorId, 'lead.create')
  }

  /** Creates a customer with every field (imports, demo seeding), with an audit row. */
  async create (input: NewCustomerInput, actorId: number | null = null): Promise<Customer> {
    return await this.#create(input, actorId, 'customer.create')
  }

  /**
   * Inserts a customer with phones and tags, without an audit row; returns the
   * new id. The first phone is the primary one; a campaign named by
   * `sourceCampaign` is created when new; the funnel starts at `stage`.
   * Run it in a transaction: it writes to several tables.
   */
  async insert (input: NewCustomerInput): Promise<number> {
    const at = this.#now().toISOString()
    const campaignId = input.campaignId
      ?? (input.sourceCampaign === null ? null : await new CampaignRepo(this.#db, this.#now).idForName(input.sourceCampaign))
    const { id } = await this.#db.insertInto('customers').values({
      display_name: input.displayName,
      honorific: input.honorific,
      company: input.company,
      stage: input.stage,
      campaign_id: campaignId,
      owner_id: input.ownerId,
      tier: input.tier,
      birthday: input.birthday,
      language: input.language,
      notes: input.notes,
      created_by: input.createdBy ?? null,
      updated_by: input.createdBy ?? null,
      created_at: at,
      updated_at: at
    }).returning('id').executeTakeFirstOrThrow()
    if (input.phones.length > 0) {
      await this.#db.insertInto('customer_phones').values(input.phones.map((p, i) => ({
        customer_id: id,
        raw: p.raw,
        e164: p.e164,
        digits_suffix: digitsSuffix(p.e164 ?? p.raw),
        kind: p.kind,
        country: p.country ?? null,
        is_primary: i === 0
      }))).execute()
    }
    await this.#tag(id, input.tags)
    await this.#db.insertInto('stage_changes')
      .values({ customer_id: id, from_stage: null, to_stage: input.stage, at, operator_id: input.createdBy ?? null }).execute()
    await new CustomerSearchRepo(this.#db).reindex([id])
    return id
  }

  async count (): Promise<number> {
    const { n } = await this.#db.selectFrom('customers')
      .select(eb => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
    return Number(n)
  }

  async #create (input: NewCustomerInput, actorId: number | null, action: string): Promise<Customer> {
    const id = await inTransaction(this.#db, async (trx) => {
      const id = await new CustomerRepo(trx, this.#now).insert({ ...input, createdBy: input.createdBy ?? actorId })
      await writeAudit(trx, this.#now().toISOString(), {
        actorId,
        action,
        entity: 'customer',
        entityId: id,
        // No names or numbers: the audit log is read by people who need not see them.
        detail: { stage: input.stage, phones: input.phones.length, sourceCampaign: input.sourceCampaign }
      })
      return id
    })
    const customer = await this.get(id)
    if (customer === null) throw new Error(`customer ${id} vanished after insert`)
    return customer
  }

  async #tag (customerId: number, names: readonly string[]): Promise<void> {
    const unique = [...new Set(names.map(n => n.trim()).filter(n => n !== ''))]
    if (unique.length === 0) return
    await this.#db.insertInto('tags').values(unique.map(name => ({ name })))
      .onConflict(oc => oc.column('name').doNothing()).execute()
    const tags = await this.#db.selectFrom('tags').select('id').where('name', 'in', unique).execute()
    await this.#db.insertInto('customer_tags').values(tags.map(t => ({ customer_id: customerId, tag_id: t.id })))
      .onConflict(oc => oc.columns(['customer_id', 'tag_id']).doNothing()).execute()
  }
}
