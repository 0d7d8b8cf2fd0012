import type { Kysely, Updateable } from 'kysely'
import type { CustomersTable, Database } from '../../../schema/database.js'
import type { NewFilePhone } from '../../model/customer-file.js'
import { STAFF_ROLES } from '../../model/operator.js'
import { writeAudits, type AuditEntry } from '../../store/audit-log.js'
import { emailKey } from '../customers/customer-parts-repo.js'
import { CustomerSearchRepo } from '../customers/customer-search-repo.js'
import { digitsSuffix } from '../customers/phone-digits.js'
import { customerTerms, foldSearchText } from '../customers/search-text.js'
import type { ImportRecord } from './import-row.js'

/** What one batch did. */
export interface BatchCounts {
  readonly inserted: number
  readonly updated: number
  readonly unchanged: number
}

/** Who imports, and under which import id (in each customer's audit row). */
export interface BatchContext {
  readonly importId: string
  readonly actorId: number | null
  /** The reason an imported tier carries (it is a manual override). */
  readonly tierReason: string
}

/** Rows per multi-row insert: the widest (customers, 22 columns) stays far below both engines' parameter limits. */
const ROWS_PER_INSERT = 500
/** Values per `in (…)` list. */
const IN_LIST = 1000

/** Customer columns an import sets, by record field. */
const COLUMNS = {
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
  stage: 'stage'
} as const satisfies Partial<Record<keyof ImportRecord, keyof CustomersTable>>

/** Fields whose change means new search terms. */
const SEARCHED = new Set<string>(['displayName', 'givenName', 'familyName', 'company', 'phones', 'emails'])

/** A record matched to a stored customer, with the campaign it names resolved. */
interface Resolved {
  readonly record: ImportRecord
  readonly campaignId: number | null
  readonly tagIds: readonly number[]
}

/**
 * Writes a batch of imported customers: one call per batch, inside the
 * batch's transaction, in a few statements whatever the batch's size. A
 * record is the customer already stored with the same external id; else
 * (for a record without one, or one no customer has yet) the customer with
 * the same name and primary number, or name and primary e-mail address, or
 * name and company; else a new customer. So a second run of the same file
 * adds nobody, and two people of one household who share a number stay two
 * customers. A stored customer is updated only where the record differs:
 * fields it gives, and numbers, addresses and groups it adds.
 */
export class CustomerImportRepo {
  readonly #db: Kysely<Database>
  readonly #now: () => Date

  constructor (db: Kysely<Database>, now: () => Date) {
    this.#db = db
    this.#now = now
  }

  /**
   * Group ids by folded name, creating the groups that do not exist
   * (with their spelling in the file). Call inside the batch's transaction.
   */
  async groupIds (names: readonly string[], known: ReadonlyMap<string, number>, actorId: number | null): Promise<Map<string, number>> {
    const out = new Map<string, number>()
    const missing: string[] = []
    for (const name of names) {
      const id = known.get(groupKey(name))
      if (id !== undefined) out.set(groupKey(name), id)
      else if (!missing.some(m => groupKey(m) === groupKey(name))) missing.push(name)
    }
    if (missing.length > 0) {
      await this.#db.insertInto('tags').values(missing.map(name => ({ name, created_by: actorId, created_at: this.#now().toISOString() })))
        .onConflict(oc => oc.column('name').doNothing()).execute()
      const rows = await this.#db.selectFrom('tags').select(['id', 'name']).where('name', 'in', missing).execute()
      for (const r of rows) out.set(groupKey(r.name), r.id)
    }
    return out
  }

  /** Campaign ids by lower-case name, creating the campaigns that do not exist. */
  async campaignIds (names: readonly string[], known: ReadonlyMap<string, number>): Promise<Map<string, number>> {
    const out = new Map<string, number>()
    const missing: string[] = []
    for (const name of names) {
      const id = known.get(name.toLowerCase())
      if (id !== undefined) out.set(name.toLowerCase(), id)
      else if (!missing.some(m => m.toLowerCase() === name.toLowerCase())) missing.push(name)
    }
    if (missing.length > 0) {
      await this.#db.insertInto('campaigns').values(missing.map(name => ({ name, created_at: this.#now().toISOString() })))
        .onConflict(oc => oc.column('name').doNothing()).execute()
      const rows = await this.#db.selectFrom('campaigns').select(['id', 'name']).where('name', 'in', missing).execute()
      for (const r of rows) out.set(r.name.toLowerCase(), r.id)
    }
    return out
  }

