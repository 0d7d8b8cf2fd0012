/**
 * The REST contract of the customer file: customers with every field, their
 * numbers, e-mails and contact persons, groups, campaigns, merge, and the
 * audit log. Merged into `Routes` (`./rest.ts`); the widget imports the types
 * with `import type`.
 *
 * Who may do what is the use cases' business (`crm/customers/customer-access.ts`):
 * an operator reads the files of customers who called them, whom they own,
 * created or found in a list; supervisors and admins read every file; only
 * admins merge, delete and read the audit log.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { CallId, ErrorBody, IsoTime, Nullable, RowId, Text, bearer, errors, type Frozen } from './common.js'
import { CardContact, CustomerCard, Stage } from './ws.js'

const Day = (description = 'YYYY-MM-DD') => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description })
const Country = Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166 alpha-2 country the number is written in, e.g. `DE` for `030 1234567`' })
const Email = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@\\u0000]+@[^\\s@\\u0000]+$', description: 'An e-mail address' })
const Language = Type.String({ maxLength: 35, pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$', description: 'BCP 47, e.g. `de`, `fa`, `en-GB`' })
const Colour = Type.String({ pattern: '^#[0-9A-Fa-f]{6}$', description: '`#rrggbb`' })
const Currency = Type.String({ pattern: '^[A-Za-z]{3}$', description: 'ISO 4217, e.g. `EUR`, `IRR`' })
const Minor = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Whole minor units of `currency` (cents)' })
const PhoneKind = Type.Union([Type.Literal('mobile'), Type.Literal('landline'), Type.Literal('work'), Type.Literal('home'), Type.Literal('other')])

const CustomerIdParams = Type.Object({ id: RowId({ description: 'Customer id' }) })
const PhoneParams = Type.Object({ id: RowId({ description: 'Customer id' }), phoneId: RowId() })
const EmailParams = Type.Object({ id: RowId({ description: 'Customer id' }), emailId: RowId() })
const PersonParams = Type.Object({ id: RowId({ description: 'Customer id' }), personId: RowId({ description: 'Contact person id' }) })
const GroupMemberParams = Type.Object({ id: RowId({ description: 'Customer id' }), groupId: RowId({ description: 'Group id' }) })
const IdParams = Type.Object({ id: RowId() })

// ── what the agent answers ────────────────────────────────────────────────

export const OperatorRef = Type.Object({ id: RowId(), displayName: Type.String() })
export const Group = Type.Object({ id: RowId(), name: Type.String(), colour: Colour })
export type Group = Frozen<Static<typeof Group>>

export const GroupWithUse = Type.Object({
  id: RowId(),
  name: Type.String(),
  colour: Colour,
  createdBy: Nullable(RowId()),
  createdAt: Nullable(IsoTime()),
  customers: Type.Integer({ minimum: 0, description: 'How many customers are in the group' })
})

export const Campaign = Type.Object({
  id: RowId(),
  name: Type.String(),
  channel: Nullable(Type.String()),
  startsOn: Nullable(Day()),
  endsOn: Nullable(Day()),
  costMinor: Nullable(Minor),
  currency: Nullable(Type.String()),
  createdAt: IsoTime()
})
export type Campaign = Frozen<Static<typeof Campaign>>

const Consent = Type.Object({
  given: Nullable(Type.Boolean({ description: 'Null: never asked' })),
  at: Nullable(IsoTime({ description: 'When `given` last changed' }))
})

export const CustomerRecord = Type.Object({
  id: RowId(),
  displayName: Type.String(),
  honorific: Nullable(Type.String()),
  givenName: Nullable(Type.String()),
  familyName: Nullable(Type.String()),
  company: Nullable(Type.String()),
  contactPersons: Type.Array(Type.Object({
    id: RowId(),
    name: Type.String(),
    role: Nullable(Type.String()),
    phones: Type.Array(Type.Object({ id: RowId(), raw: Type.String(), e164: Nullable(Type.String()), kind: PhoneKind }))
  })),
  phones: Type.Array(Type.Object({
    id: RowId(),
    raw: Type.String({ description: 'As typed or imported' }),
    e164: Nullable(Type.String({ description: 'Null when it could not be read as a number' })),
    kind: PhoneKind,
    country: Nullable(Type.String()),
    primary: Type.Boolean()
  })),
  emails: Type.Array(Type.Object({ id: RowId(), address: Type.String(), primary: Type.Boolean() })),
  birthday: Nullable(Day()),
  language: Nullable(Type.String()),
  address: Nullable(Type.String()),
  city: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  owner: Nullable(OperatorRef),
  stage: Stage,
  stageHistory: Type.Array(Type.Object({
    from: Nullable(Stage),
    to: Stage,
    at: IsoTime(),
    by: Nullable(OperatorRef)
  }), { description: 'Oldest first; the first entry is the stage the customer was created in' }),
  tier: Nullable(Type.String({ description: 'Set by the tier rules; read-only here' })),
  campaign: Nullable(Type.Object({ id: RowId(), name: Type.String(), channel: Nullable(Type.String()) })),
  groups: Type.Array(Group),
  consent: Type.Object({ sms: Consent, email: Consent }),
  createdAt: IsoTime(),
  createdBy: Nullable(OperatorRef),
  updatedAt: IsoTime(),
  updatedBy: Nullable(OperatorRef)
})
export type CustomerRecord = Frozen<Static<typeof CustomerRecord>>

export const CustomerSummary = Type.Object({
  id: RowId(),
  displayName: Type.String(),
  honorific: Nullable(Type.String()),
  company: Nullable(Type.String()),
  stage: Stage,
  tier: Nullable(Type.String()),
  owner: Nullable(OperatorRef),
  campaignId: Nullable(RowId()),
  groups: Type.Array(Group),
  phone: Nullable(Type.String({ description: 'The primary number (E.164 when known)' })),
  email: Nullable(Type.String({ description: 'The primary e-mail address' })),
  city: Nullable(Type.String())
})

export const DuplicateHit = Type.Object({
  customerId: RowId(),
  displayName: Type.String(),
  field: Type.Union([Type.Literal('phone'), Type.Literal('email')])
})
export type DuplicateHit = Frozen<Static<typeof DuplicateHit>>

/** `RC_ERR_CUSTOMER_DUPLICATE` (and the other 409s): the coded error, plus the files that already hold the number or address. */
export const DuplicateWarning = Type.Object({
  ...ErrorBody.properties,
  duplicates: Type.Optional(Type.Array(DuplicateHit, { description: 'Other customers that already have one of the numbers or addresses; send `force: true` to save anyway' }))
}, { description: 'A coded error; for RC_ERR_CUSTOMER_DUPLICATE, the files that already hold the number or address' })
export type DuplicateWarning = Frozen<Static<typeof DuplicateWarning>>

