import type { Kysely } from 'kysely'
import type { Database } from '../../../schema/database.js'
import { SUFFIX_DIGITS, digitsSuffix } from './phone-digits.js'
import type { Customer, NewCustomerInput, NewLeadInput, PhoneHit } from '../../model/customer.js'
import { writeAudit } from '../../store/audit-log.js'
import { isStorableId } from '../../store/limits.js'
import { inTransaction } from '../../store/unit-of-work.js'

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
      .selectAll('customers')
      .select('operators.display_name as owner_name')
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
      sourceCampaign: row.source_campaign,
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
      .select(['customer_id as customerId', 'raw', 'e164'])
      .where('e164', 'in', [...e164s])
      .orderBy('customer_id').orderBy('id')
      .execute()
  }

  /**
   * Phone rows whose number ends in `suffix` (ASCII digits; anything else is
   * ignored). Exactly 8 digits uses the index; more digits narrow the indexed
   * hits; fewer digits scan the suffix column (slow on big tables).
   */
  async findPhonesBySuffix (suffix: string): Promise<PhoneHit[]> {
    const digits = suffix.replace(/\D/g, '')
    if (digits.length === 0) return []
    let query = this.#db.selectFrom('customer_phones')
      .select(['customer_id as customerId', 'raw', 'e164'])
      .orderBy('customer_id').orderBy('id')
      .limit(MAX_SUFFIX_HITS)
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
   * new id. Run it in a transaction: it writes to four tables.
   */
  async insert (input: NewCustomerInput): Promise<number> {
    const at = this.#now().toISOString()
    const { id } = await this.#db.insertInto('customers').values({
      display_name: input.displayName,
      honorific: input.honorific,
      company: input.company,
      stage: input.stage,
      source_campaign: input.sourceCampaign,
      owner_id: input.ownerId,
      tier: input.tier,
      birthday: input.birthday,
      language: input.language,
      notes: input.notes,
      created_at: at,
      updated_at: at
    }).returning('id').executeTakeFirstOrThrow()
    if (input.phones.length > 0) {
      await this.#db.insertInto('customer_phones').values(input.phones.map(p => ({
        customer_id: id,
        raw: p.raw,
        e164: p.e164,
        digits_suffix: digitsSuffix(p.e164 ?? p.raw),
        kind: p.kind
      }))).execute()
    }
    await this.#tag(id, input.tags)
    return id
  }

  async count (): Promise<number> {
    const { n } = await this.#db.selectFrom('customers')
      .select(eb => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
    return Number(n)
  }

  async #create (input: NewCustomerInput, actorId: number | null, action: string): Promise<Customer> {
    const id = await inTransaction(this.#db, async (trx) => {
      const id = await new CustomerRepo(trx, this.#now).insert(input)
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
