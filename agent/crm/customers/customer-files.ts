/**
 * The customer file's use cases: create, read, change and delete a customer,
 * their numbers, e-mail addresses, contact persons and groups; list
 * customers; merge two files. Each one decides who may act
 * (`./customer-access.ts`) and writes an audit row with ids, field names and
 * counts, never names, numbers or notes.
 */
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js'
import type { Logger } from 'pino'
import type {
  ContactPersonInput, ContactPersonPatch, CustomerPatch, CustomerQuery, EmailsBody, MergeBody, NewCustomerBody,
  NewEmailBody, NewPhoneBody, PhonesBody
} from '../../contracts/customers.js'
import type { PhoneKind } from '../../model/customer.js'
import type {
  CustomerChanges, CustomerRecord, CustomerSummary, DuplicateHit, NewContactPerson, NewFilePhone
} from '../../model/customer-file.js'
import { STAFF_ROLES, type Operator } from '../../model/operator.js'
import { isStorableId } from '../../store/limits.js'
import { RingcardError } from '../../errors.js'
import type { CrmRepos, CrmUnitOfWork } from '../crm-repos.js'
import type { FileAccess } from '../file-access.js'
import { hasRole, requireStaff } from '../operators/role-access.js'
import { mayChangeOwner, requireAdmin, requireFileAccess, type FileRelations } from './customer-access.js'
import type { MergeCounts } from './customer-merge.js'
import { emailKey } from './customer-parts-repo.js'
import type { ListPosition } from './customer-file-repo.js'
import type { SearchPosition } from './customer-search-repo.js'
import { normalizePhone } from './phone-number.js'

/** A save that would give a second customer a number or address someone already has. Carries the other files. */
export class DuplicateCustomerError extends RingcardError {
  readonly duplicates: readonly DuplicateHit[]

  constructor (duplicates: readonly DuplicateHit[]) {
    super('RC_ERR_CUSTOMER_DUPLICATE')
    this.duplicates = duplicates
  }
}

export interface CustomerFilesDeps {
  readonly uow: CrmUnitOfWork
  /** The country national numbers are read in when a number names none. */
  readonly defaultCountry: CountryCode
  /** A call held live that rings or rang `actor` pops this customer (see `screen-pop/`). */
  readonly poppedTo: (actor: Operator, customerId: number) => boolean
  /** Runs in the merge's transaction once everything moved (the tier rules recompute the kept customer). */
  readonly afterMerge?: (repos: CrmRepos, customerId: number, actorId: number) => Promise<unknown>
  readonly logger: Pick<Logger, 'info'>
}

/** A page of customers and the cursor of the next one. */
export interface CustomerListPage {
  readonly customers: readonly CustomerSummary[]
  readonly next: string | null
}

type PhoneText = { readonly number: string; readonly kind?: PhoneKind; readonly country?: string; readonly primary?: boolean }

export class CustomerFiles {
  readonly #deps: CustomerFilesDeps
  readonly #relations: FileRelations

