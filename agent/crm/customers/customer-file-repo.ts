import type { Kysely, Updateable } from 'kysely'
import type { CustomersTable, Database } from '../../../schema/database.js'
import type { Stage } from '../../model/customer.js'
import type {
  CustomerChanges, CustomerRecord, CustomerSummary, FilePhone, Group, NewCustomerFile, OperatorRef, StageChange
} from '../../model/customer-file.js'
import { isStorableId } from '../../store/limits.js'
import { CustomerRepo } from './customer-repo.js'
import { CustomerPartsRepo } from './customer-parts-repo.js'
import { mergeCustomers, type MergeCounts } from './customer-merge.js'
import { CustomerSearchRepo } from './customer-search-repo.js'

/** A position in the name-ordered list: the last row of the previous page. */
export interface ListPosition {
  readonly name: string
  readonly id: number
}

/** What {@link CustomerFileRepo.list} filters on; every given field narrows. */
export interface ListFilter {
  readonly groupId?: number
  readonly tier?: string
  readonly stage?: Stage
  readonly ownerId?: number
  readonly campaignId?: number
  /** Only these customers (a page a search found: `CustomerSearchRepo.page`). */
  readonly ids?: readonly number[]
  /** Rows after this one (by name, then id). */
  readonly after?: ListPosition
  readonly limit: number
}

/** What an update changed, for the audit row and the funnel. */
export interface FileChange {
  /** Names of the fields whose value changed (camelCase, as in the API). */
  readonly fields: readonly string[]
  readonly stage: { readonly from: Stage; readonly to: Stage } | null
  readonly owner: { readonly from: number | null; readonly to: number | null } | null
}

/** Who an operator is, as far as "did this customer deal with them" goes. */
export interface Acquaintance {
  readonly id: number
  /** Extensions on the default PBX (call records keep the extension, not its PBX). */
  readonly extensions: readonly string[]
}

const FIELD_COLUMNS = {
  displayName: 'display_name',
  honorific: 'honorific',
  givenName: 'given_name',
  familyName: 'family_name',
  company: 'company',
  birthday: 'birthday',
  language: 'language',
  address: 'address',
  city: 'city',
  notes: 'notes',
  ownerId: 'owner_id',
  campaignId: 'campaign_id',
  stage: 'stage'
} as const satisfies Record<string, keyof CustomersTable>

/** Fields whose words the search index holds. */
const SEARCHED_FIELDS: ReadonlySet<string> = new Set(['displayName', 'givenName', 'familyName', 'company'])

/**
 * The customer file: a customer row with every field, read together with
 * its numbers, e-mails, contact persons, groups, campaign and funnel history;
 * changes to its own fields; the list by name; and who has dealt with it.
 * Numbers, e-mails and contact persons are written by {@link CustomerPartsRepo}.
 */
export class CustomerFileRepo {
  readonly #db: Kysely<Database>
  readonly #now: () => Date

  constructor (db: Kysely<Database>, now: () => Date) {
    this.#db = db
    this.#now = now
  }

