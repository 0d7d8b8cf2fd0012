import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely'
import type { Database } from '../../../schema/database.js'
import type { Stage } from '../../model/customer.js'
import type { Acquaintance } from '../customers/customer-file-repo.js'

/** Which customers an export holds; every given field narrows (as the customer list's filters). */
export interface ExportFilter {
  readonly groupId?: number
  readonly tier?: string
  readonly stage?: Stage
  readonly ownerId?: number
  readonly campaignId?: number
}

/** Whose files: every customer, or those an operator has dealt with. */
export type ExportScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'related'; readonly operator: Acquaintance }

/** A customer as exported: every field, with numbers, addresses and groups. */
export interface ExportCustomer {
  readonly id: number
  readonly externalId: string | null
  readonly displayName: string
  readonly honorific: string | null
  readonly givenName: string | null
  readonly familyName: string | null
  readonly company: string | null
  /** Primary first; E.164 when known, else as stored. */
  readonly phones: readonly string[]
  /** Primary first. */
  readonly emails: readonly string[]
  readonly groups: readonly string[]
  readonly ownerLogin: string | null
  readonly ownerName: string | null
  readonly stage: Stage
  readonly tier: string | null
  readonly tierSource: string | null
  readonly campaign: string | null
  readonly birthday: string | null
  readonly language: string | null
  readonly address: string | null
  readonly city: string | null
  readonly notes: string | null
  readonly createdAt: string
  readonly updatedAt: string
}

/** One contact of a customer's timeline, as exported. */
export interface ExportInteraction {
  readonly id: number
  readonly customerId: number | null
  readonly customerExternalId: string | null
  readonly customerName: string | null
  readonly kind: string
  readonly direction: string | null
  readonly occurredAt: string
  readonly operatorLogin: string | null
  readonly operatorName: string | null
  readonly extension: string | null
  readonly queue: string | null
  readonly remoteNumber: string | null
  readonly ringSeconds: number | null
  readonly talkSeconds: number | null
  readonly callResult: string | null
  readonly disposition: string | null
  readonly subject: string | null
  readonly note: string | null
  readonly outcome: string | null
  readonly resolved: boolean | null
  readonly issueId: number | null
  readonly issueTitle: string | null
  readonly issueStatus: string | null
}

type CustomersEb = ExpressionBuilder<Database, 'customers'>

/**
 * Reads customers and their contacts for an export, a page at a time in id
 * order (keyset: each page starts after the last id of the one before), so
 * an export of any size holds one page in memory.
 */
export class CustomerExportRepo {
  readonly #db: Kysely<Database>

  constructor (db: Kysely<Database>) {
    this.#db = db
  }

