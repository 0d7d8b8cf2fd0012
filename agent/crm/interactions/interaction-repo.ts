import { sql } from 'kysely'
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely'
import type { Database, InteractionsTable } from '../../../schema/database.js'
import type { CallLogEntry, Interaction, InteractionWithOperator, NewInteractionInput } from '../../model/interaction.js'
import { isStorableId } from '../../store/limits.js'

/** The operator's part of a call record, written by a wrap-up. */
export interface WrapUp {
  readonly operatorId: number
  /** Null keeps the customer already on the record. */
  readonly customerId: number | null
  readonly disposition: string
  readonly note: string
  readonly resolved: boolean
}

/** Where a timeline page starts: entries strictly older than this one. */
export interface TimelineCursor {
  readonly occurredAt: string
  /** Breaks ties between entries at the same time; omitted: every entry at `occurredAt` is excluded too. */
  readonly id: number | null
}

/** A timeline entry: the contact, who handled it, and the issue it belongs to. */
export interface TimelineItem extends InteractionWithOperator {
  readonly issueTitle: string | null
  readonly issueStatus: 'open' | 'resolved' | null
}

/** One contact linked to an issue, as the issue lists it. */
export interface IssueContact {
  readonly id: number
  readonly issueId: number
  readonly kind: Interaction['kind']
  readonly occurredAt: string
  readonly resolved: boolean | null
}

/** Same predicate as the partial unique index `interactions_call_unique`; ON CONFLICT must repeat it. */
const IS_CALL = sql<boolean>`kind = 'call'`

/**
 * The row's wrap-up may be written by `operatorId`: nobody wrapped it up yet,
 * or this operator did (a correction), or whoever did was deleted. Checked in
 * the write itself, not read first: PostgreSQL re-checks a WHERE on the row a
 * concurrent transaction just committed, so of two operators saving at once
 * exactly one matches.
 */
function wrapUpFreeFor (eb: ExpressionBuilder<Database, 'interactions'>, operatorId: number) {
  return eb.or([
    eb('interactions.disposition', 'is', null),
    eb('interactions.operator_id', 'is', null),
    eb('interactions.operator_id', '=', operatorId)
  ])
}

/**
 * Contacts with customers. A PBX call has exactly one row (kind `call`,
 * unique `call_id`); the call log and the operator's wrap-up both write it,
 * in either order, each touching only its own columns.
 */
export class InteractionRepo {
  readonly #db: Kysely<Database>
  readonly #now: () => Date

  constructor (db: Kysely<Database>, now: () => Date) {
    this.#db = db
    this.#now = now
  }

