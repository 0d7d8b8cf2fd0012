import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../../../schema/database.js'
import type { Interaction, OutcomeInput, OutcomeResult } from '../../model/interaction.js'
import type { Issue } from '../../model/issue.js'
import { writeAudit } from '../../store/audit-log.js'
import { CustomerRepo } from '../customers/customer-repo.js'
import { InteractionRepo } from './interaction-repo.js'
import { IssueRepo } from '../issues/issue-repo.js'
import { StoreError } from '../../store/store-error.js'
import { inTransaction } from '../../store/unit-of-work.js'

/**
 * Saves an operator's wrap-up exactly once per idempotency key, and at most
 * one operator's wrap-up per call.
 *
 * The key is claimed first, with `INSERT … ON CONFLICT DO NOTHING` on the
 * unique `outcome_requests.idempotency_key`. A concurrent duplicate blocks on
 * that row (PostgreSQL) or on the single connection (SQLite) until the first
 * transaction ends, then finds the key taken and replays the stored result.
 *
 * Two operators with different keys for the same call do not meet on the key;
 * they meet on the call's row, which is written with a condition ("no one
 * else's wrap-up is on it") that the engine checks at write time. The one
 * that writes second finds the condition false and gets a conflict.
 */
export class OutcomeRepo {
  readonly #db: Kysely<Database>
  readonly #now: () => Date

  constructor (db: Kysely<Database>, now: () => Date) {
    this.#db = db
    this.#now = now
  }

  /**
   * Saves an operator's wrap-up in one transaction: the call's row (created
   * from `input.call` if the call log has not written it), the issue resolved
   * or opened and linked, the idempotency record and an audit row. Resolves
   * after COMMIT.
   *
   * - Same `idempotencyKey` and the same operator's choices again (also
   *   concurrently): the stored result with `replayed: true`, nothing written.
   *   The interaction and issue are read as they are now, so a later
   *   correction shows.
   * - A new key from the operator whose wrap-up is on the call: the wrap-up
   *   is overwritten (the operator corrects it) and audited as `outcome.correct`.
   *
   * @throws StoreError `RC_ERR_STORE_NOT_FOUND` (customer, issue of that customer, or a call with
   *   no row and no facts), `RC_ERR_STORE_CONFLICT` with entity `idempotency_key` (key used for
   *   another call or with other choices) or `outcome` (another operator wrapped up the call),
   *   `RC_ERR_STORE_INVALID` (both resolveIssueId and newIssueTitle; an issue on a call without customer).
   */
  async save (input: OutcomeInput): Promise<OutcomeResult> {
    if (input.resolveIssueId !== null && input.newIssueTitle !== null) {
      throw new StoreError('RC_ERR_STORE_INVALID', 'issue', 'Give either resolveIssueId or newIssueTitle, not both')
    }
    const requestHash = requestFingerprint(input)
    return await inTransaction(this.#db, async (trx) => {
      const at = this.#now().toISOString()
      const claimed = await trx.insertInto('outcome_requests').values({
        idempotency_key: input.idempotencyKey,
        operator_id: input.operatorId,
        call_id: input.callId,
        interaction_id: null,
        issue_id: null,
        created_at: at,
        request_hash: requestHash
      }).onConflict(oc => oc.column('idempotency_key').doNothing()).returning('id').executeTakeFirst()
      if (claimed === undefined) return await this.#replay(trx, input, requestHash)

      const interactions = new InteractionRepo(trx, this.#now)
      const issues = new IssueRepo(trx, this.#now)
      if (input.customerId !== null && !(await new CustomerRepo(trx, this.#now).exists(input.customerId))) {
        throw new StoreError('RC_ERR_STORE_NOT_FOUND', 'customer', `Customer ${input.customerId} does not exist`)
      }

      // Read only to pick insert or update and to name the audit action; the writes below decide who wins.
      // Two racing saves by the same operator may both be audited `outcome.save`.
      const existing = await interactions.getByCall(input.callId)
      const wrap = {
        operatorId: input.operatorId,
        customerId: input.customerId,
        disposition: input.disposition,
        note: input.note,
        resolved: input.resolved
      }
      let written: Interaction | null
      if (existing !== null) written = await interactions.updateWrapUp(existing.id, wrap)
      else if (input.call !== null) written = await interactions.saveWrapUp(input.callId, input.call, wrap)
      else throw new StoreError('RC_ERR_STORE_NOT_FOUND', 'call', `Call ${input.callId} is not in the call log and no call facts were given`)
      if (written === null) {
        throw new StoreError('RC_ERR_STORE_CONFLICT', 'outcome', 'Another operator already wrapped up this call')
      }
      let interaction = written

      let issue: Issue | null = null
      if (input.resolveIssueId !== null || input.newIssueTitle !== null) {
        const customerId = interaction.customerId
        if (customerId === null) {
          throw new StoreError('RC_ERR_STORE_INVALID', 'customer', 'An issue needs a customer; this call has none')
        }
        if (input.resolveIssueId !== null) {
          issue = await issues.resolve(input.resolveIssueId, customerId, input.operatorId)
        } else {
          issue = await issues.open(customerId, input.newIssueTitle ?? '', input.operatorId)
          // Raised and solved on this very call: the issue is resolved on its first contact.
          if (input.resolved) issue = await issues.resolve(issue.id, customerId, input.operatorId)
        }
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
          issueAction: input.resolveIssueId !== null ? 'resolve' : input.newIssueTitle !== null ? (input.resolved ? 'open-resolved' : 'open') : null
        }
      })
      return { interaction, issue, replayed: false }
    })
  }

  async #replay (trx: Kysely<Database>, input: OutcomeInput, requestHash: string): Promise<OutcomeResult> {
    const request = await trx.selectFrom('outcome_requests').selectAll()
      .where('idempotency_key', '=', input.idempotencyKey).executeTakeFirstOrThrow()
    if (request.call_id !== input.callId) {
      throw new StoreError('RC_ERR_STORE_CONFLICT', 'idempotency_key', 'This idempotency key was used for another call')
    }
    // Null: stored before requests were fingerprinted; the key alone has to do.
    if (request.request_hash !== null && request.request_hash !== requestHash) {
      throw new StoreError('RC_ERR_STORE_CONFLICT', 'idempotency_key', 'This idempotency key was used for a different wrap-up')
    }
    const interaction = request.interaction_id === null
      ? null
      : await new InteractionRepo(trx, this.#now).get(request.interaction_id)
    if (interaction === null) {
      throw new StoreError('RC_ERR_STORE_NOT_FOUND', 'outcome', 'The outcome stored under this key no longer exists')
    }
    const issue = request.issue_id === null ? null : await new IssueRepo(trx, this.#now).get(request.issue_id)
    return { interaction, issue, replayed: true }
  }
}

/**
 * SHA-256 (hex) of what the operator chose in a wrap-up, to tell a retry from
 * a different request under the same key. The call facts are left out: they
 * come from the PBX, and a retry may carry fresher ones.
 *
 * An array in a fixed order is its own canonical JSON. The order is part of
 * what is stored: changing it makes every stored key refuse its retries.
 */
function requestFingerprint (input: OutcomeInput): string {
  const chosen = [
    input.operatorId, input.customerId, input.disposition, input.note,
    input.resolved, input.resolveIssueId, input.newIssueTitle
  ]
  return createHash('sha256').update(JSON.stringify(chosen), 'utf8').digest('hex')
}
