/**
 * Customers and their phone numbers, as the CRM keeps them.
 * Plain data, no I/O: times are ISO-8601 strings in UTC.
 */
export type Stage = 'lead' | 'prospect' | 'customer'
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
}

/** One phone number of a new customer. */
export interface NewPhoneInput {
  readonly raw: string
  /** Null when the number could not be normalized; still matched by its last digits. */
  readonly e164: string | null
  readonly kind: PhoneKind
}

/** A customer with every field, for imports and seeding. */
export interface NewCustomerInput {
  readonly displayName: string
  readonly honorific: string | null
  readonly company: string | null
  readonly stage: Stage
  readonly sourceCampaign: string | null
  readonly ownerId: number | null
  readonly tier: string | null
  /** ISO date YYYY-MM-DD */
  readonly birthday: string | null
  readonly language: string | null
  readonly notes: string | null
  readonly tags: readonly string[]
  readonly phones: readonly NewPhoneInput[]
}