/** The whole file, with the card (as a pop shows it) and the last contacts. */
export const CustomerFile = Type.Object({ customer: CustomerCard, contacts: Type.Array(CardContact), file: CustomerRecord })
export type CustomerFile = Frozen<Static<typeof CustomerFile>>

export const CreatedCustomer = Type.Object({ customer: CustomerCard, file: CustomerRecord })
export type CreatedCustomer = Frozen<Static<typeof CreatedCustomer>>

export const FileAnswer = Type.Object({ file: CustomerRecord })
export type FileAnswer = Frozen<Static<typeof FileAnswer>>

export const CustomerPage = Type.Object({
  customers: Type.Array(CustomerSummary),
  next: Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null on the last page' }))
})
export type CustomerPage = Frozen<Static<typeof CustomerPage>>

export const AuditEntry = Type.Object({
  id: RowId(),
  at: IsoTime(),
  actorId: Nullable(RowId({ description: 'Null: the agent itself (call log, pops)' })),
  actorName: Nullable(Type.String()),
  action: Type.String({ description: 'e.g. `customer.read`, `customer.update`, `customer.owner.change`, `customer.pop`, `customer.find`' }),
  entity: Type.String(),
  entityId: Nullable(Type.String()),
  detail: Type.Record(Type.String(), Type.Unknown(), { description: 'Ids, field names and counts; never names, numbers or notes' })
})
export const AuditPage = Type.Object({
  entries: Type.Array(AuditEntry),
  next: Nullable(RowId({ description: 'Pass as `before` for older entries; null when there are none' }))
})
export type AuditPage = Frozen<Static<typeof AuditPage>>