  constructor (deps: CustomerFilesDeps) {
    this.#deps = deps
    this.#relations = {
      relatesTo: (customerId, actor) => deps.uow.repos.files.relatesTo(customerId, { id: actor.id, extensions: actor.extensions }),
      poppedTo: deps.poppedTo
    }
  }

  /**
   * Creates a customer: the lead form's few fields or a whole file. The owner
   * defaults to the actor; `sourceCampaign` names a campaign (made when new).
   * @throws DuplicateCustomerError (RC_ERR_CUSTOMER_DUPLICATE) unless `force`;
   *   RingcardError RC_ERR_PHONE_INVALID, RC_ERR_OWNER_NOT_FOUND, RC_ERR_GROUP_NOT_FOUND,
   *   RC_ERR_CAMPAIGN_NOT_FOUND, RC_ERR_AUTH_FORBIDDEN, RC_ERR_API_BAD_BODY
   */
  async create (actor: Operator, body: NewCustomerBody, opts: { readonly action?: 'lead.create' | 'customer.create' } = {}): Promise<CustomerRecord> {
    requireStaff(actor)
    const sourceCampaign = body.sourceCampaign?.trim() || null
    if (body.campaignId !== undefined && sourceCampaign !== null) throw badBody('give campaignId or sourceCampaign, not both')
    const displayName = requiredText(body.displayName, 'displayName')
    const phones = uniquePhones([
      ...(body.phone === undefined ? [] : [this.#phone({ number: body.phone, kind: 'other' })]),
      ...(body.phones ?? []).map(p => this.#phone(p))
    ])
    const emails = body.emails ?? []
    const persons = (body.contactPersons ?? []).map(p => this.#person(p))
    const groupIds = body.groupIds ?? []
    const ownerId = body.ownerId === undefined ? actor.id : body.ownerId
    await this.#checkReferences({ ownerId, campaignId: body.campaignId ?? null, groupIds })
    if (ownerId !== null && !mayChangeOwner(actor, null, ownerId)) throw new RingcardError('RC_ERR_AUTH_FORBIDDEN', 'Only supervisors and admins give a new customer to someone else')
    if (body.birthday !== undefined) checkDay(body.birthday, 'birthday')
    if (body.force !== true) await this.#refuseDuplicates(phones, emails.map(e => e.address), null)

    const action = opts.action ?? 'customer.create'
    const id = await this.#deps.uow.run(async (repos) => {
      const campaignId = body.campaignId ?? (sourceCampaign === null ? null : await repos.campaigns.idForName(sourceCampaign))
      const id = await repos.files.insert({
        displayName,
        honorific: optionalText(body.honorific),
        givenName: optionalText(body.givenName),
        familyName: optionalText(body.familyName),
        company: optionalText(body.company),
        birthday: body.birthday ?? null,
        language: body.language ?? null,
        address: optionalText(body.address),
        city: optionalText(body.city),
        notes: optionalText(body.notes),
        ownerId,
        campaignId,
        stage: body.stage ?? 'lead',
        tier: null,
        smsConsent: body.consent?.sms ?? null,
        emailConsent: body.consent?.email ?? null,
        phones,
        emails: emails.map(e => ({ address: e.address, primary: e.primary ?? false })),
        contactPersons: persons,
        groupIds
      }, actor.id)
      await repos.audit.write({
        actorId: actor.id,
        action,
        entity: 'customer',
        entityId: id,
        // Counts and ids only: the audit log is read by people who need not see names or numbers.
        detail: {
          stage: body.stage ?? 'lead', phones: phones.length, emails: emails.length, contactPersons: persons.length,
          groups: groupIds.length, campaignId, ownerId, forced: body.force === true
        }
      })
      return id
    })
    this.#deps.logger.info({ customerId: id, operatorId: actor.id }, 'customer created')
    return await this.#file(id)
  }

  /**
   * The whole file of a customer the actor may read; the read is audited.
   * @throws RingcardError RC_ERR_CUSTOMER_NOT_FOUND, RC_ERR_CUSTOMER_FORBIDDEN, RC_ERR_AUTH_FORBIDDEN
   */
  async read (actor: Operator, customerId: number): Promise<CustomerRecord> {
    await this.#requireAccess(actor, customerId)
    const file = await this.#file(customerId)
    await this.#deps.uow.repos.audit.write({ actorId: actor.id, action: 'customer.read', entity: 'customer', entityId: customerId, detail: {} })
    return file
  }

  /**
   * Changes some fields; a new stage goes into the funnel history, a new owner
   * gets an audit row of its own.
   * @throws RingcardError RC_ERR_CUSTOMER_NOT_FOUND, RC_ERR_CUSTOMER_FORBIDDEN, RC_ERR_AUTH_FORBIDDEN,
   *   RC_ERR_OWNER_NOT_FOUND, RC_ERR_CAMPAIGN_NOT_FOUND, RC_ERR_API_BAD_BODY
   */
  async update (actor: Operator, customerId: number, patch: CustomerPatch): Promise<CustomerRecord> {
    await this.#requireAccess(actor, customerId)
    const changes: CustomerChanges = {
      displayName: patch.displayName === undefined ? undefined : requiredText(patch.displayName, 'displayName'),
      honorific: nullableText(patch.honorific),
      givenName: nullableText(patch.givenName),
      familyName: nullableText(patch.familyName),
      company: nullableText(patch.company),
      birthday: patch.birthday,
      language: patch.language,
      address: nullableText(patch.address),
      city: nullableText(patch.city),
      notes: nullableText(patch.notes),
      ownerId: patch.ownerId,
      campaignId: patch.campaignId,
      stage: patch.stage,
      smsConsent: patch.consent?.sms,
      emailConsent: patch.consent?.email
    }
    if (patch.birthday !== undefined && patch.birthday !== null) checkDay(patch.birthday, 'birthday')
    await this.#checkReferences({ ownerId: patch.ownerId ?? null, campaignId: patch.campaignId ?? null, groupIds: [] })
    await this.#deps.uow.run(async (repos) => {
      if (patch.ownerId !== undefined) {
        const current = (await repos.files.get(customerId))?.owner?.id ?? null
        if (current !== patch.ownerId && !mayChangeOwner(actor, current, patch.ownerId)) {
          throw new RingcardError('RC_ERR_AUTH_FORBIDDEN', 'Operators may only claim a customer nobody owns or hand over their own')
        }
      }
      const change = await repos.files.update(customerId, changes, actor.id)
      if (change === null) throw new RingcardError('RC_ERR_CUSTOMER_NOT_FOUND')
      const audit = (action: string, detail: Record<string, unknown>) =>
        repos.audit.write({ actorId: actor.id, action, entity: 'customer', entityId: customerId, detail })
      if (change.fields.length > 0) await audit('customer.update', { fields: change.fields })
      if (change.stage !== null) await audit('customer.stage.change', change.stage)
      if (change.owner !== null) await audit('customer.owner.change', change.owner)
    })
    return await this.#file(customerId)
  }

  /**
   * Deletes a customer (admins only).
   * @throws RingcardError RC_ERR_AUTH_FORBIDDEN, RC_ERR_CUSTOMER_NOT_FOUND
   */
  async delete (actor: Operator, customerId: number): Promise<void> {
    requireAdmin(actor)
    await this.#deps.uow.run(async (repos) => {
      if (!await repos.files.delete(customerId)) throw new RingcardError('RC_ERR_CUSTOMER_NOT_FOUND')
      await repos.audit.write({ actorId: actor.id, action: 'customer.delete', entity: 'customer', entityId: customerId, detail: {} })
    })
    this.#deps.logger.info({ customerId, operatorId: actor.id }, 'customer deleted')
  }

  /**
   * Merges customer `body.from` into `customerId` in one transaction and
   * deletes it (admins only). Both files get an audit row.
   * @throws RingcardError RC_ERR_AUTH_FORBIDDEN, RC_ERR_CUSTOMER_MERGE_SELF, RC_ERR_CUSTOMER_NOT_FOUND
   */
  async merge (actor: Operator, customerId: number, body: MergeBody): Promise<{ readonly file: CustomerRecord; readonly moved: MergeCounts }> {
    requireAdmin(actor)
    if (body.from === customerId) throw new RingcardError('RC_ERR_CUSTOMER_MERGE_SELF')
    const moved = await this.#deps.uow.run(async (repos) => {
      if (!await repos.files.exists(customerId) || !await repos.files.exists(body.from)) throw new RingcardError('RC_ERR_CUSTOMER_NOT_FOUND')
      const moved = await repos.files.merge(customerId, body.from, actor.id)
      await repos.audit.write({ actorId: actor.id, action: 'customer.merge', entity: 'customer', entityId: customerId, detail: { from: body.from, moved } })
      await repos.audit.write({ actorId: actor.id, action: 'customer.merged', entity: 'customer', entityId: body.from, detail: { into: customerId } })
      await this.#deps.afterMerge?.(repos, customerId, actor.id)
      return moved
    })
    this.#deps.logger.info({ customerId, mergedId: body.from, operatorId: actor.id }, 'customers merged')
    return { file: await this.#file(customerId), moved }
  }

  /**
   * Customers by name, filtered, and searched when `q` is given (a name,
   * company, number or e-mail address: `./search-query.ts`); every one
   * listed counts as found by the actor (audited `customer.find`), which
   * lets an operator open that file.
   * @throws RingcardError RC_ERR_AUTH_FORBIDDEN, RC_ERR_API_BAD_BODY (a bad cursor)
   */
  async list (actor: Operator, query: CustomerQuery): Promise<CustomerListPage> {
    requireStaff(actor)
    const limit = query.limit ?? 50
    const q = query.q?.trim() ?? ''
    if (q !== '') return await this.#search(actor, q, query, limit)
    const page = await this.#deps.uow.repos.files.list({
      groupId: query.group,
      tier: query.tier,
      stage: query.stage,
      ownerId: query.owner,
      campaignId: query.campaign,
      after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
      limit
    })
    await this.#deps.uow.repos.auditLog.record(page.items.map(c => ({
      actorId: actor.id, action: 'customer.find', entity: 'customer', entityId: c.id, detail: {}
    })))
    const last = page.items.at(-1)
    return { customers: page.items, next: page.more && last !== undefined ? encodeCursor({ name: last.displayName, id: last.id }) : null }
  }

  /**
   * A search page: customers in the order the search index walks them (by
   * the matching word, then id; `./customer-search-repo.ts`), with the
   * list's filters; each one listed is found, as in a list.
   */
  async #search (actor: Operator, q: string, query: CustomerQuery, limit: number): Promise<CustomerListPage> {
    const repos = this.#deps.uow.repos
    const filter = { groupId: query.group, tier: query.tier, stage: query.stage, ownerId: query.owner, campaignId: query.campaign }
    const after = query.cursor === undefined ? null : decodeSearchCursor(query.cursor)
    const found = await repos.search.page(q, this.#deps.defaultCountry, filter, after, limit)
    if (found === null || found.ids.length === 0) return { customers: [], next: null }
    const byId = new Map((await repos.files.list({ ids: found.ids, limit: found.ids.length })).items.map(c => [c.id, c]))
    const customers = found.ids.map(id => byId.get(id)).filter((c): c is CustomerSummary => c !== undefined)
    await repos.auditLog.record(customers.map(c => ({ actorId: actor.id, action: 'customer.find', entity: 'customer', entityId: c.id, detail: {} })))
    return { customers, next: found.next === null ? null : encodeSearchCursor(found.next) }
  }

  /**
   * Adds a number (another customer having it is a duplicate unless `force`).
   * @throws DuplicateCustomerError; RingcardError RC_ERR_PHONE_INVALID and the access errors
   */
  async addPhone (actor: Operator, customerId: number, body: NewPhoneBody): Promise<CustomerRecord> {
    await this.#requireAccess(actor, customerId)
    const phone = this.#phone(body)
    if (body.force !== true) await this.#refuseDuplicates([phone], [], customerId)
    return await this.#change(actor, customerId, 'customer.phone.add', async (repos) => ({ added: await repos.customerParts.addPhones(customerId, [phone]) }))
  }

  /** Replaces every number. @throws like {@link addPhone} */
  async replacePhones (actor: Operator, customerId: number, body: PhonesBody): Promise<CustomerRecord> {
    await this.#requireAccess(actor, customerId)
    const phones = uniquePhones(body.phones.map(p => this.#phone(p)))
    if (body.force !== true) await this.#refuseDuplicates(phones, [], customerId)
    return await this.#change(actor, customerId, 'customer.phones.replace', async (repos) => {
      await repos.customerParts.replacePhones(customerId, phones)
      return { count: phones.length }
    })
  }

  /** @throws RingcardError RC_ERR_CUSTOMER_PART_NOT_FOUND and the access errors */
  async removePhone (actor: Operator, customerId: number, phoneId: number): Promise<CustomerRecord> {
    await this.#requireAccess(actor, customerId)
    return await this.#change(actor, customerId, 'customer.phone.remove', async (repos) => {
      if (!await repos.customerParts.removePhone(customerId, phoneId)) throw new RingcardError('RC_ERR_CUSTOMER_PART_NOT_FOUND')
      return { phoneId }
    })
  }

  /** Adds an e-mail address. @throws like {@link addPhone} */
  async addEmail (actor: Operator, customerId: number, body: NewEmailBody): Promise<CustomerRecord> {
    await this.#requireAccess(actor, customerId)
    if (body.force !== true) await this.#refuseDuplicates([], [body.address], customerId)
    return await this.#change(actor, customerId, 'customer.email.add', async (repos) =>
      ({ added: await repos.customerParts.addEmails(customerId, [{ address: body.address, primary: body.primary ?? false }]) }))
  }

  /** Replaces every e-mail address. @throws like {@link addPhone} */
  async replaceEmails (actor: Operator, customerId: number, body: EmailsBody): Promise<CustomerRecord> {
    await this.#requireAccess(actor, customerId)
    if (body.force !== true) await this.#refuseDuplicates([], body.emails.map(e => e.address), customerId)
    return await this.#change(actor, customerId, 'customer.emails.replace', async (repos) => {
      await repos.customerParts.replaceEmails(customerId, body.emails.map(e => ({ address: e.address, primary: e.primary ?? false })))
      return { count: body.emails.length }
    })
  }

  /** @throws RingcardError RC_ERR_CUSTOMER_PART_NOT_FOUND and the access errors */
  async removeEmail (actor: Operator, customerId: number, emailId: number): Promise<CustomerRecord> {
    await this.#requireAccess(actor, customerId)
    return await this.#change(actor, customerId, 'customer.email.remove', async (repos) => {
      if (!await repos.customerParts.removeEmail(customerId, emailId)) throw new RingcardError('RC_ERR_CUSTOMER_PART_NOT_FOUND')
      return { emailId }
    })
  }

  /** @throws RingcardError RC_ERR_PHONE_INVALID and the access errors */
  async addContactPerson (actor: Operator, customerId: number, body: ContactPersonInput): Promise<CustomerRecord> {
    await this.#requireAccess(actor, customerId)
    const person = this.#person(body)
    return await this.#change(actor, customerId, 'customer.contact-person.add', async (repos) =>
      ({ contactPersonId: await repos.customerParts.addContactPerson(customerId, person), phones: person.phones.length }))
  }

  /** @throws RingcardError RC_ERR_CUSTOMER_PART_NOT_FOUND, RC_ERR_PHONE_INVALID and the access errors */
  async updateContactPerson (actor: Operator, customerId: number, personId: number, body: ContactPersonPatch): Promise<CustomerRecord> {
    await this.#requireAccess(actor, customerId)
    const change: Partial<NewContactPerson> = {
      name: body.name === undefined ? undefined : requiredText(body.name, 'name'),
      role: nullableText(body.role),
      phones: body.phones?.map(p => this.#contactPhone(p))
    }
    return await this.#change(actor, customerId, 'customer.contact-person.update', async (repos) => {
      if (!await repos.customerParts.updateContactPerson(customerId, personId, change)) throw new RingcardError('RC_ERR_CUSTOMER_PART_NOT_FOUND')
      return { contactPersonId: personId, fields: Object.keys(body) }
    })
  }

  /** @throws RingcardError RC_ERR_CUSTOMER_PART_NOT_FOUND and the access errors */
  async removeContactPerson (actor: Operator, customerId: number, personId: number): Promise<CustomerRecord> {
    await this.#requireAccess(actor, customerId)
    return await this.#change(actor, customerId, 'customer.contact-person.remove', async (repos) => {
      if (!await repos.customerParts.removeContactPerson(customerId, personId)) throw new RingcardError('RC_ERR_CUSTOMER_PART_NOT_FOUND')
      return { contactPersonId: personId }
    })
  }

  /** Puts the customer in a group (again: no change). @throws RingcardError RC_ERR_GROUP_NOT_FOUND and the access errors */
  async addToGroup (actor: Operator, customerId: number, groupId: number): Promise<CustomerRecord> {
    await this.#requireAccess(actor, customerId)
    if (await this.#deps.uow.repos.groups.get(groupId) === null) throw new RingcardError('RC_ERR_GROUP_NOT_FOUND')
    return await this.#change(actor, customerId, 'customer.group.add', async (repos) => {
      await repos.groups.addMember(groupId, customerId)
      return { groupId }
    })
  }

  /** Takes the customer out of a group. @throws RingcardError RC_ERR_GROUP_NOT_FOUND and the access errors */
  async removeFromGroup (actor: Operator, customerId: number, groupId: number): Promise<CustomerRecord> {
    await this.#requireAccess(actor, customerId)
    if (await this.#deps.uow.repos.groups.get(groupId) === null) throw new RingcardError('RC_ERR_GROUP_NOT_FOUND')
    return await this.#change(actor, customerId, 'customer.group.remove', async (repos) => {
      await repos.groups.removeMember(groupId, customerId)
      return { groupId }
    })
  }

  /**
   * Audits the pops of calls: one `customer.pop` row per customer a call's
   * card (or chooser) showed, by the agent itself (actor null), however
   * many operators it rang. One statement for the whole batch.
   */
  async recordPops (pops: ReadonlyArray<{ readonly callId: string; readonly customerIds: readonly number[] }>): Promise<void> {
    await this.#deps.uow.repos.auditLog.record(pops.flatMap(p => p.customerIds.map(customerId => ({
      actorId: null, action: 'customer.pop', entity: 'customer', entityId: customerId, detail: { callId: p.callId }
    }))))
  }

  /**
   * This file's read rule for the use cases of the file's other parts
   * (timeline, issues, purchases, tier): whoever may read the file may read
   * and add to them; each read is audited as `<part>.read` on the customer.
   */
  fileAccess (): FileAccess {
    return {
      requireRead: async (actor, customerId) => { await requireFileAccess(actor, customerId, this.#relations) },
      noteRead: async (actor, customerId, part) => {
        await this.#deps.uow.repos.audit.write({ actorId: actor.id, action: `${part}.read`, entity: 'customer', entityId: customerId, detail: {} })
      }
    }
  }

  /**
   * Refuses the actor a file they may not read.
   * @throws RingcardError RC_ERR_AUTH_FORBIDDEN, RC_ERR_CUSTOMER_NOT_FOUND, RC_ERR_CUSTOMER_FORBIDDEN
   */
  async requireAccess (actor: Operator, customerId: number): Promise<void> {
    await this.#requireAccess(actor, customerId)
  }

  async #requireAccess (actor: Operator, customerId: number): Promise<void> {
    requireStaff(actor)
    if (!await this.#deps.uow.repos.files.exists(customerId)) throw new RingcardError('RC_ERR_CUSTOMER_NOT_FOUND')
    await requireFileAccess(actor, customerId, this.#relations)
  }

  /** Runs a change of the file's parts in one transaction with its audit row, marks the file changed, and answers the file. */
  async #change (actor: Operator, customerId: number, action: string, write: (repos: CrmRepos) => Promise<Record<string, unknown>>): Promise<CustomerRecord> {
    await this.#deps.uow.run(async (repos) => {
      const detail = await write(repos)
      await repos.files.touch(customerId, actor.id)
      await repos.audit.write({ actorId: actor.id, action, entity: 'customer', entityId: customerId, detail })
    })
    return await this.#file(customerId)
  }

  async #file (customerId: number): Promise<CustomerRecord> {
    const file = await this.#deps.uow.repos.files.get(customerId)
    if (file === null) throw new RingcardError('RC_ERR_CUSTOMER_NOT_FOUND')
    return file
  }

  async #refuseDuplicates (phones: readonly NewFilePhone[], addresses: readonly string[], except: number | null): Promise<void> {
    const e164s = phones.map(p => p.e164).filter((e): e is string => e !== null)
    const hits = await this.#deps.uow.repos.customerParts.duplicates(e164s, addresses.map(emailKey), except)
    if (hits.length > 0) throw new DuplicateCustomerError(hits)
  }

  async #checkReferences (refs: { readonly ownerId: number | null; readonly campaignId: number | null; readonly groupIds: readonly number[] }): Promise<void> {
    const repos = this.#deps.uow.repos
    if (refs.ownerId !== null) {
      const owner = await repos.operators.get(refs.ownerId)
      if (owner === null || !hasRole(owner, STAFF_ROLES)) throw new RingcardError('RC_ERR_OWNER_NOT_FOUND')
    }
    if (refs.campaignId !== null && await repos.campaigns.get(refs.campaignId) === null) throw new RingcardError('RC_ERR_CAMPAIGN_NOT_FOUND')
    if ((await repos.groups.missing(refs.groupIds)).length > 0) throw new RingcardError('RC_ERR_GROUP_NOT_FOUND')
  }

  /**
   * Reads a number in its own country (or the default one). A number
   * libphonenumber calls invalid for its region is kept as typed, without an
   * E.164 form, as the lead form does.
   * @throws RingcardError RC_ERR_PHONE_INVALID
   */
  #phone (input: PhoneText): NewFilePhone {
    const country = input.country?.toUpperCase() ?? null
    if (country !== null && !isSupportedCountry(country)) throw new RingcardError('RC_ERR_PHONE_INVALID', `Unknown country ${country}`)
    const parsed = normalizePhone(input.number, (country ?? this.#deps.defaultCountry) as CountryCode)
    const raw = input.number.trim()
    const kind = input.kind ?? 'other'
    if (parsed.kind === 'number') return { raw, e164: parsed.e164, kind, country, primary: input.primary ?? false }
    if (parsed.kind === 'implausible') return { raw, e164: null, kind, country, primary: input.primary ?? false }
    throw new RingcardError('RC_ERR_PHONE_INVALID')
  }

  #contactPhone (input: PhoneText): NewContactPerson['phones'][number] {
    const { raw, e164, kind } = this.#phone(input)
    return { raw, e164, kind }
  }

  #person (input: ContactPersonInput): NewContactPerson {
    return {
      name: requiredText(input.name, 'name'),
      role: optionalText(input.role ?? undefined),
      phones: (input.phones ?? []).map(p => this.#contactPhone(p))
    }
  }
}

