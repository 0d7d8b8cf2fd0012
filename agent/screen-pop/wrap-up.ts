/**
 * The wrap-up use cases: save the operator's outcome for a call, and pick who
 * was calling from a chooser. Each checks who may act (./call-access.ts),
 * writes in one transaction through the store, and tells live state, which
 * delivery relays to the operators' pops. Routes only translate to and from
 * HTTP; everything an outcome means is decided here.
 */
import type { Logger } from 'pino'
import type { OutcomeBody, OutcomeSaved } from '../contracts/rest.js'
import type { CallMatch, CallView, CustomerCard } from '../contracts/ws.js'
import type { LiveCalls } from '../live/live-calls.js'
import { pbxIdOfCallId, type Call } from '../model/call.js'
import type { Interaction, OutcomeInput, OutcomeResult } from '../model/interaction.js'
import { hasEndpoint, type Operator } from '../model/operator.js'
import { requireStaff } from '../crm/operators/role-access.js'
import { RingcardError } from '../errors.js'
import { maySee, mayWorkOn } from './call-access.js'
import { toCallView } from './call-view.js'
import { matchedCustomerId, type CallMatches } from './call-matches.js'
import type { CallRecorder } from './call-log.js'
import type { CardBuilder } from './card-builder.js'

/** The writes and reads a wrap-up needs. */
export interface WrapUpStore {
  /** One transaction: the call's row, the issue, the idempotency record and the audit row. */
  saveOutcome (input: OutcomeInput): Promise<OutcomeResult>
  /** The call's row in the contact log, if it was written. */
  callInteraction (callId: string): Promise<Interaction | null>
  /** Remembers who an operator picked for a caller number, so the next call offers them first. */
  rememberPick (pick: { readonly e164: string; readonly customerId: number; readonly pickedBy: number }): Promise<void>
}

export interface WrapUpDeps {
  readonly live: LiveCalls
  readonly matches: CallMatches
  readonly store: WrapUpStore
  readonly recorder: Pick<CallRecorder, 'record' | 'entryFor'>
  /** Builds the whole card of a confirmed possible match (the pop showed only a preview). */
  readonly cards: Pick<CardBuilder, 'customerCard'>
  /** Configured disposition codes. */
  readonly dispositions: readonly string[]
  /** Operator name at an extension, for "answered by …". */
  readonly nameOf: (extension: string, pbxId: string) => string | null
  readonly logger: Logger
}

/** A call the operator may work on: live, or already in the call log. */
interface OwnCall {
  readonly call: Call | null
  readonly match: CallMatch | null
  readonly loggedCustomerId: number | null
}

export class WrapUp {
  readonly #deps: WrapUpDeps
  readonly #codes: ReadonlySet<string>

  constructor (deps: WrapUpDeps) {
    this.#deps = deps
    this.#codes = new Set(deps.dispositions)
  }