  /** Up to `limit` customers with ids above `afterId`. */
  async customers (scope: ExportScope, filter: ExportFilter, afterId: number, limit: number): Promise<ExportCustomer[]> {
    const rows = await this.#db.selectFrom('customers')
      .leftJoin('operators', 'operators.id', 'customers.owner_id')
      .leftJoin('campaigns', 'campaigns.id', 'customers.campaign_id')
      .selectAll('customers')
      .select(['operators.login as owner_login', 'operators.display_name as owner_name', 'campaigns.name as campaign_name'])
      .where('customers.id', '>', afterId)
      .where(eb => this.#narrow(eb, scope, filter))
      .orderBy('customers.id').limit(limit).execute()
    const ids = rows.map(r => r.id)
    if (ids.length === 0) return []
    const [phones, emails, groups] = await Promise.all([
      this.#db.selectFrom('customer_phones').select(['customer_id', 'raw', 'e164', 'is_primary']).where('customer_id', 'in', ids).orderBy('id').execute(),
      this.#db.selectFrom('customer_emails').select(['customer_id', 'address', 'is_primary']).where('customer_id', 'in', ids).orderBy('id').execute(),
      this.#db.selectFrom('customer_tags').innerJoin('tags', 'tags.id', 'customer_tags.tag_id')
        .select(['customer_tags.customer_id', 'tags.name']).where('customer_tags.customer_id', 'in', ids).orderBy('tags.name').execute()
    ])
    const primaryFirst = <T extends { is_primary: boolean | number }>(list: T[]): T[] =>
      [...list.filter(x => Boolean(x.is_primary)), ...list.filter(x => !x.is_primary)]
    const by = <T extends { customer_id: number }>(list: readonly T[]): Map<number, T[]> => {
      const out = new Map<number, T[]>()
      for (const x of list) out.set(x.customer_id, [...(out.get(x.customer_id) ?? []), x])
      return out
    }
    const phonesOf = by(phones)
    const emailsOf = by(emails)
    const groupsOf = by(groups)
    return rows.map(r => ({
      id: r.id,
      externalId: r.external_id,
      displayName: r.display_name,
      honorific: r.honorific,
      givenName: r.given_name,
      familyName: r.family_name,
      company: r.company,
      phones: primaryFirst(phonesOf.get(r.id) ?? []).map(p => p.e164 ?? p.raw),
      emails: primaryFirst(emailsOf.get(r.id) ?? []).map(e => e.address),
      groups: (groupsOf.get(r.id) ?? []).map(g => g.name),
      ownerLogin: r.owner_login,
      ownerName: r.owner_name,
      stage: r.stage,
      tier: r.tier,
      tierSource: r.tier_source,
      campaign: r.campaign_name,
      birthday: r.birthday,
      language: r.language,
      address: r.address,
      city: r.city,
      notes: r.notes,
      createdAt: r.created_at,
      updatedAt: r.updated_at
    }))
  }

  /**
   * Up to `limit` contacts with ids above `afterId`, of the customers in
   * scope and filter; contacts filed on no customer only when the scope is
   * everyone and no filter is given.
   */
  async interactions (scope: ExportScope, filter: ExportFilter, afterId: number, limit: number): Promise<ExportInteraction[]> {
    const narrowed = scope.kind === 'related' || Object.values(filter).some(v => v !== undefined)
    const rows = await this.#db.selectFrom('interactions')
      .leftJoin('customers', 'customers.id', 'interactions.customer_id')
      .leftJoin('operators', 'operators.id', 'interactions.operator_id')
      .leftJoin('issues', 'issues.id', 'interactions.issue_id')
      .selectAll('interactions')
      .select([
        'customers.external_id as customer_external_id', 'customers.display_name as customer_name',
        'operators.login as operator_login', 'operators.display_name as operator_name',
        'issues.title as issue_title', 'issues.status as issue_status'
      ])
      .where('interactions.id', '>', afterId)
      .$if(narrowed, q => q.where('interactions.customer_id', 'in', eb => eb.selectFrom('customers')
        .select('customers.id').where(e => this.#narrow(e, scope, filter))))
      .orderBy('interactions.id').limit(limit).execute()
    return rows.map(r => ({
      id: r.id,
      customerId: r.customer_id,
      customerExternalId: r.customer_external_id,
      customerName: r.customer_name,
      kind: r.kind,
      direction: r.direction,
      occurredAt: r.occurred_at,
      operatorLogin: r.operator_login,
      operatorName: r.operator_name,
      extension: r.extension,
      queue: r.queue,
      remoteNumber: r.remote_number,
      ringSeconds: r.ring_seconds,
      talkSeconds: r.talk_seconds,
      callResult: r.call_result,
      disposition: r.disposition,
      subject: r.subject,
      note: r.note,
      outcome: r.outcome,
      resolved: r.resolved === null ? null : Boolean(r.resolved),
      issueId: r.issue_id,
      issueTitle: r.issue_title,
      issueStatus: r.issue_status
    }))
  }

  /**
   * The filter, and for an operator the files they may read: the stored
   * half of `CustomerFileRepo.relatesTo` (owner or creator, a call record
   * with them or their extension, an audit row by them), written for a
   * whole table instead of one customer. Calls still ringing (live state)
   * are not stored yet, so they do not count here.
   */
  #narrow (eb: CustomersEb, scope: ExportScope, filter: ExportFilter): Expression<SqlBool> {
    const conditions: Array<Expression<SqlBool>> = []
    const { groupId } = filter
    if (groupId !== undefined) {
      conditions.push(eb.exists(eb.selectFrom('customer_tags').select('customer_tags.tag_id')
        .whereRef('customer_tags.customer_id', '=', 'customers.id').where('customer_tags.tag_id', '=', groupId)))
    }
    if (filter.tier !== undefined) conditions.push(eb('customers.tier', '=', filter.tier))
    if (filter.stage !== undefined) conditions.push(eb('customers.stage', '=', filter.stage))
    if (filter.ownerId !== undefined) conditions.push(eb('customers.owner_id', '=', filter.ownerId))
    if (filter.campaignId !== undefined) conditions.push(eb('customers.campaign_id', '=', filter.campaignId))
    if (scope.kind === 'related') {
      const { id, extensions } = scope.operator
      conditions.push(eb.or([
        eb('customers.owner_id', '=', id),
        eb('customers.created_by', '=', id),
        eb.exists(eb.selectFrom('interactions').select('interactions.id')
          .whereRef('interactions.customer_id', '=', 'customers.id')
          .where(e => e.or([
            e('interactions.operator_id', '=', id),
            ...(extensions.length === 0 ? [] : [e('interactions.extension', 'in', [...extensions])])
          ]))),
        eb.exists(eb.selectFrom('audit_log').select('audit_log.id')
          .where('audit_log.entity', '=', 'customer')
          .where('audit_log.entity_id', '=', sql<string>`cast(customers.id as text)`)
          .where('audit_log.actor_id', '=', id))
      ]))
    }
    return eb.and(conditions)
  }
}
