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
  role: 'operator' | 'supervisor' | 'admin'
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
  stage: 'lead' | 'prospect' | 'customer'
  source_campaign: string | null
  owner_id: number | null
  tier: string | null
  /** YYYY-MM-DD */
  birthday: string | null
  language: string | null
  notes: string | null
  created_at: string
  updated_at: string
}

export interface CustomerPhonesTable {
  id: Generated<number>
  customer_id: number
  raw: string
  e164: string | null
  /** Last 8 ASCII digits of the number (of e164 when known, else of raw). */
  digits_suffix: string
  kind: 'mobile' | 'landline' | 'work' | 'home' | 'other'
}

export interface TagsTable {
  id: Generated<number>
  name: string
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
}

export interface InteractionsTable {
  id: Generated<number>
  customer_id: number | null
  kind: 'call' | 'meeting' | 'email' | 'note'
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
}