export const MergeAnswer = Type.Object({
  file: CustomerRecord,
  moved: Type.Object({
    phones: Type.Integer(),
    emails: Type.Integer(),
    contactPersons: Type.Integer(),
    groups: Type.Integer(),
    interactions: Type.Integer(),
    issues: Type.Integer(),
    purchases: Type.Integer()
  }, { description: 'What moved into this file; numbers and addresses it already had are dropped' })
})
export type MergeAnswer = Frozen<Static<typeof MergeAnswer>>

// ── what clients send ─────────────────────────────────────────────────────

export const PhoneInput = Type.Object({
  number: Text(64, 1, { description: 'In any format: `+49 151 12345678`, `0151 12345678`, Persian digits …' }),
  kind: Type.Optional(PhoneKind),
  country: Type.Optional(Country),
  primary: Type.Optional(Type.Boolean({ description: 'Make this the primary number (the first number is primary by default)' }))
}, { additionalProperties: false })
export type PhoneInput = Frozen<Static<typeof PhoneInput>>

export const EmailInput = Type.Object({
  address: Email,
  primary: Type.Optional(Type.Boolean())
}, { additionalProperties: false })
export type EmailInput = Frozen<Static<typeof EmailInput>>

const ContactPhoneInput = Type.Object({
  number: Text(64, 1),
  kind: Type.Optional(PhoneKind),
  country: Type.Optional(Country)
}, { additionalProperties: false })

export const ContactPersonInput = Type.Object({
  name: Text(200, 1),
  role: Type.Optional(Nullable(Text(120))),
  phones: Type.Optional(Type.Array(ContactPhoneInput, { maxItems: 10 }))
}, { additionalProperties: false })
export type ContactPersonInput = Frozen<Static<typeof ContactPersonInput>>

export const ContactPersonPatch = Type.Object({
  name: Type.Optional(Text(200, 1)),
  role: Type.Optional(Nullable(Text(120))),
  phones: Type.Optional(Type.Array(ContactPhoneInput, { maxItems: 10, description: 'Replaces the person\'s numbers' }))
}, { additionalProperties: false, minProperties: 1 })
export type ContactPersonPatch = Frozen<Static<typeof ContactPersonPatch>>

const ConsentInput = Type.Object({
  sms: Type.Optional(Nullable(Type.Boolean())),
  email: Type.Optional(Nullable(Type.Boolean()))
}, { additionalProperties: false })

const Force = Type.Optional(Type.Boolean({ description: 'Save even though another customer has one of these numbers or addresses' }))

/** A new customer: the lead form's few fields (`displayName`, `phone`, `callId`), or a whole file. */
export const NewCustomerBody = Type.Object({
  displayName: Text(200, 1),
  phone: Type.Optional(Text(64, 1, { description: 'One number (kind `other`); the lead form sends this' })),
  honorific: Type.Optional(Text(40)),
  givenName: Type.Optional(Text(120)),
  familyName: Type.Optional(Text(120)),
  company: Type.Optional(Text(200)),
  birthday: Type.Optional(Day()),
  language: Type.Optional(Language),
  address: Type.Optional(Text(400)),
  city: Type.Optional(Text(120)),
  notes: Type.Optional(Text(4000)),
  ownerId: Type.Optional(Nullable(RowId({ description: 'Defaults to the operator creating the customer; null for nobody' }))),
  stage: Type.Optional(Stage),
  campaignId: Type.Optional(RowId()),
  sourceCampaign: Type.Optional(Text(120, 0, { description: 'A campaign by name (created when new); instead of `campaignId`' })),
  consent: Type.Optional(ConsentInput),
  phones: Type.Optional(Type.Array(PhoneInput, { maxItems: 20 })),
  emails: Type.Optional(Type.Array(EmailInput, { maxItems: 20 })),
  contactPersons: Type.Optional(Type.Array(ContactPersonInput, { maxItems: 50 })),
  groupIds: Type.Optional(Type.Array(RowId(), { maxItems: 50 })),
  callId: Type.Optional({ ...CallId, description: 'File this call on the new lead (a call the operator talked on)' }),
  force: Force
}, { additionalProperties: false })
export type NewCustomerBody = Frozen<Static<typeof NewCustomerBody>>