  /** Ids of the operators who may own customers, by lower-case login. */
  async owners (): Promise<Map<string, number>> {
    const rows = await this.#db.selectFrom('operators').select(['id', 'login']).where('role', 'in', [...STAFF_ROLES]).execute()
    return new Map(rows.map(r => [r.login.toLowerCase(), r.id]))
  }

  /** Customer ids by external id, for the ids given that exist. */
  async byExternalIds (externalIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.#inChunks([...externalIds], list => this.#db.selectFrom('customers').select(['id', 'external_id']).where('external_id', 'in', list).execute())
    return new Map(rows.map(r => [r.external_id!, r.id]))
  }

  /**
   * Keeps a customer's numbers only as typed, without their E.164 form, as
   * in a file taken over from a system that never read them (the demo's
   * legacy customer: the matcher can only offer it by its last digits).
   */
  async keepNumbersAsTyped (customerId: number): Promise<void> {
    await this.#db.updateTable('customer_phones').set({ e164: null }).where('customer_id', '=', customerId).execute()
    await new CustomerSearchRepo(this.#db).reindex([customerId])
  }

  /** Every group and campaign there is, by folded / lower-case name. */
  async directory (): Promise<{ groups: Map<string, number>; campaigns: Map<string, number> }> {
    const [tags, campaigns] = await Promise.all([
      this.#db.selectFrom('tags').select(['id', 'name']).execute(),
      this.#db.selectFrom('campaigns').select(['id', 'name']).execute()
    ])
    return {
      groups: new Map(tags.map(t => [groupKey(t.name), t.id])),
      campaigns: new Map(campaigns.map(c => [c.name.toLowerCase(), c.id]))
    }
  }

  /**
   * Writes the batch (records already merged so that no two name the same
   * customer by the same key). `groups` and `campaigns` resolve the names
   * the records use.
   */
  async write (
    records: readonly ImportRecord[],
    refs: { readonly groups: ReadonlyMap<string, number>; readonly campaigns: ReadonlyMap<string, number> },
    ctx: BatchContext
  ): Promise<BatchCounts> {
    const resolved = records.map((record): Resolved => ({
      record,
      campaignId: record.campaign === null ? null : refs.campaigns.get(record.campaign.toLowerCase()) ?? null,
      tagIds: record.groups.map(g => refs.groups.get(groupKey(g))).filter((id): id is number => id !== undefined)
    }))
    const matches = await this.#match(records)
    const fresh: Resolved[] = []
    const existing = new Map<number, Resolved[]>()
    for (const r of resolved) {
      const id = matches.get(r.record)
      if (id === undefined) fresh.push(r)
      else existing.set(id, [...(existing.get(id) ?? []), r])
    }
    const audits: AuditEntry[] = []
    await this.#insert(fresh, ctx, audits)
    const { updated, unchanged } = await this.#update(existing, ctx, audits)
    await writeAudits(this.#db, this.#now().toISOString(), audits)
    return { inserted: fresh.length, updated, unchanged }
  }

  /** The stored customer each record is, if any (see the class comment for the order of keys). */
  async #match (records: readonly ImportRecord[]): Promise<Map<ImportRecord, number>> {
    const externalIds = unique(records.map(r => r.externalId))
    const e164s = unique(records.map(r => r.phones[0]?.e164 ?? null))
    const emailKeys = unique(records.map(r => r.emails[0] === undefined ? null : emailKey(r.emails[0])))
    const names = unique(records.filter(r => r.phones[0]?.e164 == null && r.emails[0] === undefined).map(r => r.displayName))
    const [byExternal, byPhone, byEmail, byName] = await Promise.all([
      this.#inChunks(externalIds, ids => this.#db.selectFrom('customers').select(['id', 'external_id']).where('external_id', 'in', ids).execute()),
      this.#inChunks(e164s, list => this.#db.selectFrom('customer_phones').innerJoin('customers', 'customers.id', 'customer_phones.customer_id')
        .select(['customers.id', 'customers.display_name', 'customers.external_id', 'customer_phones.e164'])
        .where('customer_phones.e164', 'in', list).orderBy('customers.id').execute()),
      this.#inChunks(emailKeys, list => this.#db.selectFrom('customer_emails').innerJoin('customers', 'customers.id', 'customer_emails.customer_id')
        .select(['customers.id', 'customers.display_name', 'customers.external_id', 'customer_emails.address_key'])
        .where('customer_emails.address_key', 'in', list).orderBy('customers.id').execute()),
      this.#inChunks(names, list => this.#db.selectFrom('customers').select(['id', 'display_name', 'company', 'external_id'])
        .where('display_name', 'in', list).orderBy('id').execute())
    ])
    const external = new Map(byExternal.map(r => [r.external_id!, r.id]))
    const phoneHits = groupBy(byPhone, c => c.e164!)
    const emailHits = groupBy(byEmail, c => c.address_key)
    const nameHits = groupBy(byName, c => c.display_name)
    const out = new Map<ImportRecord, number>()
    for (const r of records) {
      const byId = r.externalId === null ? undefined : external.get(r.externalId)
      if (byId !== undefined) {
        out.set(r, byId)
        continue
      }
      // A record with an external id may only claim a customer that has none yet.
      const free = (c: { external_id: string | null }): boolean => c.external_id === null || c.external_id === r.externalId
      const name = foldSearchText(r.displayName)
      const e164 = r.phones[0]?.e164 ?? null
      const key = r.emails[0] === undefined ? null : emailKey(r.emails[0])
      const hit = (e164 === null ? undefined : phoneHits.get(e164)?.find(c => foldSearchText(c.display_name) === name && free(c)))
        ?? (key === null ? undefined : emailHits.get(key)?.find(c => foldSearchText(c.display_name) === name && free(c)))
        ?? (e164 !== null || key !== null ? undefined : nameHits.get(r.displayName)?.find(c => c.company === r.company && free(c)))
      if (hit !== undefined) out.set(r, hit.id)
    }
    return out
  }

  async #insert (fresh: readonly Resolved[], ctx: BatchContext, audits: AuditEntry[]): Promise<void> {
    if (fresh.length === 0) return
    const at = this.#now().toISOString()
    const ids: number[] = []
    for (let i = 0; i < fresh.length; i += ROWS_PER_INSERT) {
      const chunk = fresh.slice(i, i + ROWS_PER_INSERT)
      const rows = await this.#db.insertInto('customers').values(chunk.map(({ record: r, campaignId }) => ({
        display_name: r.displayName,
        honorific: r.honorific,
        given_name: r.givenName,
        family_name: r.familyName,
        company: r.company,
        stage: r.stage ?? 'customer',
        campaign_id: campaignId,
        owner_id: r.ownerId,
        tier: r.tier,
        tier_source: r.tier === null ? null : 'manual' as const,
        tier_reason: r.tier === null ? null : ctx.tierReason,
        tier_updated_at: r.tier === null ? null : at,
        birthday: r.birthday,
        language: r.language,
        address: r.address,
        city: r.city,
        notes: r.notes,
        external_id: r.externalId,
        created_by: ctx.actorId,
        updated_by: ctx.actorId,
        created_at: at,
        updated_at: at
      }))).returning(['id', 'display_name']).execute()
      // Both engines number the rows of one insert in the order of its VALUES; RETURNING's order is not promised.
      const sorted = [...rows].sort((a, b) => a.id - b.id)
      sorted.forEach((row, j) => {
        if (row.display_name !== chunk[j]!.record.displayName) throw new Error('import: inserted ids do not follow the order of VALUES')
      })
      ids.push(...sorted.map(r => r.id))
    }
    const pairs = fresh.map((r, i) => ({ id: ids[i]!, ...r }))
    await this.#insertMany('customer_phones', pairs.flatMap(({ id, record }) => record.phones.map(p => phoneRow(id, p, p.primary))))
    await this.#insertMany('customer_emails', pairs.flatMap(({ id, record }) => record.emails.map((address, i) => emailRow(id, address, i === 0))))
    await this.#insertMany('customer_tags', pairs.flatMap(({ id, tagIds }) => [...new Set(tagIds)].map(tagId => ({ customer_id: id, tag_id: tagId }))))
    await this.#insertMany('stage_changes', pairs.map(({ id, record }) => ({
      customer_id: id, from_stage: null, to_stage: record.stage ?? 'customer', at, operator_id: ctx.actorId
    })))
    await new CustomerSearchRepo(this.#db).addTerms(pairs.map(({ id, record }) => ({
      customerId: id,
      terms: customerTerms({ ...record, phones: record.phones.map(p => p.e164 ?? p.raw), emails: record.emails })
    })))
    for (const { id } of pairs) {
      audits.push({ actorId: ctx.actorId, action: 'customer.import', entity: 'customer', entityId: id, detail: { importId: ctx.importId, created: true } })
    }
  }

  async #update (existing: ReadonlyMap<number, readonly Resolved[]>, ctx: BatchContext, audits: AuditEntry[]): Promise<{ updated: number; unchanged: number }> {
    const ids = [...existing.keys()]
    if (ids.length === 0) return { updated: 0, unchanged: 0 }
    const at = this.#now().toISOString()
    const [rows, phones, emails, tags] = await Promise.all([
      this.#inChunks(ids, list => this.#db.selectFrom('customers').selectAll().where('id', 'in', list).execute()),
      this.#inChunks(ids, list => this.#db.selectFrom('customer_phones').select(['customer_id', 'raw', 'e164', 'is_primary']).where('customer_id', 'in', list).execute()),
      this.#inChunks(ids, list => this.#db.selectFrom('customer_emails').select(['customer_id', 'address_key', 'is_primary']).where('customer_id', 'in', list).execute()),
      this.#inChunks(ids, list => this.#db.selectFrom('customer_tags').select(['customer_id', 'tag_id']).where('customer_id', 'in', list).execute())
    ])
    const phonesOf = groupBy(phones, p => p.customer_id)
    const emailsOf = groupBy(emails, e => e.customer_id)
    const tagsOf = groupBy(tags, t => t.customer_id)
    const newPhones: ReturnType<typeof phoneRow>[] = []
    const newEmails: ReturnType<typeof emailRow>[] = []
    const newTags: Array<{ customer_id: number; tag_id: number }> = []
    const stageChanges: Array<{ customer_id: number; from_stage: CustomersTable['stage']; to_stage: CustomersTable['stage']; at: string; operator_id: number | null }> = []
    const reindex: number[] = []
    let updated = 0
    for (const row of rows) {
      const fields = new Set<string>()
      const set: Updateable<CustomersTable> = {}
      const ownPhones = [...phonesOf.get(row.id) ?? []]
      const ownEmails = new Set((emailsOf.get(row.id) ?? []).map(e => e.address_key))
      const ownTags = new Set((tagsOf.get(row.id) ?? []).map(t => t.tag_id))
      let hasPrimaryPhone = ownPhones.some(p => Boolean(p.is_primary))
      let hasPrimaryEmail = (emailsOf.get(row.id) ?? []).some(e => Boolean(e.is_primary))
      let stage = row.stage
      for (const { record, campaignId, tagIds } of existing.get(row.id) ?? []) {
        for (const [field, column] of Object.entries(COLUMNS) as Array<[keyof typeof COLUMNS, (typeof COLUMNS)[keyof typeof COLUMNS]]>) {
          const value = record[field]
          if (value === null || value === (set[column] ?? row[column])) continue
          Object.assign(set, { [column]: value })
          fields.add(field)
        }
        if (record.externalId !== null && row.external_id === null && set.external_id === undefined) {
          set.external_id = record.externalId
          fields.add('externalId')
        }
        if (campaignId !== null && campaignId !== (set.campaign_id ?? row.campaign_id)) {
          set.campaign_id = campaignId
          fields.add('campaignId')
        }
        // The same tier again leaves it as it is, whoever set it: re-importing an export changes nothing.
        if (record.tier !== null && record.tier !== (set.tier ?? row.tier)) {
          Object.assign(set, { tier: record.tier, tier_source: 'manual', tier_reason: ctx.tierReason, tier_updated_at: at })
          fields.add('tier')
        }
        for (const p of record.phones) {
          // The same number, or the same text (a number stored as typed, which an export writes back as typed).
          const known = ownPhones.some(o => (p.e164 !== null && o.e164 === p.e164) || o.raw === p.raw)
          if (known) continue
          ownPhones.push({ customer_id: row.id, raw: p.raw, e164: p.e164, is_primary: !hasPrimaryPhone })
          newPhones.push(phoneRow(row.id, p, !hasPrimaryPhone))
          hasPrimaryPhone = true
          fields.add('phones')
        }
        for (const address of record.emails) {
          if (ownEmails.has(emailKey(address))) continue
          ownEmails.add(emailKey(address))
          newEmails.push(emailRow(row.id, address, !hasPrimaryEmail))
          hasPrimaryEmail = true
          fields.add('emails')
        }
        for (const tagId of tagIds) {
          if (ownTags.has(tagId)) continue
          ownTags.add(tagId)
          newTags.push({ customer_id: row.id, tag_id: tagId })
          fields.add('groups')
        }
      }
      if (set.stage !== undefined && set.stage !== stage) {
        stageChanges.push({ customer_id: row.id, from_stage: stage, to_stage: set.stage, at, operator_id: ctx.actorId })
        stage = set.stage
      }
      if (fields.size === 0) continue
      updated++
      await this.#db.updateTable('customers').set({ ...set, updated_at: at, updated_by: ctx.actorId }).where('id', '=', row.id).execute()
      if ([...fields].some(f => SEARCHED.has(f))) reindex.push(row.id)
      audits.push({ actorId: ctx.actorId, action: 'customer.import', entity: 'customer', entityId: row.id, detail: { importId: ctx.importId, created: false, fields: [...fields] } })
    }
    await this.#insertMany('customer_phones', newPhones)
    await this.#insertMany('customer_emails', newEmails)
    await this.#insertMany('customer_tags', newTags)
    await this.#insertMany('stage_changes', stageChanges)
    await new CustomerSearchRepo(this.#db).reindex(reindex)
    return { updated, unchanged: rows.length - updated }
  }

  async #insertMany (table: 'customer_phones' | 'customer_emails' | 'customer_tags' | 'stage_changes', rows: readonly object[]): Promise<void> {
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      // The row shapes are checked where they are built (phoneRow, emailRow …).
      await this.#db.insertInto(table).values(rows.slice(i, i + ROWS_PER_INSERT) as never).execute()
    }
  }

  async #inChunks<V, R> (values: readonly V[], query: (chunk: V[]) => Promise<R[]>): Promise<R[]> {
    const out: R[] = []
    for (let i = 0; i < values.length; i += IN_LIST) out.push(...await query(values.slice(i, i + IN_LIST)))
    return out
  }
}

/** Groups are the same whatever the case and accents of their name. */
export function groupKey (name: string): string {
  return foldSearchText(name.trim())
}

function phoneRow (customerId: number, p: NewFilePhone, primary: boolean) {
  return {
    customer_id: customerId,
    raw: p.raw,
    e164: p.e164,
    digits_suffix: digitsSuffix(p.e164 ?? p.raw),
    kind: p.kind,
    country: p.country,
    is_primary: primary
  }
}

function emailRow (customerId: number, address: string, primary: boolean) {
  return { customer_id: customerId, address: address.trim(), address_key: emailKey(address), is_primary: primary }
}

function groupBy<T, K> (list: readonly T[], key: (x: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>()
  for (const x of list) {
    const k = key(x)
    const group = out.get(k)
    if (group === undefined) out.set(k, [x])
    else group.push(x)
  }
  return out
}

function unique (values: ReadonlyArray<string | null>): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))]
}