  /**
   * Records the PBX facts of a call. Idempotent by `callId`: a repeat
   * updates the facts (result, durations …) and never touches the operator's
   * disposition, note, resolved flag, or a customer/operator already set.
   */
  async logCall (entry: CallLogEntry): Promise<Interaction> {
    const at = this.#now().toISOString()
    const row = await this.#db.insertInto('interactions').values({
      ...callFacts(entry),
      call_id: entry.callId,
      customer_id: entry.customerId,
      operator_id: entry.operatorId,
      updated_at: at
    }).onConflict(oc => oc.column('call_id').where(IS_CALL).doUpdateSet(eb => ({
      direction: eb.ref('excluded.direction'),
      occurred_at: eb.ref('excluded.occurred_at'),
      call_result: eb.ref('excluded.call_result'),
      extension: eb.fn.coalesce('excluded.extension', 'interactions.extension'),
      queue: eb.fn.coalesce('excluded.queue', 'interactions.queue'),
      remote_number: eb.fn.coalesce('excluded.remote_number', 'interactions.remote_number'),
      ring_seconds: eb.fn.coalesce('excluded.ring_seconds', 'interactions.ring_seconds'),
      talk_seconds: eb.fn.coalesce('excluded.talk_seconds', 'interactions.talk_seconds'),
      customer_id: eb.fn.coalesce('interactions.customer_id', 'excluded.customer_id'),
      operator_id: eb.fn.coalesce('interactions.operator_id', 'excluded.operator_id'),
      updated_at: eb.ref('excluded.updated_at')
    }))).returningAll().executeTakeFirstOrThrow()
    return toInteraction(row)
  }

  /** The record of a PBX call, or null before the call log or a wrap-up wrote it. */
  async getByCall (callId: string): Promise<Interaction | null> {
    const row = await this.#db.selectFrom('interactions').selectAll()
      .where('call_id', '=', callId).where('kind', '=', 'call').executeTakeFirst()
    return row === undefined ? null : toInteraction(row)
  }

  async get (id: number): Promise<Interaction | null> {
    if (!isStorableId(id)) return null
    const row = await this.#db.selectFrom('interactions').selectAll().where('id', '=', id).executeTakeFirst()
    return row === undefined ? null : toInteraction(row)
  }

  /** A customer's contacts, newest first, with the operator's display name. */
  async listForCustomer (customerId: number, limit: number): Promise<InteractionWithOperator[]> {
    if (!isStorableId(customerId)) return []
    const rows = await this.#db.selectFrom('interactions')
      .leftJoin('operators', 'operators.id', 'interactions.operator_id')
      .selectAll('interactions')
      .select('operators.display_name as operator_name')
      .where('interactions.customer_id', '=', customerId)
      .orderBy('interactions.occurred_at', 'desc').orderBy('interactions.id', 'desc')
      .limit(Math.max(0, Math.trunc(limit)))
      .execute()
    return rows.map(r => ({ ...toInteraction(r), operatorName: r.operator_name }))
  }

  /**
   * A page of a customer's timeline (every kind of contact), newest first,
   * with the handling operator's name and the linked issue's title. Ties in
   * time are ordered by id, so pages never skip or repeat an entry.
   */
  async timeline (customerId: number, before: TimelineCursor | null, limit: number): Promise<TimelineItem[]> {
    if (!isStorableId(customerId)) return []
    let query = this.#db.selectFrom('interactions')
      .leftJoin('operators', 'operators.id', 'interactions.operator_id')
      .leftJoin('issues', 'issues.id', 'interactions.issue_id')
      .selectAll('interactions')
      .select(['operators.display_name as operator_name', 'issues.title as issue_title', 'issues.status as issue_status'])
      .where('interactions.customer_id', '=', customerId)
    if (before !== null) {
      const { occurredAt, id } = before
      query = query.where(eb => id === null
        ? eb('interactions.occurred_at', '<', occurredAt)
        : eb.or([
            eb('interactions.occurred_at', '<', occurredAt),
            eb.and([eb('interactions.occurred_at', '=', occurredAt), eb('interactions.id', '<', id)])
          ]))
    }
    const rows = await query
      .orderBy('interactions.occurred_at', 'desc').orderBy('interactions.id', 'desc')
      .limit(Math.max(0, Math.trunc(limit)))
      .execute()
    return rows.map(r => ({ ...toInteraction(r), operatorName: r.operator_name, issueTitle: r.issue_title, issueStatus: r.issue_status }))
  }

  /** The contacts linked to each of `issueIds`, oldest first. */
  async listForIssues (issueIds: readonly number[]): Promise<IssueContact[]> {
    const ids = issueIds.filter(isStorableId)
    if (ids.length === 0) return []
    const rows = await this.#db.selectFrom('interactions')
      .select(['id', 'issue_id', 'kind', 'occurred_at', 'resolved'])
      .where('issue_id', 'in', ids)
      .orderBy('occurred_at').orderBy('id')
      .execute()
    return rows.map(r => ({
      id: r.id,
      issueId: r.issue_id ?? 0,
      kind: r.kind,
      occurredAt: r.occurred_at,
      resolved: r.resolved === null ? null : Boolean(r.resolved)
    }))
  }

  /** Adds a meeting, e-mail, SMS, note, or a historical call without PBX id. */
  async add (input: NewInteractionInput): Promise<Interaction> {
    const row = await this.#db.insertInto('interactions').values({
      customer_id: input.customerId,
      kind: input.kind,
      direction: input.direction,
      occurred_at: new Date(input.occurredAt).toISOString(),
      operator_id: input.operatorId,
      disposition: input.disposition,
      note: input.note,
      resolved: input.resolved,
      issue_id: input.issueId,
      subject: input.subject ?? null,
      outcome: input.outcome ?? null,
      updated_at: this.#now().toISOString()
    }).returningAll().executeTakeFirstOrThrow()
    return toInteraction(row)
  }

  /**
   * Writes a wrap-up onto the call's row, creating the row from `facts` when
   * the call log has not written it yet (a concurrent call log write turns the
   * insert into an update, not a duplicate).
   * @returns null, writing nothing, when another operator's wrap-up is on the row.
   */
  async saveWrapUp (callId: string, facts: Omit<CallLogEntry, 'callId' | 'customerId' | 'operatorId'>, wrap: WrapUp): Promise<Interaction | null> {
    const at = this.#now().toISOString()
    const row = await this.#db.insertInto('interactions').values({
      ...callFacts(facts),
      call_id: callId,
      customer_id: wrap.customerId,
      operator_id: wrap.operatorId,
      disposition: wrap.disposition,
      note: wrap.note,
      resolved: wrap.resolved,
      updated_at: at
    }).onConflict(oc => oc.column('call_id').where(IS_CALL).doUpdateSet(eb => ({
      operator_id: eb.ref('excluded.operator_id'),
      customer_id: eb.fn.coalesce('excluded.customer_id', 'interactions.customer_id'),
      disposition: eb.ref('excluded.disposition'),
      note: eb.ref('excluded.note'),
      resolved: eb.ref('excluded.resolved'),
      updated_at: eb.ref('excluded.updated_at')
    })).where(eb => wrapUpFreeFor(eb, wrap.operatorId))).returningAll().executeTakeFirst()
    return row === undefined ? null : toInteraction(row)
  }

  /**
   * Writes a wrap-up onto an existing row.
   * @returns null, writing nothing, when another operator's wrap-up is on the row.
   */
  async updateWrapUp (id: number, wrap: WrapUp): Promise<Interaction | null> {
    const row = await this.#db.updateTable('interactions').set(eb => ({
      operator_id: wrap.operatorId,
      customer_id: wrap.customerId ?? eb.ref('customer_id'),
      disposition: wrap.disposition,
      note: wrap.note,
      resolved: wrap.resolved,
      updated_at: this.#now().toISOString()
    })).where('id', '=', id).where(eb => wrapUpFreeFor(eb, wrap.operatorId)).returningAll().executeTakeFirst()
    return row === undefined ? null : toInteraction(row)
  }

  async linkIssue (id: number, issueId: number): Promise<Interaction> {
    const row = await this.#db.updateTable('interactions').set({ issue_id: issueId })
      .where('id', '=', id).returningAll().executeTakeFirstOrThrow()
    return toInteraction(row)
  }
}

