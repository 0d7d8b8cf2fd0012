import type { Kysely } from 'kysely'
import type { Database } from '../../../schema/database.js'
import type { DuplicateHit, NewContactPerson, NewFileEmail, NewFilePhone } from '../../model/customer-file.js'
import { isStorableId } from '../../store/limits.js'
import { digitsSuffix } from './phone-digits.js'

/** How e-mail addresses are compared: trimmed, lower case. */
export function emailKey (address: string): string {
  return address.trim().toLowerCase()
}

type PartTable = 'customer_phones' | 'customer_emails'

/**
 * The ways to reach a customer: phone numbers and e-mail addresses (one of
 * each primary), and contact persons with their own numbers. Also finds
 * other customers that already hold a number or address. Methods that write
 * several rows must run in a transaction.
 */
export class CustomerPartsRepo {
  readonly #db: Kysely<Database>
  readonly #now: () => Date

  constructor (db: Kysely<Database>, now: () => Date) {
    this.#db = db
    this.#now = now
  }

  /**
   * Adds numbers; one flagged primary (or the first, when the customer has
   * no primary number yet) becomes the primary one. Numbers the customer
   * already has (same E.164) are skipped. Returns how many were added.
   */
  async addPhones (customerId: number, phones: readonly NewFilePhone[]): Promise<number> {
    const existing = new Set((await this.#db.selectFrom('customer_phones').select('e164')
      .where('customer_id', '=', customerId).where('e164', 'is not', null).execute()).map(r => r.e164))
    const fresh = phones.filter((p, i) => p.e164 === null || (!existing.has(p.e164) && phones.findIndex(q => q.e164 === p.e164) === i))
    if (fresh.length === 0) return 0
    const primaryIndex = await this.#primaryIndex('customer_phones', customerId, fresh)
    const rows = await this.#db.insertInto('customer_phones').values(fresh.map(p => ({
      customer_id: customerId,
      raw: p.raw,
      e164: p.e164,
      digits_suffix: digitsSuffix(p.e164 ?? p.raw),
      kind: p.kind,
      country: p.country,
      is_primary: false
    }))).returning('id').execute()
    if (primaryIndex !== null) await this.#makePrimary('customer_phones', customerId, rows[primaryIndex]!.id)
    return rows.length
  }

  /** Replaces every number of the customer. */
  async replacePhones (customerId: number, phones: readonly NewFilePhone[]): Promise<void> {
    await this.#db.deleteFrom('customer_phones').where('customer_id', '=', customerId).execute()
    await this.addPhones(customerId, phones)
  }

  /** Removes one number; the oldest remaining one becomes primary if it was. False when the customer has no such number. */
  async removePhone (customerId: number, phoneId: number): Promise<boolean> {
    return await this.#remove('customer_phones', customerId, phoneId)
  }

  /** Adds addresses (skipping ones the customer has); like {@link addPhones} for the primary one. */
  async addEmails (customerId: number, emails: readonly NewFileEmail[]): Promise<number> {
    const existing = new Set((await this.#db.selectFrom('customer_emails').select('address_key')
      .where('customer_id', '=', customerId).execute()).map(r => r.address_key))
    const fresh = emails.filter((e, i) => !existing.has(emailKey(e.address)) && emails.findIndex(f => emailKey(f.address) === emailKey(e.address)) === i)
    if (fresh.length === 0) return 0
    const primaryIndex = await this.#primaryIndex('customer_emails', customerId, fresh)
    const rows = await this.#db.insertInto('customer_emails').values(fresh.map(e => ({
      customer_id: customerId,
      address: e.address.trim(),
      address_key: emailKey(e.address),
      is_primary: false
    }))).returning('id').execute()
    if (primaryIndex !== null) await this.#makePrimary('customer_emails', customerId, rows[primaryIndex]!.id)
    return rows.length
  }

  async replaceEmails (customerId: number, emails: readonly NewFileEmail[]): Promise<void> {
    await this.#db.deleteFrom('customer_emails').where('customer_id', '=', customerId).execute()
    await this.addEmails(customerId, emails)
  }

  async removeEmail (customerId: number, emailId: number): Promise<boolean> {
    return await this.#remove('customer_emails', customerId, emailId)
  }

  /** Adds a contact person with their numbers; returns their id. */
  async addContactPerson (customerId: number, person: NewContactPerson): Promise<number> {
    const { id } = await this.#db.insertInto('contact_persons')
      .values({ customer_id: customerId, name: person.name, role: person.role, created_at: this.#now().toISOString() })
      .returning('id').executeTakeFirstOrThrow()
    await this.#personPhones(id, person.phones)
    return id
  }

  /** Changes a contact person (`phones` replaces their numbers); false when the customer has no such person. */
  async updateContactPerson (customerId: number, personId: number, change: Partial<NewContactPerson>): Promise<boolean> {
    if (!await this.#owns('contact_persons', customerId, personId)) return false
    if (change.name !== undefined || change.role !== undefined) {
      await this.#db.updateTable('contact_persons').set({ name: change.name, role: change.role }).where('id', '=', personId).execute()
    }
    if (change.phones !== undefined) {
      await this.#db.deleteFrom('contact_person_phones').where('contact_person_id', '=', personId).execute()
      await this.#personPhones(personId, change.phones)
    }
    return true
  }

  async removeContactPerson (customerId: number, personId: number): Promise<boolean> {
    if (!isStorableId(personId)) return false
    const res = await this.#db.deleteFrom('contact_persons').where('id', '=', personId).where('customer_id', '=', customerId).executeTakeFirst()
    return Number(res.numDeletedRows) > 0
  }

  /**
   * Customers other than `except` that already have one of these numbers
   * (same E.164) or addresses (same lower-case form): one hit per customer
   * and field, by customer id.
   */
  async duplicates (e164s: readonly string[], emailKeys: readonly string[], except: number | null): Promise<DuplicateHit[]> {
    const [phones, emails] = await Promise.all([
      e164s.length === 0 ? [] : this.#db.selectFrom('customer_phones').innerJoin('customers', 'customers.id', 'customer_phones.customer_id')
        .select(['customers.id', 'customers.display_name']).where('customer_phones.e164', 'in', [...new Set(e164s)])
        .$if(except !== null, q => q.where('customers.id', '!=', except!)).execute(),
      emailKeys.length === 0 ? [] : this.#db.selectFrom('customer_emails').innerJoin('customers', 'customers.id', 'customer_emails.customer_id')
        .select(['customers.id', 'customers.display_name']).where('customer_emails.address_key', 'in', [...new Set(emailKeys)])
        .$if(except !== null, q => q.where('customers.id', '!=', except!)).execute()
    ])
    const hits = new Map<string, DuplicateHit>()
    for (const [field, rows] of [['phone', phones], ['email', emails]] as const) {
      for (const r of rows) hits.set(`${field}:${r.id}`, { customerId: r.id, displayName: r.display_name, field })
    }
    return [...hits.values()].sort((a, b) => a.customerId - b.customerId || a.field.localeCompare(b.field))
  }

  async #personPhones (personId: number, phones: NewContactPerson['phones']): Promise<void> {
    if (phones.length === 0) return
    await this.#db.insertInto('contact_person_phones')
      .values(phones.map(p => ({ contact_person_id: personId, raw: p.raw, e164: p.e164, kind: p.kind }))).execute()
  }

  /** Which of the new rows becomes primary: the one flagged, else the first when the customer has none. */
  async #primaryIndex (table: PartTable, customerId: number, fresh: ReadonlyArray<{ readonly primary: boolean }>): Promise<number | null> {
    const flagged = fresh.findIndex(x => x.primary)
    if (flagged >= 0) return flagged
    const current = await this.#db.selectFrom(table).select('id').where('customer_id', '=', customerId).where('is_primary', '=', true).executeTakeFirst()
    return current === undefined ? 0 : null
  }

  async #makePrimary (table: PartTable, customerId: number, id: number): Promise<void> {
    // Clear first: a partial unique index allows one primary row per customer at any moment.
    await this.#db.updateTable(table).set({ is_primary: false }).where('customer_id', '=', customerId).where('is_primary', '=', true).execute()
    await this.#db.updateTable(table).set({ is_primary: true }).where('id', '=', id).execute()
  }

  async #remove (table: PartTable, customerId: number, id: number): Promise<boolean> {
    if (!isStorableId(id)) return false
    const row = await this.#db.deleteFrom(table).where('id', '=', id).where('customer_id', '=', customerId)
      .returning('is_primary').executeTakeFirst()
    if (row === undefined) return false
    if (Boolean(row.is_primary)) {
      const next = await this.#db.selectFrom(table).select('id').where('customer_id', '=', customerId).orderBy('id').executeTakeFirst()
      if (next !== undefined) await this.#makePrimary(table, customerId, next.id)
    }
    return true
  }

  async #owns (table: 'contact_persons', customerId: number, id: number): Promise<boolean> {
    if (!isStorableId(id)) return false
    return (await this.#db.selectFrom(table).select('id').where('id', '=', id).where('customer_id', '=', customerId).executeTakeFirst()) !== undefined
  }
}