export const CustomerPatch = Type.Object({
  displayName: Type.Optional(Text(200, 1)),
  honorific: Type.Optional(Nullable(Text(40))),
  givenName: Type.Optional(Nullable(Text(120))),
  familyName: Type.Optional(Nullable(Text(120))),
  company: Type.Optional(Nullable(Text(200))),
  birthday: Type.Optional(Nullable(Day())),
  language: Type.Optional(Nullable(Language)),
  address: Type.Optional(Nullable(Text(400))),
  city: Type.Optional(Nullable(Text(120))),
  notes: Type.Optional(Nullable(Text(4000))),
  ownerId: Type.Optional(Nullable(RowId({ description: 'Audited. Operators may only claim an unowned customer or hand over their own' }))),
  stage: Type.Optional(Stage),
  campaignId: Type.Optional(Nullable(RowId())),
  consent: Type.Optional(ConsentInput)
}, { additionalProperties: false, minProperties: 1 })
export type CustomerPatch = Frozen<Static<typeof CustomerPatch>>

export const PhonesBody = Type.Object({ phones: Type.Array(PhoneInput, { maxItems: 20 }), force: Force }, { additionalProperties: false })
export type PhonesBody = Frozen<Static<typeof PhonesBody>>
export const NewPhoneBody = Type.Object({ ...PhoneInput.properties, force: Force }, { additionalProperties: false })
export type NewPhoneBody = Frozen<Static<typeof NewPhoneBody>>
export const EmailsBody = Type.Object({ emails: Type.Array(EmailInput, { maxItems: 20 }), force: Force }, { additionalProperties: false })
export type EmailsBody = Frozen<Static<typeof EmailsBody>>
export const NewEmailBody = Type.Object({ ...EmailInput.properties, force: Force }, { additionalProperties: false })
export type NewEmailBody = Frozen<Static<typeof NewEmailBody>>

export const MergeBody = Type.Object({ from: RowId({ description: 'The customer merged into this one, then deleted' }) }, { additionalProperties: false })
export type MergeBody = Frozen<Static<typeof MergeBody>>

export const CustomerQuery = Type.Object({
  q: Type.Optional(Text(200, 0, {
    description: 'Search: words of a name or company (each the start of a word; case, accents, ي/ی, ك/ک and ZWNJ do not count), '
      + 'a phone number in any format (4 digits or more: numbers ending in them), or the start of an e-mail address (contains `@`). '
      + 'Results then come in the order of the matching word, then by id; a search\'s `next` is only a cursor for the same search'
  })),
  group: Type.Optional(RowId({ description: 'Only customers in this group' })),
  tier: Type.Optional(Text(40, 1)),
  stage: Type.Optional(Stage),
  owner: Type.Optional(RowId({ description: 'Operator id' })),
  campaign: Type.Optional(RowId()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 600, pattern: '^[A-Za-z0-9_-]+$' }))
}, { additionalProperties: false })
export type CustomerQuery = Frozen<Static<typeof CustomerQuery>>

export const GroupBody = Type.Object({ name: Text(60, 1), colour: Type.Optional(Colour) }, { additionalProperties: false })
export type GroupBody = Frozen<Static<typeof GroupBody>>
export const GroupPatch = Type.Object({ name: Type.Optional(Text(60, 1)), colour: Type.Optional(Colour) }, { additionalProperties: false, minProperties: 1 })
export type GroupPatch = Frozen<Static<typeof GroupPatch>>

export const CampaignBody = Type.Object({
  name: Text(120, 1),
  channel: Type.Optional(Nullable(Text(60))),
  startsOn: Type.Optional(Nullable(Day())),
  endsOn: Type.Optional(Nullable(Day())),
  costMinor: Type.Optional(Nullable(Minor)),
  currency: Type.Optional(Nullable(Currency))
}, { additionalProperties: false })
export type CampaignBody = Frozen<Static<typeof CampaignBody>>
export const CampaignPatch = Type.Object({ ...Type.Partial(CampaignBody).properties }, { additionalProperties: false, minProperties: 1 })
export type CampaignPatch = Frozen<Static<typeof CampaignPatch>>