  /**
   * One of the operator's calls as their pop shows it (the wrap-up form reloads it).
   * @throws RingcardError RC_ERR_AUTH_FORBIDDEN, RC_ERR_CALL_NOT_FOUND
   */
  view (actor: Operator, callId: string): CallView {
    requireStaff(actor)
    const entry = this.#deps.live.get(callId)
    if (entry === undefined || !maySee(entry.call, actor)) throw new RingcardError('RC_ERR_CALL_NOT_FOUND')
    return toCallView(entry.call, entry.match, actor, entry.wrappedUp, this.#deps.nameOf)
  }

  /**
   * Saves the outcome of a call the operator talked on (or, if nobody
   * answered, that rang them). An operator may file it only on a customer the
   * call was matched to; supervisors and admins on any customer.
   * @throws RingcardError RC_ERR_AUTH_FORBIDDEN, RC_ERR_API_BAD_BODY, RC_ERR_CALL_NOT_FOUND, and the store's codes
   *   (RC_ERR_CALL_WRAPPED_UP, RC_ERR_IDEMPOTENCY_CONFLICT, RC_ERR_ISSUE_NOT_FOUND …).
   */
  async saveOutcome (actor: Operator, callId: string, body: OutcomeBody, idempotencyKey: string): Promise<OutcomeSaved> {
    requireStaff(actor)
    if (!this.#codes.has(body.disposition)) {
      throw new RingcardError('RC_ERR_API_BAD_BODY', `disposition must be one of: ${[...this.#codes].join(', ')}`)
    }
    const { call, match, loggedCustomerId } = await this.#ownCall(actor, callId)
    if (body.customerId !== undefined && actor.role === 'operator' && !callerIds(match, loggedCustomerId).has(body.customerId)) {
      throw new RingcardError('RC_ERR_API_BAD_BODY', 'customerId is not a customer this call was matched to; create a lead or pick a candidate first')
    }
    const matched = matchedCustomerId(match) ?? loggedCustomerId
    const facts = call === null ? null : this.#deps.recorder.entryFor(call, matched)
    const result = await this.#deps.store.saveOutcome({
      callId,
      idempotencyKey,
      operatorId: actor.id,
      customerId: body.customerId ?? matched,
      disposition: body.disposition,
      note: body.note ?? '',
      resolved: body.resolved,
      resolveIssueId: body.resolveIssueId ?? null,
      // With `resolved`, a new issue is recorded as raised and solved on this call (first-contact resolution).
      newIssueTitle: body.newIssueTitle ?? null,
      call: facts === null ? null : { ...facts, extension: facts.extension ?? actor.endpoints.find(e => e.pbxId === call?.pbxId)?.extension ?? null }
    })
    this.#deps.logger.info({ callId, operatorId: actor.id, interactionId: result.interaction.id, replayed: result.replayed }, 'outcome saved')
    this.#deps.live.markWrappedUp(callId)
    return {
      interactionId: result.interaction.id,
      issueId: result.issue?.id ?? result.interaction.issueId,
      replayed: result.replayed
    }
  }

  /**
   * The operator picked who is calling from the chooser, or confirmed a
   * possible match: the pop, the call record and the later outcome all use
   * that customer, and the next call from the number offers them first.
   * @throws RingcardError RC_ERR_AUTH_FORBIDDEN, RC_ERR_CALL_NOT_FOUND, RC_ERR_API_BAD_BODY
   */
  async chooseCustomer (actor: Operator, callId: string, customerId: number): Promise<CustomerCard> {
    requireStaff(actor)
    const entry = this.#deps.live.get(callId)
    if (entry === undefined || !mayWorkOn(entry.call, actor)) throw new RingcardError('RC_ERR_CALL_NOT_FOUND')
    const offered = entry.match
    if (offered.kind !== 'choose' && offered.kind !== 'possible') {
      throw new RingcardError('RC_ERR_API_BAD_BODY', 'this call has no chooser or possible match to pick from')
    }
    const offeredCard = offered.candidates.find(c => c.customerId === customerId)
    if (offeredCard === undefined) throw new RingcardError('RC_ERR_API_BAD_BODY', 'customerId is not one of the offered candidates')
    // Confirmed, a possible match's preview becomes the customer's whole card.
    const card = offered.kind === 'possible'
      ? (await this.#deps.cards.customerCard(customerId, offeredCard.confidence, offeredCard.why)) ?? offeredCard
      : offeredCard
    // Still a chooser or possible match (the operator may change their mind), now with a pick.
    const candidates = offered.candidates.map(c => c.customerId === customerId ? card : c)
    const match: CallMatch = { ...offered, candidates, chosenId: card.customerId }
    if (entry.call.state !== 'ended') this.#deps.matches.set(entry.call, match)
    // An ended call is already in the log: file it again on the pick, through the recorder's retries.
    else await this.#deps.recorder.record(entry.call, card.customerId)
    this.#deps.live.setMatch(callId, match)
    this.#deps.logger.info({ callId, operatorId: actor.id, customerId: card.customerId }, 'caller chosen')
    if (offered.e164 !== undefined && (offered.kind === 'possible' || offered.candidates.length > 1)) {
      // The pick holds without the memory: a failure here costs only the next call's ordering.
      await this.#deps.store.rememberPick({ e164: offered.e164, customerId: card.customerId, pickedBy: actor.id })
        .catch((err: unknown) => { this.#deps.logger.warn({ err, callId }, 'could not remember the pick') })
    }
    return card
  }

  /** Finds a call this operator may work on: live, or already in the call log. */
  async #ownCall (actor: Operator, callId: string): Promise<OwnCall> {
    const entry = this.#deps.live.get(callId)
    if (entry !== undefined) {
      if (!mayWorkOn(entry.call, actor)) throw new RingcardError('RC_ERR_CALL_NOT_FOUND')
      return { call: entry.call, match: entry.match, loggedCustomerId: null }
    }
    const row = await this.#deps.store.callInteraction(callId)
    if (row === null || row.extension === null || !hasEndpoint(actor, pbxIdOfCallId(callId), row.extension)) {
      throw new RingcardError('RC_ERR_CALL_NOT_FOUND')
    }
    return { call: null, match: null, loggedCustomerId: row.customerId }
  }
}

/** Customers an outcome may be filed on: the matched one, the chooser's or possible match's candidates, or the one already logged. */
function callerIds (match: CallMatch | null, loggedCustomerId: number | null): Set<number> {
  const ids = new Set<number>()
  if (match?.kind === 'customer') ids.add(match.card.customerId)
  if (match?.kind === 'choose' || match?.kind === 'possible') for (const c of match.candidates) ids.add(c.customerId)
  if (loggedCustomerId !== null) ids.add(loggedCustomerId)
  return ids
}
