/**
 * Kysely table interfaces for the latest schema (the sum of the migrations in
 * this folder). Column names are snake_case as in SQL; the store maps rows to
 * the camelCase records in `agent/model/` (operator.ts, customer.ts, interaction.ts, issue.ts).
 *
 * Times are ISO-8601 UTC text on both engines. Booleans read back as 0/1 on
 * SQLite and true/false on PostgreSQL, hence {@link DbBoolean}.
 */
import type { ColumnType, Generated } from 'kysely'

/** A nullable boolean column: SQLite returns 0/1, PostgreSQL true/false. Write booleans. */
export type DbBoolean = ColumnType<boolean | number | null, boolean | null, boolean | null>

export interface OperatorsTable {
  id: Generated<number>
  login: string
  display_name: string
  role: 'operator' | 'supervisor' | 'admin' | 'integration'
  /** SHA-256 of the bearer token, lowercase hex. The token itself is never stored. */
  token_hash: string
  created_at: string
}

/** One row per (PBX, extension); that pair is the key, so two PBXs may each have a 1001. */
export interface OperatorExtensionsTable {
  /** The PBX the extension is on; `default` for the one PBX configured before PBX ids existed. */
  pbx_id: Generated<string>
  extension: string
  operator_id: number
}

export interface CustomersTable {
  id: Generated<number>
  display_name: string
  honorific: string | null
  company: string | null
  stage: 'lead' | 'prospect' | 'customer' | 'inactive'
  /** The campaign that brought the customer (replaced the free-text `source_campaign`). */
  campaign_id: number | null
  owner_id: number | null
  tier: string | null
  /** Who set `tier`: the tier rules, or a manual override the rules leave alone; null when no tier was ever set. */
  tier_source: 'rules' | 'manual' | null
  /** Why the customer has the tier: the rules' figures ("€12,400 in 12 months, 96% paid on time") or the override's reason. */
  tier_reason: string | null
  /** When tier, source or reason last changed (ISO-8601 UTC). */
  tier_updated_at: string | null
  /** YYYY-MM-DD */
  birthday: string | null
  language: string | null
  notes: string | null
  given_name: ColumnType<string | null, string | null | undefined, string | null>
  family_name: ColumnType<string | null, string | null | undefined, string | null>
  address: ColumnType<string | null, string | null | undefined, string | null>
  city: ColumnType<string | null, string | null | undefined, string | null>
  /** Consent to SMS / e-mail: null when never asked; `_at` is when it last changed. */
  sms_consent: ColumnType<boolean | number | null, boolean | null | undefined, boolean | null>
  sms_consent_at: ColumnType<string | null, string | null | undefined, string | null>
  email_consent: ColumnType<boolean | number | null, boolean | null | undefined, boolean | null>
  email_consent_at: ColumnType<string | null, string | null | undefined, string | null>
  created_by: ColumnType<number | null, number | null | undefined, number | null>
  updated_by: ColumnType<number | null, number | null | undefined, number | null>
  created_at: string
  updated_at: string
  /** The customer's id in the system they were imported from; unique where set. */
  external_id: ColumnType<string | null, string | null | undefined, string | null>
}

/** Every change of a customer's stage (the sales funnel); the first row is the stage the customer was created in. */
export interface StageChangesTable {
  id: Generated<number>
  customer_id: number
  from_stage: 'lead' | 'prospect' | 'customer' | 'inactive' | null
  to_stage: 'lead' | 'prospect' | 'customer' | 'inactive'
  at: string
  operator_id: number | null
}

/** Where customers come from. */
export interface CampaignsTable {
  id: Generated<number>
  name: string
  channel: string | null
  /** YYYY-MM-DD */
  starts_on: string | null
  /** YYYY-MM-DD */
  ends_on: string | null
  /** What it cost, in whole minor units of `currency`; PostgreSQL `bigint`, which `pg` reads back as a string. */
  cost_minor: ColumnType<number | string | null, number | null | undefined, number | null>
  /** ISO 4217, upper case. */
  currency: string | null
  created_at: string
}

/** A customer's e-mail addresses; `address_key` (lower case) finds duplicates. One primary per customer. */
export interface CustomerEmailsTable {
  id: Generated<number>
  customer_id: number
  address: string
  address_key: string
  is_primary: ColumnType<boolean | number, boolean | undefined, boolean>
}

/** People to talk to at a company or organisation that is the customer. */
export interface ContactPersonsTable {
  id: Generated<number>
  customer_id: number
  name: string
  role: string | null
  created_at: string
}

/** A contact person's own numbers. */
export interface ContactPersonPhonesTable {
  id: Generated<number>
  contact_person_id: number
  raw: string
  e164: string | null
  kind: 'mobile' | 'landline' | 'work' | 'home' | 'other'
}

