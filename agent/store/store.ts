/**
 * The agent's persistence API. It takes a `Kysely<Database>` and returns
 * plain records from `types.ts`, so nothing above it knows whether SQLite or
 * PostgreSQL is underneath (only `connect.ts` does).
 *
 * Each concept lives in its own module (operators, customers, issues,
 * interactions, outcomes, audit); this class composes them and owns the
 * transactions that span several.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../schema/database.js'
import type { CallLogEntry, Interaction, InteractionWithOperator, NewInteractionInput, OutcomeInput, OutcomeResult } from '../model/interaction.js'
import type { Customer, NewCustomerInput, NewLeadInput, PhoneHit } from '../model/customer.js'
import type { Issue } from '../model/issue.js'
import type { NewOperatorInput, Operator } from '../model/operator.js'
import { writeAudit } from './audit-log.js'
import { CustomerStore } from '../crm/customers/customer-repo.js'
import { InteractionStore } from '../crm/interactions/interaction-repo.js'
import { IssueStore } from '../crm/issues/issue-repo.js'
import { OperatorStore } from '../crm/operators/operator-repo.js'
import { OutcomeStore } from '../crm/interactions/outcome-repo.js'
import { StoreError } from './store-error.js'

/** Options for {@link Store}. */
export interface StoreOptions {
  /** The clock for every stored time (`created_at`, `opened_at`, audit `at` …). */
  readonly now: () => Date
}

export class Store {
  readonly #db: Kysely<Database>
  readonly #now: () => Date
  readonly #operators: OperatorStore
  readonly #customers: CustomerStore
  readonly #issues: IssueStore
  readonly #interactions: InteractionStore
  readonly #outcomes: OutcomeStore

  constructor (db: Kysely<Database>, opts: StoreOptions) {
    this.#db = db
    this.#now = opts.now
    this.#operators = new OperatorStore(db, opts.now)
    this.#customers = new CustomerStore(db, opts.now)
    this.#issues = new IssueStore(db, opts.now)
    this.#interactions = new InteractionStore(db, opts.now)
    this.#outcomes = new OutcomeStore(db, opts.now)
  }

  // ── operators ────────────────────────────────────────────────────────────

  /** The operator a bearer token belongs to (SHA-256 lookup), or null. */
  findOperatorByToken (token: string): Promise<Operator | null> {
    return this.#operators.findByToken(token)
  }

  getOperator (id: number): Promise<Operator | null> {
    return this.#operators.get(id)
  }

  findOperatorByExtension (extension: string): Promise<Operator | null> {
    return this.#operators.findByExtension(extension)
  }

  /** All operators, by id, each with its extensions. */
  /** Replaces an operator's token; false when the login does not exist. */
  rotateOperatorToken (login: string, token: string): Promise<boolean> {
    return this.#operators.rotateToken(login, token)
  }

  listOperators (): Promise<Operator[]> {
    return this.#operators.list()
  }

  /**
   * Creates an operator; only the token's hash is stored.
   * @throws StoreError `RC_ERR_STORE_CONFLICT` when the login, token or an extension is taken.
   */
  createOperator (input: NewOperatorInput): Promise<Operator> {
    return this.#operators.create(input)
  }

  // ── customers ────────────────────────────────────────────────────────────

  /** A customer with phones, tags (sorted) and the owner's name; null when there is none. */
  getCustomer (id: number): Promise<Customer | null> {
    return this.#customers.get(id)
  }

  /** Phone rows stored with one of these E.164 numbers. */
  findPhonesByE164 (e164s: readonly string[]): Promise<PhoneHit[]> {
    return this.#customers.findPhonesByE164(e164s)
  }

  /** Phone rows ending in these digits (8 digits: indexed). At most 50 rows. */
  findPhonesBySuffix (suffix: string): Promise<PhoneHit[]> {
    return this.#customers.findPhonesBySuffix(suffix)
  }