function callFacts (entry: Omit<CallLogEntry, 'callId' | 'customerId' | 'operatorId'>) {
  return {
    kind: 'call',
    direction: entry.direction,
    // Re-serialized so that every stored time has the same shape and text order is time order.
    occurred_at: new Date(entry.occurredAt).toISOString(),
    extension: entry.extension,
    queue: entry.queue,
    remote_number: entry.remoteNumber,
    ring_seconds: entry.ringSeconds,
    talk_seconds: entry.talkSeconds,
    call_result: entry.callResult
  } as const
}

/** Row to record. SQLite returns booleans as 0/1; callers always get `boolean | null`. */
export function toInteraction (row: Selectable<InteractionsTable>): Interaction {
  return {
    id: row.id,
    customerId: row.customer_id,
    kind: row.kind,
    direction: row.direction,
    occurredAt: row.occurred_at,
    operatorId: row.operator_id,
    extension: row.extension,
    callId: row.call_id,
    queue: row.queue,
    remoteNumber: row.remote_number,
    ringSeconds: row.ring_seconds,
    talkSeconds: row.talk_seconds,
    callResult: row.call_result,
    disposition: row.disposition,
    note: row.note,
    resolved: row.resolved === null ? null : Boolean(row.resolved),
    issueId: row.issue_id,
    subject: row.subject,
    outcome: row.outcome
  }
}