export interface CustomerPhonesTable {
  id: Generated<number>
  customer_id: number
  raw: string
  e164: string | null
  /** Last 8 ASCII digits of the number (of e164 when known, else of raw). */
  digits_suffix: string
  kind: 'mobile' | 'landline' | 'work' | 'home' | 'other'
  /** ISO 3166 alpha-2 country `raw` is written in; null: the configured default country. */
  country: ColumnType<string | null, string | null | undefined, string | null>
  /** One number per customer is primary (a partial unique index holds it). */
  is_primary: ColumnType<boolean | number, boolean | undefined, boolean>
}

/** Groups: free tags with a colour. */
export interface TagsTable {
  id: Generated<number>
  name: string
  /** `#rrggbb`, lower case. */
  colour: Generated<string>
  created_by: ColumnType<number | null, number | null | undefined, number | null>
  created_at: ColumnType<string | null, string | null | undefined, string | null>
}

export interface CustomerTagsTable {
  customer_id: number
  tag_id: number
}

export interface IssuesTable {
  id: Generated<number>
  customer_id: number
  title: string
  status: 'open' | 'resolved'
  opened_at: string
  opened_by: number | null
  resolved_at: string | null
  resolved_by: number | null
  description: string | null
}

export interface InteractionsTable {
  id: Generated<number>
  customer_id: number | null
  kind: 'call' | 'meeting' | 'email' | 'sms' | 'note'
  direction: 'inbound' | 'outbound' | null
  occurred_at: string
  operator_id: number | null
  extension: string | null
  /** PBX call id; unique among rows with kind = 'call'. */
  call_id: string | null
  queue: string | null
  remote_number: string | null
  ring_seconds: number | null
  talk_seconds: number | null
  call_result: string | null
  disposition: string | null
  note: string | null
  resolved: DbBoolean
  issue_id: number | null
  updated_at: string
  /** An e-mail's subject, a meeting's title. */
  subject: string | null
  /** What came of a contact, in a few words ("quote sent", "agreed to pay by Friday"). */
  outcome: string | null
}

/** One purchase. Amounts are whole minor units of `currency`, so sums are exact. */
export interface PurchasesTable {
  id: Generated<number>
  customer_id: number
  purchased_at: string
  /** Minor units (cents) of `currency`; PostgreSQL `bigint`, which `pg` reads back as a string. */
  amount_minor: ColumnType<number | string, number, number>
  /** ISO 4217, upper case. */
  currency: string
  product: string | null
  category: string | null
  payment_method: 'cash' | 'credit' | 'instalments'
  /** Null while unknown (not due yet, or never recorded). */
  paid_on_time: DbBoolean
  created_by: number | null
  created_at: string
  updated_at: string
}

/**
 * The search index of customers: one row per folded word of their names and
 * company, e-mail address and reversed number (see `agent/crm/customers/search-text.ts`).
 */
export interface CustomerSearchTermsTable {
  term: string
  customer_id: number
}

/** When each scheduled job last started. */
export interface JobsTable {
  name: string
  /** ISO-8601 UTC. */
  last_run_at: string
}

export interface OutcomeRequestsTable {
  id: Generated<number>
  idempotency_key: string
  operator_id: number | null
  call_id: string
  interaction_id: number | null
  issue_id: number | null
  created_at: string
  /**
   * SHA-256 (hex) of the operator's choices in the request, to tell a retry
   * from a different request under the same key. Null on rows stored before
   * the fingerprint existed: those replay by key alone.
   */
  request_hash: string | null
}

/** The customer an operator last picked for a caller's number (the chooser offers it first next time). */
export interface CallerPicksTable {
  /** The caller's number, E.164; one pick per number, the latest wins. */
  e164: string
  customer_id: number
  picked_by: number | null
  picked_at: string
}

export interface AuditLogTable {
  id: Generated<number>
  at: string
  actor_id: number | null
  action: string
  entity: string
  entity_id: string | null
  /** JSON object text. Never holds tokens. */
  detail: string
}

export interface Database {
  operators: OperatorsTable
  operator_extensions: OperatorExtensionsTable
  customers: CustomersTable
  customer_phones: CustomerPhonesTable
  tags: TagsTable
  customer_tags: CustomerTagsTable
  issues: IssuesTable
  interactions: InteractionsTable
  outcome_requests: OutcomeRequestsTable
  audit_log: AuditLogTable
  campaigns: CampaignsTable
  stage_changes: StageChangesTable
  customer_emails: CustomerEmailsTable
  contact_persons: ContactPersonsTable
  contact_person_phones: ContactPersonPhonesTable
  purchases: PurchasesTable
  jobs: JobsTable
  caller_picks: CallerPicksTable
  customer_search_terms: CustomerSearchTermsTable
}