  /** The whole file; null when there is no such customer. */
  async get (id: number): Promise<CustomerRecord | null> {
    if (!isStorableId(id)) return null
    const row = await this.#db.selectFrom('customers')
      .leftJoin('campaigns', 'campaigns.id', 'customers.campaign_id')
      .selectAll('customers')
      .select(['campaigns.name as campaign_name', 'campaigns.channel as campaign_channel'])
      .where('customers.id', '=', id)
      .executeTakeFirst()
    if (row === undefined) return null
    const [phones, emails, persons, personPhones, groups, stages] = await Promise.all([
      this.#db.selectFrom('customer_phones').select(['id', 'raw', 'e164', 'kind', 'country', 'is_primary'])
        .where('customer_id', '=', id).orderBy('id').execute(),
      this.#db.selectFrom('customer_emails').select(['id', 'address', 'is_primary'])
        .where('customer_id', '=', id).orderBy('id').execute(),
      this.#db.selectFrom('contact_persons').select(['id', 'name', 'role'])
        .where('customer_id', '=', id).orderBy('id').execute(),
      this.#db.selectFrom('contact_person_phones')
        .innerJoin('contact_persons', 'contact_persons.id', 'contact_person_phones.contact_person_id')
        .select(['contact_person_phones.id', 'contact_person_phones.contact_person_id', 'contact_person_phones.raw',
          'contact_person_phones.e164', 'contact_person_phones.kind'])
        .where('contact_persons.customer_id', '=', id).orderBy('contact_person_phones.id').execute(),
      this.#groupsOf([id]),
      this.#db.selectFrom('stage_changes').select(['from_stage', 'to_stage', 'at', 'operator_id'])
        .where('customer_id', '=', id).orderBy('at').orderBy('id').execute()
    ])
    const operators = await this.#operatorRefs([
      row.owner_id, row.created_by, row.updated_by, ...stages.map(s => s.operator_id)
    ])
    const ref = (opId: number | null): OperatorRef | null => opId === null ? null : operators.get(opId) ?? null
    return {
      id: row.id,
      displayName: row.display_name,
      honorific: row.honorific,
      givenName: row.given_name,
      familyName: row.family_name,
      company: row.company,
      contactPersons: persons.map(p => ({
        id: p.id,
        name: p.name,
        role: p.role,
        phones: personPhones.filter(ph => ph.contact_person_id === p.id).map(ph => ({ id: ph.id, raw: ph.raw, e164: ph.e164, kind: ph.kind }))
      })),
      phones: withOnePrimary(phones.map((p): FilePhone => ({
        id: p.id, raw: p.raw, e164: p.e164, kind: p.kind, country: p.country, primary: Boolean(p.is_primary)
      }))),
      emails: withOnePrimary(emails.map(e => ({ id: e.id, address: e.address, primary: Boolean(e.is_primary) }))),
      birthday: row.birthday,
      language: row.language,
      address: row.address,
      city: row.city,
      notes: row.notes,
      owner: ref(row.owner_id),
      stage: row.stage,
      stageHistory: stages.map((s): StageChange => ({ from: s.from_stage, to: s.to_stage, at: s.at, by: ref(s.operator_id) })),
      tier: row.tier,
      campaign: row.campaign_id === null || row.campaign_name === null
        ? null
        : { id: row.campaign_id, name: row.campaign_name, channel: row.campaign_channel },
      groups: groups.get(id) ?? [],
      consent: {
        sms: { given: nullableBoolean(row.sms_consent), at: row.sms_consent_at },
        email: { given: nullableBoolean(row.email_consent), at: row.email_consent_at }
      },
      createdAt: row.created_at,
      createdBy: ref(row.created_by),
      updatedAt: row.updated_at,
      updatedBy: ref(row.updated_by)
    }
  }

  async exists (id: number): Promise<boolean> {
    return await new CustomerRepo(this.#db, this.#now).exists(id)
  }

  /**
   * Inserts a whole file without an audit row; returns the new id. The
   * primary number goes first, so it is primary. Run it in a transaction.
   */
  async insert (input: NewCustomerFile, actorId: number | null): Promise<number> {
    const phones = [...input.phones].sort((a, b) => Number(b.primary) - Number(a.primary))
    const id = await new CustomerRepo(this.#db, this.#now).insert({
      displayName: input.displayName,
      honorific: input.honorific,
      company: input.company,
      stage: input.stage,
      sourceCampaign: null,
      campaignId: input.campaignId,
      createdBy: actorId,
      ownerId: input.ownerId,
      tier: input.tier,
      birthday: input.birthday,
      language: input.language,
      notes: input.notes,
      tags: [],
      phones: phones.map(p => ({ raw: p.raw, e164: p.e164, kind: p.kind, country: p.country }))
    })
    const at = this.#now().toISOString()
    await this.#db.updateTable('customers').set({
      given_name: input.givenName,
      family_name: input.familyName,
      address: input.address,
      city: input.city,
      sms_consent: input.smsConsent,
      sms_consent_at: input.smsConsent === null ? null : at,
      email_consent: input.emailConsent,
      email_consent_at: input.emailConsent === null ? null : at
    }).where('id', '=', id).execute()
    const parts = new CustomerPartsRepo(this.#db, this.#now)
    await parts.addEmails(id, input.emails)
    for (const person of input.contactPersons) await parts.addContactPerson(id, person)
    if (input.groupIds.length > 0) {
      await this.#db.insertInto('customer_tags').values([...new Set(input.groupIds)].map(tagId => ({ customer_id: id, tag_id: tagId })))
        .onConflict(oc => oc.columns(['customer_id', 'tag_id']).doNothing()).execute()
    }
    await new CustomerSearchRepo(this.#db).reindex([id])
    return id
  }

  /**
   * Changes a customer's own fields; a new stage is added to the funnel
   * history. Fields given with their current value count as unchanged.
   * Null when there is no such customer. Run it in a transaction.
   */
  async update (id: number, changes: CustomerChanges, actorId: number | null): Promise<FileChange | null> {
    if (!isStorableId(id)) return null
    const row = await this.#db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst()
    if (row === undefined) return null
    const at = this.#now().toISOString()
    const set: Updateable<CustomersTable> = {}
    const fields: string[] = []
    for (const [key, column] of Object.entries(FIELD_COLUMNS) as Array<[keyof typeof FIELD_COLUMNS, (typeof FIELD_COLUMNS)[keyof typeof FIELD_COLUMNS]]>) {
      const value = changes[key]
      if (value === undefined || value === row[column]) continue
      Object.assign(set, { [column]: value })
      fields.push(key)
    }
    for (const channel of ['sms', 'email'] as const) {
      const value = changes[`${channel}Consent`]
      if (value === undefined || value === nullableBoolean(row[`${channel}_consent`])) continue
      Object.assign(set, { [`${channel}_consent`]: value, [`${channel}_consent_at`]: at })
      fields.push(`${channel}Consent`)
    }
    const stage = changes.stage !== undefined && changes.stage !== row.stage ? { from: row.stage, to: changes.stage } : null
    const owner = changes.ownerId !== undefined && changes.ownerId !== row.owner_id ? { from: row.owner_id, to: changes.ownerId } : null
    if (fields.length > 0) {
      await this.#db.updateTable('customers').set({ ...set, updated_at: at, updated_by: actorId }).where('id', '=', id).execute()
      if (fields.some(f => SEARCHED_FIELDS.has(f))) await new CustomerSearchRepo(this.#db).reindex([id])
    }
    if (stage !== null) {
      await this.#db.insertInto('stage_changes')
        .values({ customer_id: id, from_stage: stage.from, to_stage: stage.to, at, operator_id: actorId }).execute()
    }
    return { fields, stage, owner }
  }

  /** Marks the file changed now by `actorId` (its numbers, e-mails, contact persons or groups changed); its search terms follow. */
  async touch (id: number, actorId: number | null): Promise<void> {
    await this.#db.updateTable('customers').set({ updated_at: this.#now().toISOString(), updated_by: actorId }).where('id', '=', id).execute()
    await new CustomerSearchRepo(this.#db).reindex([id])
  }

  /** Deletes a customer with their numbers, e-mails, contact persons, groups and issues; their contacts stay, without a customer. */
  async delete (id: number): Promise<boolean> {
    if (!isStorableId(id)) return false
    const res = await this.#db.deleteFrom('customers').where('id', '=', id).executeTakeFirst()
    return Number(res.numDeletedRows) > 0
  }

  /**
   * Customers by name (then id), `limit` of them after `filter.after`.
   * `more` says whether another page follows.
   */
  async list (filter: ListFilter): Promise<{ readonly items: CustomerSummary[]; readonly more: boolean }> {
    let query = this.#db.selectFrom('customers')
      .leftJoin('operators', 'operators.id', 'customers.owner_id')
      .select(['customers.id', 'customers.display_name', 'customers.honorific', 'customers.company', 'customers.stage',
        'customers.tier', 'customers.owner_id', 'customers.campaign_id', 'customers.city', 'operators.display_name as owner_name'])
      .orderBy('customers.display_name').orderBy('customers.id')
      .limit(filter.limit + 1)
    const { groupId, after } = filter
    if (groupId !== undefined) {
      query = query.where(eb => eb.exists(eb.selectFrom('customer_tags').select('customer_tags.tag_id')
        .whereRef('customer_tags.customer_id', '=', 'customers.id').where('customer_tags.tag_id', '=', groupId)))
    }
    if (filter.tier !== undefined) query = query.where('customers.tier', '=', filter.tier)
    if (filter.stage !== undefined) query = query.where('customers.stage', '=', filter.stage)
    if (filter.ownerId !== undefined) query = query.where('customers.owner_id', '=', filter.ownerId)
    if (filter.campaignId !== undefined) query = query.where('customers.campaign_id', '=', filter.campaignId)
    if (filter.ids !== undefined) query = query.where('customers.id', 'in', filter.ids.length === 0 ? [0] : [...filter.ids])
    if (after !== undefined) {
      query = query.where(eb => eb(eb.refTuple('customers.display_name', 'customers.id'), '>', eb.tuple(after.name, after.id)))
    }
    const rows = await query.execute()
    const page = rows.slice(0, filter.limit)
    const ids = page.map(r => r.id)
    const [groups, phones, emails] = await Promise.all([
      this.#groupsOf(ids),
      ids.length === 0 ? [] : this.#db.selectFrom('customer_phones').select(['customer_id', 'raw', 'e164', 'is_primary'])
        .where('customer_id', 'in', ids).orderBy('id').execute(),
      ids.length === 0 ? [] : this.#db.selectFrom('customer_emails').select(['customer_id', 'address', 'is_primary'])
        .where('customer_id', 'in', ids).orderBy('id').execute()
    ])
    const primary = <T extends { customer_id: number; is_primary: boolean | number }>(list: readonly T[], id: number): T | undefined => {
      const own = list.filter(x => x.customer_id === id)
      return own.find(x => Boolean(x.is_primary)) ?? own[0]
    }
    return {
      more: rows.length > filter.limit,
      items: page.map((r): CustomerSummary => {
        const phone = primary(phones, r.id)
        return {
          id: r.id,
          displayName: r.display_name,
          honorific: r.honorific,
          company: r.company,
          stage: r.stage,
          tier: r.tier,
          owner: r.owner_id === null || r.owner_name === null ? null : { id: r.owner_id, displayName: r.owner_name },
          campaignId: r.campaign_id,
          groups: groups.get(r.id) ?? [],
          phone: phone === undefined ? null : phone.e164 ?? phone.raw,
          email: primary(emails, r.id)?.address ?? null,
          city: r.city
        }
      })
    }
  }

  /**
   * Whether the operator has dealt with this customer: owns or created the
   * file, talked to or was rung by them (a call record with the operator or
   * one of their extensions), or acted on the file before (an audit row by
   * them: a find in a list, a read, a change).
   */
  async relatesTo (customerId: number, operator: Acquaintance): Promise<boolean> {
    if (!isStorableId(customerId)) return false
    const { extensions } = operator
    const row = await this.#db.selectFrom('customers').select('customers.id')
      .where('customers.id', '=', customerId)
      .where(eb => eb.or([
        eb('customers.owner_id', '=', operator.id),
        eb('customers.created_by', '=', operator.id),
        eb.exists(eb.selectFrom('interactions').select('interactions.id')
          .whereRef('interactions.customer_id', '=', 'customers.id')
          .where(e => e.or([
            e('interactions.operator_id', '=', operator.id),
            ...(extensions.length === 0 ? [] : [e('interactions.extension', 'in', [...extensions])])
          ]))),
        eb.exists(eb.selectFrom('audit_log').select('audit_log.id')
          .where('audit_log.entity', '=', 'customer')
          .where('audit_log.entity_id', '=', String(customerId))
          .where('audit_log.actor_id', '=', operator.id))
      ]))
      .executeTakeFirst()
    return row !== undefined
  }

  /**
   * Merges customer `fromId` into `intoId` and deletes `fromId` (see
   * {@link mergeCustomers}). Run it in a transaction.
   */
  async merge (intoId: number, fromId: number, actorId: number | null): Promise<MergeCounts> {
    const moved = await mergeCustomers(this.#db, intoId, fromId, this.#now().toISOString(), actorId)
    // The merged customer's terms went with its row; the kept one gained numbers, addresses and maybe names.
    await new CustomerSearchRepo(this.#db).reindex([intoId])
    return moved
  }

  /** The display names of customers, by id (for duplicate warnings). */
  async names (ids: readonly number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map()
    const rows = await this.#db.selectFrom('customers').select(['id', 'display_name']).where('id', 'in', [...new Set(ids)]).execute()
    return new Map(rows.map(r => [r.id, r.display_name]))
  }

  async #groupsOf (customerIds: readonly number[]): Promise<Map<number, Group[]>> {
    const out = new Map<number, Group[]>()
    if (customerIds.length === 0) return out
    const rows = await this.#db.selectFrom('customer_tags').innerJoin('tags', 'tags.id', 'customer_tags.tag_id')
      .select(['customer_tags.customer_id', 'tags.id', 'tags.name', 'tags.colour'])
      .where('customer_tags.customer_id', 'in', [...customerIds]).orderBy('tags.name').orderBy('tags.id').execute()
    for (const r of rows) {
      const list = out.get(r.customer_id) ?? []
      list.push({ id: r.id, name: r.name, colour: r.colour })
      out.set(r.customer_id, list)
    }
    return out
  }

  async #operatorRefs (ids: ReadonlyArray<number | null>): Promise<Map<number, OperatorRef>> {
    const unique = [...new Set(ids.filter((id): id is number => id !== null))]
    if (unique.length === 0) return new Map()
    const rows = await this.#db.selectFrom('operators').select(['id', 'display_name']).where('id', 'in', unique).execute()
    return new Map(rows.map(r => [r.id, { id: r.id, displayName: r.display_name }]))
  }
}

/** SQLite answers 0/1, PostgreSQL true/false; null stays null. */
function nullableBoolean (value: boolean | number | null): boolean | null {
  return value === null ? null : Boolean(value)
}

/** Rows written before primary flags existed (or by bulk loaders) may have none: the first one is primary then. */
function withOnePrimary<T extends { readonly primary: boolean }> (list: readonly T[]): T[] {
  if (list.length === 0 || list.some(x => x.primary)) return [...list]
  return list.map((x, i) => ({ ...x, primary: i === 0 }))
}