  /** Creates a customer (usually stage `lead`) from an unknown caller's number, with an audit row. */
  async createLead (input: NewLeadInput, actorId: number): Promise<Customer> {
    const { phoneRaw, phoneE164, ...rest } = input
    return await this.#createCustomer({
      ...rest,
      birthday: null,
      phones: [{ raw: phoneRaw, e164: phoneE164, kind: 'other' }]
    }, actorId, 'lead.create')
  }

  /** Creates a customer with every field (imports, demo seeding), with an audit row. */
  async createCustomer (input: NewCustomerInput, actorId: number | null = null): Promise<Customer> {
    return await this.#createCustomer(input, actorId, 'customer.create')
  }

  countCustomers (): Promise<number> {
    return this.#customers.count()
  }

  // ── issues ───────────────────────────────────────────────────────────────

  /**
   * Opens an issue for a customer.
   * @throws StoreError `RC_ERR_STORE_NOT_FOUND` when the customer does not exist.
   */
  async addIssue (customerId: number, title: string, actorId: number | null): Promise<Issue> {
    return await this.#db.transaction().execute(async (trx) => {
      if (!(await new CustomerStore(trx, this.#now).exists(customerId))) {
        throw new StoreError('RC_ERR_STORE_NOT_FOUND', 'customer', `Customer ${customerId} does not exist`)
      }
      const issue = await new IssueStore(trx, this.#now).open(customerId, title, actorId)
      await writeAudit(trx, issue.openedAt, {
        actorId, action: 'issue.open', entity: 'issue', entityId: issue.id, detail: { customerId }
      })
      return issue
    })
  }

  /** A customer's open issues, oldest first. */
  listOpenIssues (customerId: number): Promise<Issue[]> {
    return this.#issues.listOpen(customerId)
  }

  getIssue (id: number): Promise<Issue | null> {
    return this.#issues.get(id)
  }

  // ── interactions ─────────────────────────────────────────────────────────

  /** A customer's contacts, newest first, each with `operatorName`. */
  listInteractions (customerId: number, limit: number): Promise<InteractionWithOperator[]> {
    return this.#interactions.listForCustomer(customerId, limit)
  }

  /** The one record of a PBX call, or null when neither the call log nor a wrap-up wrote it yet. */
  getCallInteraction (callId: string): Promise<Interaction | null> {
    return this.#interactions.getByCall(callId)
  }

  /**
   * Records a finished call's PBX facts. Idempotent by `callId`: one row per
   * call; a repeat refreshes the facts and never overwrites the operator's
   * disposition, note or resolved flag.
   */
  logCall (entry: CallLogEntry): Promise<Interaction> {
    return this.#interactions.logCall(entry)
  }

  /** Adds a meeting, e-mail or note (or a historical call) to a customer's file. */
  addInteraction (input: NewInteractionInput): Promise<Interaction> {
    return this.#interactions.add(input)
  }

  /**
   * Saves an operator's wrap-up in one transaction: the call's row (created
   * from `input.call` if the call log has not written it), the issue resolved
   * or opened and linked, the idempotency record and an audit row. Resolves
   * after COMMIT.
   *
   * - Same `idempotencyKey` again (also concurrently): the stored result with
   *   `replayed: true`, nothing written. The interaction and issue are read
   *   as they are now, so a later correction shows.
   * - A new key for a call already wrapped up: the wrap-up is overwritten
   *   (the operator corrects it) and audited as `outcome.correct`.
   *
   * @throws StoreError `RC_ERR_STORE_NOT_FOUND` (customer, issue of that customer, or a call with
   *   no row and no facts), `RC_ERR_STORE_CONFLICT` (key used for another call),
   *   `RC_ERR_STORE_INVALID` (both resolveIssueId and newIssueTitle; an issue on a call without customer).
   */
  saveOutcome (input: OutcomeInput): Promise<OutcomeResult> {
    return this.#outcomes.save(input)
  }

  // ── audit ────────────────────────────────────────────────────────────────

  /** Appends an audit row. `detail` is stored as JSON; keys naming tokens or secrets are dropped. */
  async audit (
    actorId: number | null, action: string, entity: string, entityId: string | number | null,
    detail: Readonly<Record<string, unknown>>
  ): Promise<void> {
    await writeAudit(this.#db, this.#now().toISOString(), { actorId, action, entity, entityId, detail })
  }

  async #createCustomer (input: NewCustomerInput, actorId: number | null, action: string): Promise<Customer> {
    const id = await this.#db.transaction().execute(async (trx) => {
      const id = await new CustomerStore(trx, this.#now).insert(input)
      await writeAudit(trx, this.#now().toISOString(), {
        actorId,
        action,
        entity: 'customer',
        entityId: id,
        // No names or numbers: the audit log is read by people who need not see them.
        detail: { stage: input.stage, phones: input.phones.length, sourceCampaign: input.sourceCampaign }
      })
      return id
    })
    const customer = await this.#customers.get(id)
    if (customer === null) throw new Error(`customer ${id} vanished after insert`)
    return customer
  }
}
