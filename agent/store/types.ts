/**
 * Domain records the store reads and writes. Plain data, no Kysely types, so
 * the rest of the agent does not know which database is in use.
 * Times are ISO-8601 strings in UTC.
 */

export type Role = 'operator' | 'supervisor' | 'admin'
export type Stage = 'lead' | 'prospect' | 'customer'
export type InteractionKind = 'call' | 'meeting' | 'email' | 'note'
export type Direction = 'inbound' | 'outbound'
export type PhoneKind = 'mobile' | 'landline' | 'work' | 'home' | 'other'

export interface Operator {
  readonly id: number
  readonly login: string
  readonly displayName: string
  readonly role: Role
  /** Extensions whose calls this operator sees. */
  readonly extensions: readonly string[]
}

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

export interface Issue {
  readonly id: number
  readonly customerId: number
  readonly title: string
  readonly status: 'open' | 'resolved'
  readonly openedAt: string
  readonly openedBy: number | null
  readonly resolvedAt: string | null
  readonly resolvedBy: number | null
}

export interface Interaction {
  readonly id: number
  readonly customerId: number | null
  readonly kind: InteractionKind
  readonly direction: Direction | null
  readonly occurredAt: string
  readonly operatorId: number | null
  /** Operator extension that handled the call. */
  readonly extension: string | null
  readonly callId: string | null
  readonly queue: string | null
  /** Remote number as raw / E.164, for calls from unknown numbers. */
  readonly remoteNumber: string | null
  readonly ringSeconds: number | null
  readonly talkSeconds: number | null
  /** answered | missed | busy | abandoned | failed | unknown (from the PBX). */
  readonly callResult: string | null
  /** Operator's wrap-up disposition code, e.g. `sale`, `support`; null until wrapped up. */
  readonly disposition: string | null
  readonly note: string | null
  /** Whether the customer's problem was solved on this contact; null = not recorded. */
  readonly resolved: boolean | null
  readonly issueId: number | null
}

/** What the tracker knows when a call ends, for the automatic call log. */
export interface CallLogEntry {
  readonly callId: string
  readonly customerId: number | null
  readonly direction: Direction
  readonly occurredAt: string
  readonly extension: string | null
  readonly operatorId: number | null
  readonly queue: string | null
  readonly remoteNumber: string | null
  readonly ringSeconds: number | null
  readonly talkSeconds: number | null
  readonly callResult: string
}

/** The operator's wrap-up for one call. */
export interface OutcomeInput {
  readonly callId: string
  readonly idempotencyKey: string
  readonly operatorId: number
  /** Defaults to the customer the call was matched to. */
  readonly customerId: number | null
  readonly disposition: string
  readonly note: string
  /** The problem on this contact was solved. */
  readonly resolved: boolean
  /** Resolve this existing open issue. */
  readonly resolveIssueId: number | null
  /** Open a new issue with this title (when not resolved). */
  readonly newIssueTitle: string | null
  /** Call facts, used when the call log row does not exist yet. */
  readonly call: Omit<CallLogEntry, 'callId' | 'customerId' | 'operatorId'> | null
}

export interface OutcomeResult {
  readonly interaction: Interaction
  readonly issue: Issue | null
  /** True when this idempotency key was seen before and the stored result is returned. */
  readonly replayed: boolean
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

/** An interaction as listed in a customer's history, with the handling operator's name. */
export interface InteractionWithOperator extends Interaction {
  /** Display name of `operatorId`; null when no operator is recorded (or was deleted). */
  readonly operatorName: string | null
}

/** A new operator account. The token is hashed (SHA-256) before it is stored. */
export interface NewOperatorInput {
  readonly login: string
  readonly displayName: string
  readonly role: Role
  readonly extensions: readonly string[]
  /** Bearer token in clear; only its hash is kept. */
  readonly token: string
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

/** A contact that is not a PBX call (meeting, e-mail, note), or a historical call for imports and seeding. */
export interface NewInteractionInput {
  readonly customerId: number
  readonly kind: InteractionKind
  readonly direction: Direction | null
  readonly occurredAt: string
  readonly operatorId: number | null
  readonly disposition: string | null
  readonly note: string | null
  readonly resolved: boolean | null
  readonly issueId: number | null
}
