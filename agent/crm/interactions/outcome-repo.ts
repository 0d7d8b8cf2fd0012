import type { Kysely } from 'kysely'
import type { Database } from '../../../schema/database.js'
import type { Interaction, OutcomeInput, OutcomeResult } from '../../model/interaction.js'
import type { Issue } from '../../model/issue.js'
import { writeAudit } from '../../store/audit-log.js'
import { CustomerStore } from '../customers/customer-repo.js'
import { InteractionStore } from './interaction-repo.js'
import { IssueStore } from '../issues/issue-repo.js'
import { StoreError } from '../../store/store-error.js'

/**
 * Saves an operator's wrap-up exactly once per idempotency key.
 *
 * The key is claimed first, with `INSERT … ON CONFLICT DO NOTHING` on the
 * unique `outcome_requests.idempotency_key`. A concurrent duplicate blocks on
 * that row (PostgreSQL) or on the single connection (SQLite) until the first
 * transaction ends, then finds the key taken and replays the stored result.
 */
export class OutcomeStore {
  readonly #db: Kysely<Database>
  readonly #now: () => Date

  constructor (db: Kysely<Database>, now: () => Date) {
    this.#db = db
    this.#now = now
  }

  async save (input: OutcomeInput): Promise<OutcomeResult> {
    if (input.resolveIssueId !== null && input.newIssueTitle !== null) {
      throw new StoreError('RC_ERR_STORE_INVALID', 'issue', 'Give either resolveIssueId or newIssueTitle, not both')
    }
    return await this.#db.transaction().execute(async (trx) => {
      const at = this.#now().toISOString()
      const claimed = await trx.insertInto('outcome_requests').values({
        idempotency_key: input.idempotencyKey,
        operator_id: input.operatorId,
        call_id: input.callId,
        interaction_id: null,
        issue_id: null,
        created_at: at
      }).onConflict(oc => oc.column('idempotency_key').doNothing()).returning('id').executeTakeFirst()
      if (claimed === undefined) return await this.#replay(trx, input)

      const interactions = new InteractionStore(trx, this.#now)
      const issues = new IssueStore(trx, this.#now)
      if (input.customerId !== null && !(await new CustomerStore(trx, this.#now).exists(input.customerId))) {
        throw new StoreError('RC_ERR_STORE_NOT_FOUND', 'customer', `Customer ${input.customerId} does not exist`)
      }

      const existing = await interactions.getByCall(input.callId)
      if (existing !== null && existing.disposition !== null && existing.operatorId !== null && existing.operatorId !== input.operatorId) {
        throw new StoreError('RC_ERR_STORE_CONFLICT', 'outcome', 'Another operator already wrapped up this call')
      }
      const wrap = {
        operatorId: input.operatorId,
        customerId: input.customerId,
        disposition: input.disposition,
        note: input.note,
        resolved: input.resolved
      }
      let interaction: Interaction
      if (existing !== null) interaction = await interactions.updateWrapUp(existing.id, wrap)
      else if (input.call !== null) interaction = await interactions.saveWrapUp(input.callId, input.call, wrap)
      else throw new StoreError('RC_ERR_STORE_NOT_FOUND', 'call', `Call ${input.callId} is not in the call log and no call facts were given`)

      let issue: Issue | null = null
      if (input.resolveIssueId !== null || input.newIssueTitle !== null) {
        const customerId = interaction.customerId
        if (customerId === null) {
          throw new StoreError('RC_ERR_STORE_INVALID', 'customer', 'An issue needs a customer; this call has none')
        }
        issue = input.resolveIssueId !== null
          ? await issues.resolve(input.resolveIssueId, customerId, input.operatorId)
          : await issues.open(customerId, input.newIssueTitle ?? '', input.operatorId)
        interaction = await interactions.linkIssue(interaction.id, issue.id)
      }

      await trx.updateTable('outcome_requests')
        .set({ interaction_id: interaction.id, issue_id: issue?.id ?? null })
        .where('id', '=', claimed.id).execute()
      await writeAudit(trx, at, {
        actorId: input.operatorId,
        // A second key for a call that was already wrapped up is the operator correcting it.
        action: existing !== null && existing.disposition !== null ? 'outcome.correct' : 'outcome.save',
        entity: 'interaction',
        entityId: interaction.id,
        detail: {
          callId: input.callId,
          customerId: interaction.customerId,
          disposition: input.disposition,
          resolved: input.resolved,
          issueId: issue?.id ?? null,
          issueAction: input.resolveIssueId !== null ? 'resolve' : input.newIssueTitle !== null ? 'open' : null
        }
      })
      return { interaction, issue, replayed: false }
    })
  }

  async #replay (trx: Kysely<Database>, input: OutcomeInput): Promise<OutcomeResult> {
    const request = await trx.selectFrom('outcome_requests').selectAll()
      .where('idempotency_key', '=', input.idempotencyKey).executeTakeFirstOrThrow()
    if (request.call_id !== input.callId) {
      throw new StoreError('RC_ERR_STORE_CONFLICT', 'idempotency_key', 'This idempotency key was used for another call')
    }
    const interaction = request.interaction_id === null
      ? null
      : await new InteractionStore(trx, this.#now).get(request.interaction_id)
    if (interaction === null) {
      throw new StoreError('RC_ERR_STORE_NOT_FOUND', 'outcome', 'The outcome stored under this key no longer exists')
    }
    const issue = request.issue_id === null ? null : await new IssueStore(trx, this.#now).get(request.issue_id)
    return { interaction, issue, replayed: true }
  }
}
