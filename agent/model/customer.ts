/**
 * Customers and their phone numbers, as the CRM keeps them.
 * Plain data, no I/O: times are ISO-8601 strings in UTC.
 */
/** The sales funnel: lead → prospect → customer, and inactive for a customer who stopped buying. */
export type Stage = 'lead' | 'prospect' | 'customer' | 'inactive'
export type PhoneKind = 'mobile' | 'landline' | 'work' | 'home' | 'other'
/** How sure a caller-ID match is, best first: same E.164 number, same national number, same last digits. */
export type MatchConfidence = 'exact' | 'national' | 'suffix'

export interface CustomerPhone {
  readonly id: number
  readonly raw: string
  readonly e164: string | null
  readonly kind: PhoneKind
}

export interface Customer {
  readonly id: number
  readonly displayName: string
  /** How to address them: "Ms", "Dr", "Herr" … */
  readonly honorific: string | null
  readonly company: string | null
  readonly stage: Stage
  readonly sourceCampaign: string | null
  readonly ownerId: number | null
  readonly ownerName: string | null
  /** gold | silver | bronze | free text */
  readonly tier: string | null
  /** ISO date YYYY-MM-DD */
  readonly birthday: string | null
  /** BCP-47, e.g. `de`, `fa` */
  readonly language: string | null
  readonly notes: string | null
  readonly tags: readonly string[]
  readonly phones: readonly CustomerPhone[]
  readonly createdAt: string
}

export interface NewLeadInput {
  readonly displayName: string
  readonly honorific: string | null
  readonly company: string | null
  readonly phoneRaw: string
  readonly phoneE164: string | null
  readonly sourceCampaign: string | null
  readonly ownerId: number | null
  readonly stage: Stage
  readonly tier: string | null
  readonly language: string | null
  readonly notes: string | null
  readonly tags: readonly string[]
}

/** A phone number row that may match a caller. */
export interface PhoneHit {
  readonly customerId: number
  readonly raw: string
  readonly e164: string | null
  /** ISO 3166 alpha-2 country to read `raw` in; null: the configured default country. */
  readonly country: string | null
}

/** One phone number of a new customer. */
export interface NewPhoneInput {
  readonly raw: string
  /** Null when the number could not be normalized; then offered only as a "possible match" by its last digits. */
  readonly e164: string | null
  /** ISO 3166 alpha-2 country the number was written in (`DE` for `030 1234567`); null or absent: the default country. */
  readonly country?: string | null
  readonly kind: PhoneKind
}

/** A customer with every field, for imports and seeding. */
export interface NewCustomerInput {
  readonly displayName: string
  readonly honorific: string | null
  readonly company: string | null
  readonly stage: Stage
  /** The campaign that brought them, by name: created when there is none of that name. */
  readonly sourceCampaign: string | null
  /** The campaign by id; wins over {@link sourceCampaign}. */
  readonly campaignId?: number | null
  /** The operator creating the file; null or absent for the system (imports, seeding). */
  readonly createdBy?: number | null
  readonly ownerId: number | null
  readonly tier: string | null
  /** ISO date YYYY-MM-DD */
  readonly birthday: string | null
  readonly language: string | null
  readonly notes: string | null
  readonly tags: readonly string[]
  readonly phones: readonly NewPhoneInput[]
}