function badBody (message: string): RingcardError {
  return new RingcardError('RC_ERR_API_BAD_BODY', message)
}

function requiredText (value: string, field: string): string {
  const text = value.trim()
  if (text === '') throw badBody(`${field} must not be blank`)
  return text
}

/** Trimmed; blank or absent is null. */
function optionalText (value: string | undefined): string | null {
  const text = value?.trim() ?? ''
  return text === '' ? null : text
}

/** Absent stays absent (no change); blank is null (cleared). */
function nullableText (value: string | null | undefined): string | null | undefined {
  return value === undefined ? undefined : optionalText(value ?? undefined)
}

/** A YYYY-MM-DD that names a real day. @throws RingcardError RC_ERR_API_BAD_BODY */
function checkDay (day: string, field: string): void {
  const [y, m, d] = day.split('-').map(Number)
  const date = new Date(Date.UTC(y!, m! - 1, d!))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m! - 1 || date.getUTCDate() !== d || y! < 1900) {
    throw badBody(`${field} is not a real day`)
  }
}

/** Same E.164 twice in one request is one number. */
function uniquePhones (phones: readonly NewFilePhone[]): NewFilePhone[] {
  return phones.filter((p, i) => p.e164 === null || phones.findIndex(q => q.e164 === p.e164) === i)
}

function encodeCursor (position: ListPosition): string {
  return Buffer.from(JSON.stringify([position.name, position.id]), 'utf8').toString('base64url')
}

/** A search page's cursor: tagged, so that a list cursor is never read as one (or the other way round). */
function encodeSearchCursor (position: SearchPosition): string {
  return Buffer.from(JSON.stringify(['q', position.term, position.customerId]), 'utf8').toString('base64url')
}

/** @throws RingcardError RC_ERR_API_BAD_BODY */
function decodeSearchCursor (cursor: string): SearchPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(value) && value.length === 3 && value[0] === 'q' && typeof value[1] === 'string' && typeof value[2] === 'number' && isStorableId(value[2])) {
      return { term: value[1], customerId: value[2] as number }
    }
  } catch { /* falls through */ }
  throw badBody('cursor is not one this search issued')
}

/** @throws RingcardError RC_ERR_API_BAD_BODY */
function decodeCursor (cursor: string): ListPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'number' && isStorableId(value[1])) {
      return { name: value[0], id: value[1] as number }
    }
  } catch { /* falls through */ }
  throw badBody('cursor is not one this agent issued')
}
