/**
 * The customer file as a whole: every field of a customer, their numbers,
 * e-mails, contact persons, groups, campaign, owner and stage history; and
 * the groups, campaigns and audit entries around it.
 * Plain data, no I/O: times are ISO-8601 strings in UTC, dates YYYY-MM-DD.
 */
import type { PhoneKind, Stage } from './customer.js'

/** An operator named on a file (owner, creator, last editor). */
export interface OperatorRef {
  readonly id: number
  readonly displayName: string
}

/** Consent to be contacted on one channel: `given` is null when the customer was never asked. */
export interface Consent {
  readonly given: boolean | null
  /** When `given` last changed. */
  readonly at: string | null
}

export interface FilePhone {
  readonly id: number
  readonly raw: string
  readonly e164: string | null
  readonly kind: PhoneKind
  /** ISO 3166 alpha-2 country `raw` is written in; null: the default country. */
  readonly country: string | null
  readonly primary: boolean
}

export interface FileEmail {
  readonly id: number
  readonly address: string
  readonly primary: boolean
}

export interface ContactPersonPhone {
  readonly id: number
  readonly raw: string
  readonly e164: string | null
  readonly kind: PhoneKind
}

/** Someone to talk to at a customer that is a company or organisation. */
export interface ContactPerson {
  readonly id: number
  readonly name: string
  /** "Head of purchasing", "IT lead" … */
  readonly role: string | null
  readonly phones: readonly ContactPersonPhone[]
}

/** One step of the sales funnel; the first one has `from` null (the stage the customer was created in). */
export interface StageChange {
  readonly from: Stage | null
  readonly to: Stage
  readonly at: string
  readonly by: OperatorRef | null
}

/** A group (free tag) with its colour. */
export interface Group {
  readonly id: number
  readonly name: string
  /** `#rrggbb` */
  readonly colour: string
}

/** A group with who made it and how many customers are in it. */
export interface GroupWithUse extends Group {
  readonly createdBy: number | null
  readonly createdAt: string | null
  readonly customers: number
}

export interface Campaign {
  readonly id: number
  readonly name: string
  /** "google-ads", "trade fair", "instagram" … */
  readonly channel: string | null
  readonly startsOn: string | null
  readonly endsOn: string | null
  /** Whole minor units of {@link currency}. */
  readonly costMinor: number | null
  readonly currency: string | null
  readonly createdAt: string
}

/** The whole file of one customer. */
export interface CustomerRecord {
  readonly id: number
  readonly displayName: string
  readonly honorific: string | null
  readonly givenName: string | null
  readonly familyName: string | null
  readonly company: string | null
  readonly contactPersons: readonly ContactPerson[]
  readonly phones: readonly FilePhone[]
  readonly emails: readonly FileEmail[]
  readonly birthday: string | null
  readonly language: string | null
  readonly address: string | null
  readonly city: string | null
  readonly notes: string | null
  readonly owner: OperatorRef | null
  readonly stage: Stage
  /** Oldest first. */
  readonly stageHistory: readonly StageChange[]
  /** Computed by the tier rules (or overridden); read-only in the file. */
  readonly tier: string | null
  readonly campaign: Pick<Campaign, 'id' | 'name' | 'channel'> | null
  readonly groups: readonly Group[]
  readonly consent: { readonly sms: Consent; readonly email: Consent }
  readonly createdAt: string
  readonly createdBy: OperatorRef | null
  readonly updatedAt: string
  readonly updatedBy: OperatorRef | null
}

/** A customer as a list shows them. */
export interface CustomerSummary {
  readonly id: number
  readonly displayName: string
  readonly honorific: string | null
  readonly company: string | null
  readonly stage: Stage
  readonly tier: string | null
  readonly owner: OperatorRef | null
  readonly campaignId: number | null
  readonly groups: readonly Group[]
  /** The primary number, E.164 when known, else as typed. */
  readonly phone: string | null
  readonly email: string | null
  readonly city: string | null
}

/** A phone number to store: `e164` is already normalized (null when it could not be). */
export interface NewFilePhone {
  readonly raw: string
  readonly e164: string | null
  readonly kind: PhoneKind
  readonly country: string | null
  readonly primary: boolean
}

export interface NewFileEmail {
  readonly address: string
  readonly primary: boolean
}

export interface NewContactPerson {
  readonly name: string
  readonly role: string | null
  readonly phones: ReadonlyArray<Pick<NewFilePhone, 'raw' | 'e164' | 'kind'>>
}

/** The fields of a customer row that a file sets directly. */
export interface CustomerFields {
  readonly displayName: string
  readonly honorific: string | null
  readonly givenName: string | null
  readonly familyName: string | null
  readonly company: string | null
  readonly birthday: string | null
  readonly language: string | null
  readonly address: string | null
  readonly city: string | null
  readonly notes: string | null
  readonly ownerId: number | null
  readonly campaignId: number | null
}

/** A new customer with everything a file holds. */
export interface NewCustomerFile extends CustomerFields {
  readonly stage: Stage
  /** Normally null: the tier rules set it. Imports and seeding may carry one. */
  readonly tier: string | null
  readonly smsConsent: boolean | null
  readonly emailConsent: boolean | null
  readonly phones: readonly NewFilePhone[]
  readonly emails: readonly NewFileEmail[]
  readonly contactPersons: readonly NewContactPerson[]
  readonly groupIds: readonly number[]
}

/** A partial update of a customer's own fields; absent keys stay as they are. */
export type CustomerChanges = Partial<CustomerFields> & {
  readonly stage?: Stage
  readonly smsConsent?: boolean | null
  readonly emailConsent?: boolean | null
}

/** Another customer already holding a phone number or e-mail address. */
export interface DuplicateHit {
  readonly customerId: number
  readonly displayName: string
  readonly field: 'phone' | 'email'
}

/** One row of the audit log as admins read it. */
export interface AuditRecord {
  readonly id: number
  readonly at: string
  readonly actorId: number | null
  readonly actorName: string | null
  readonly action: string
  readonly entity: string
  readonly entityId: string | null
  readonly detail: Readonly<Record<string, unknown>>
}