export const AuditQuery = Type.Object({
  customerId: Type.Optional(RowId()),
  operatorId: Type.Optional(RowId({ description: 'Who acted' })),
  from: Type.Optional(IsoTime({ description: 'At or after' })),
  to: Type.Optional(IsoTime({ description: 'Before' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 100 })),
  before: Type.Optional(RowId({ description: 'Entries older than this id (the previous page\'s `next`)' }))
}, { additionalProperties: false })
export type AuditQuery = Frozen<Static<typeof AuditQuery>>

const withDuplicates = (...statuses: number[]): Record<number, TSchema> => ({ ...errors(...statuses), 409: DuplicateWarning })
const tags = ['customers']

/** The customer file's routes, keyed by `METHOD path`; merged into `Routes`. */
export const CustomerRoutes = {
  'GET /api/customers': {
    summary: 'List or search customers by name, filtered by group, tier, stage, owner or campaign',
    description: 'Paged by `cursor` (at most 100 a page); `q` searches names, companies, numbers and e-mail addresses and combines with the filters. Every listed customer counts as found by the operator (audited `customer.find`), which lets an operator open that file.',
    tags, security: bearer,
    querystring: CustomerQuery,
    response: { 200: CustomerPage, ...errors() }
  },
  'POST /api/customers': {
    summary: 'Create a customer: a lead from a call, or a whole file',
    description: 'Answers 409 RC_ERR_CUSTOMER_DUPLICATE naming the other files when one of the numbers or addresses is already a customer\'s; `force: true` creates anyway.',
    tags, security: bearer,
    body: NewCustomerBody,
    response: { 201: CreatedCustomer, ...withDuplicates(404, 422) }
  },
  'GET /api/customers/:id': {
    summary: 'A customer\'s file: the card, the last contacts and every field',
    description: 'Audited (`customer.read`).',
    tags, security: bearer,
    params: CustomerIdParams,
    response: { 200: CustomerFile, ...errors(404) }
  },
  'PATCH /api/customers/:id': {
    summary: 'Change some of a customer\'s fields, stage (kept in the history), owner (audited) or campaign',
    tags, security: bearer,
    params: CustomerIdParams,
    body: CustomerPatch,
    response: { 200: FileAnswer, ...errors(404, 422) }
  },
  'DELETE /api/customers/:id': {
    summary: 'Delete a customer with their numbers, e-mails, contact persons and issues (admins only)',
    description: 'Past contacts stay, without a customer.',
    tags, security: bearer,
    params: CustomerIdParams,
    response: { 204: Type.Null(), ...errors(404) }
  },
  'POST /api/customers/:id/merge': {
    summary: 'Merge another customer into this one and delete it (admins only)',
    description: 'Numbers, e-mails, contact persons, groups, contacts, issues and purchases move in one transaction; empty fields of this file are filled from the other.',
    tags, security: bearer,
    params: CustomerIdParams,
    body: MergeBody,
    response: { 200: MergeAnswer, ...errors(404, 422) }
  },
  'POST /api/customers/:id/phones': {
    summary: 'Add a phone number', tags, security: bearer,
    params: CustomerIdParams,
    body: NewPhoneBody,
    response: { 201: FileAnswer, ...withDuplicates(404, 422) }
  },
  'PUT /api/customers/:id/phones': {
    summary: 'Replace every phone number', tags, security: bearer,
    params: CustomerIdParams,
    body: PhonesBody,
    response: { 200: FileAnswer, ...withDuplicates(404, 422) }
  },
  'DELETE /api/customers/:id/phones/:phoneId': {
    summary: 'Remove a phone number', tags, security: bearer,
    params: PhoneParams,
    response: { 200: FileAnswer, ...errors(404) }
  },
  'POST /api/customers/:id/emails': {
    summary: 'Add an e-mail address', tags, security: bearer,
    params: CustomerIdParams,
    body: NewEmailBody,
    response: { 201: FileAnswer, ...withDuplicates(404) }
  },
  'PUT /api/customers/:id/emails': {
    summary: 'Replace every e-mail address', tags, security: bearer,
    params: CustomerIdParams,
    body: EmailsBody,
    response: { 200: FileAnswer, ...withDuplicates(404) }
  },
  'DELETE /api/customers/:id/emails/:emailId': {
    summary: 'Remove an e-mail address', tags, security: bearer,
    params: EmailParams,
    response: { 200: FileAnswer, ...errors(404) }
  },
  'POST /api/customers/:id/contact-persons': {
    summary: 'Add a contact person (with their own numbers)', tags, security: bearer,
    params: CustomerIdParams,
    body: ContactPersonInput,
    response: { 201: FileAnswer, ...errors(404, 422) }
  },
  'PATCH /api/customers/:id/contact-persons/:personId': {
    summary: 'Change a contact person; `phones` replaces their numbers', tags, security: bearer,
    params: PersonParams,
    body: ContactPersonPatch,
    response: { 200: FileAnswer, ...errors(404, 422) }
  },
  'DELETE /api/customers/:id/contact-persons/:personId': {
    summary: 'Remove a contact person', tags, security: bearer,
    params: PersonParams,
    response: { 200: FileAnswer, ...errors(404) }
  },
  'PUT /api/customers/:id/groups/:groupId': {
    summary: 'Put the customer in a group', tags, security: bearer,
    params: GroupMemberParams,
    response: { 200: FileAnswer, ...errors(404) }
  },
  'DELETE /api/customers/:id/groups/:groupId': {
    summary: 'Take the customer out of a group', tags, security: bearer,
    params: GroupMemberParams,
    response: { 200: FileAnswer, ...errors(404) }
  },
  'GET /api/groups': {
    summary: 'Every group, by name, with how many customers are in it', tags: ['groups'], security: bearer,
    response: { 200: Type.Object({ groups: Type.Array(GroupWithUse) }), ...errors() }
  },
  'POST /api/groups': {
    summary: 'Create a group (a free tag with a colour)', tags: ['groups'], security: bearer,
    body: GroupBody,
    response: { 201: Type.Object({ group: GroupWithUse }), ...errors(409) }
  },
  'PATCH /api/groups/:id': {
    summary: 'Rename or recolour a group (its creator, supervisors and admins)', tags: ['groups'], security: bearer,
    params: IdParams,
    body: GroupPatch,
    response: { 200: Type.Object({ group: GroupWithUse }), ...errors(404, 409) }
  },
  'DELETE /api/groups/:id': {
    summary: 'Delete a group; its customers stay (its creator, supervisors and admins)', tags: ['groups'], security: bearer,
    params: IdParams,
    response: { 204: Type.Null(), ...errors(404) }
  },
  'GET /api/campaigns': {
    summary: 'Every campaign, newest first', tags: ['campaigns'], security: bearer,
    response: { 200: Type.Object({ campaigns: Type.Array(Campaign) }), ...errors() }
  },
  'POST /api/campaigns': {
    summary: 'Create a campaign (supervisors and admins)', tags: ['campaigns'], security: bearer,
    body: CampaignBody,
    response: { 201: Type.Object({ campaign: Campaign }), ...errors(409) }
  },
  'PATCH /api/campaigns/:id': {
    summary: 'Change a campaign (supervisors and admins)', tags: ['campaigns'], security: bearer,
    params: IdParams,
    body: CampaignPatch,
    response: { 200: Type.Object({ campaign: Campaign }), ...errors(404, 409) }
  },
  'DELETE /api/campaigns/:id': {
    summary: 'Delete a campaign; its customers keep no campaign (supervisors and admins)', tags: ['campaigns'], security: bearer,
    params: IdParams,
    response: { 204: Type.Null(), ...errors(404) }
  },
  'GET /api/audit': {
    summary: 'The audit log, newest first (admins only)',
    description: 'Who did what to which record, and when; no personal data. Filter by customer, operator and time.',
    tags: ['audit'], security: bearer,
    querystring: AuditQuery,
    response: { 200: AuditPage, ...errors() }
  }
} as const
