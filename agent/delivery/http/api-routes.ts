/**
 * The REST API the widget calls: outcome of a call, create a lead, read a
 * customer's file. Bodies are TypeBox schemas, so validation and types come
 * from one source. Every route requires a bearer token.
 */
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { pbxIdOfCallId, type Call } from '../../model/call.js'
import type { CardBuilder } from '../../screen-pop/card-builder.js'
import { matchedCustomerId, type CallMatches } from '../../screen-pop/call-matches.js'
import type { Config } from '../../config.js'
import type { Hub } from '../ws/hub.js'
import type { CrmRepos } from '../../crm/crm-repos.js'
import { hasEndpoint, type Operator } from '../../model/operator.js'
import type { CallMatch } from '../../contracts/ws.js'
import { concerns, ownsExtension, toCallView } from '../../screen-pop/call-view.js'
import { normalizePhone } from '../../crm/customers/phone-number.js'
import { RingcardError } from '../../errors.js'
import { requireOperator, type Authenticate } from './auth.js'
import { callLogEntry } from '../../screen-pop/call-log.js'

export interface ApiDeps {
  readonly config: Config
  readonly repos: CrmRepos
  readonly cards: CardBuilder
  readonly matches: CallMatches
  readonly hub: Hub
  readonly authenticate: Authenticate
  readonly nameOf: (extension: string, pbxId: string) => string | null
  /** Operator id for an extension of a PBX (for call facts). */
  readonly operatorIdOf: (extension: string, pbxId: string) => number | null
}

const CallIdParam = Type.Object({ callId: Type.String({ minLength: 1, maxLength: 120, pattern: '^[A-Za-z0-9:._-]+$' }) })
const CustomerIdParam = Type.Object({ id: Type.Integer({ minimum: 1 }) })
/** Free text: PostgreSQL cannot store NUL, so it is refused up front (400) rather than failing the write. */
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max, pattern: '^[^\\u0000]*$' })

const OutcomeSchema = Type.Object({
  disposition: Text(40, 1),
  note: Type.Optional(Text(4000)),
  resolved: Type.Boolean(),
  customerId: Type.Optional(Type.Integer({ minimum: 1 })),
  resolveIssueId: Type.Optional(Type.Integer({ minimum: 1 })),
  newIssueTitle: Type.Optional(Text(200, 1))
}, { additionalProperties: false })

const NewLeadSchema = Type.Object({
  displayName: Text(200, 1),
  phone: Text(64, 1),
  honorific: Type.Optional(Text(40)),
  company: Type.Optional(Text(200)),
  sourceCampaign: Type.Optional(Text(120)),
  callId: Type.Optional(Type.String({ minLength: 1, maxLength: 120 }))
}, { additionalProperties: false })

const ChooseSchema = Type.Object({ customerId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false })

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,100}$/

/**
 * Who may wrap up a call: whoever talked to the customer (the answering
 * operator, or one who answered and transferred it on); for a call nobody
 * answered, any operator it rang. A colleague whose phone merely rang in a
 * ring-all may not.
 */
function mayWrapUp (call: Call, operator: Operator): boolean {
  const talked = call.legs.some(l => l.answeredAt !== null && ownsExtension(call, operator, l.extension))
  if (call.answeredBy !== null || call.legs.some(l => l.answeredAt !== null)) return talked
  return concerns(call, operator)
}

/** Finds a call this operator may wrap up: live in the hub, or already in the call log. */
async function findOwnCall (deps: ApiDeps, operator: Operator, callId: string): Promise<{ call: Call | null; match: CallMatch | null; loggedCustomerId: number | null }> {
  const entry = deps.hub.lookup(callId)
  if (entry !== undefined) {
    if (!mayWrapUp(entry.call, operator)) throw new RingcardError('RC_ERR_CALL_NOT_FOUND')
    return { call: entry.call, match: entry.match, loggedCustomerId: null }
  }
  const row = await deps.repos.interactions.getByCall(callId)
  if (row === null || row.extension === null || !hasEndpoint(operator, pbxIdOfCallId(callId), row.extension)) {
    throw new RingcardError('RC_ERR_CALL_NOT_FOUND')
  }
  return { call: null, match: null, loggedCustomerId: row.customerId }
}

/** Customers an outcome may be filed on: the matched one, the chooser's candidates, or the one already logged. */
function callerIds (match: CallMatch | null, loggedCustomerId: number | null): Set<number> {
  const ids = new Set<number>()
  if (match?.kind === 'customer') ids.add(match.card.customerId)
  if (match?.kind === 'choose') for (const c of match.candidates) ids.add(c.customerId)
  if (loggedCustomerId !== null) ids.add(loggedCustomerId)
  return ids
}

export function registerApiRoutes (app: FastifyInstance, deps: ApiDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const codes = new Set(deps.config.dispositions.map(d => d.code))

  api.get('/api/me', async (req) => {
    const op = await requireOperator(req, deps.authenticate)
    return { id: op.id, login: op.login, displayName: op.displayName, role: op.role, extensions: op.extensions }
  })

  api.get('/api/calls/:callId', { schema: { params: CallIdParam } }, async (req) => {
    const op = await requireOperator(req, deps.authenticate)
    const entry = deps.hub.lookup(req.params.callId)
    if (entry === undefined || !concerns(entry.call, op)) throw new RingcardError('RC_ERR_CALL_NOT_FOUND')
    return toCallView(entry.call, entry.match, op, false, deps.nameOf)
  })

  api.post('/api/calls/:callId/outcome', { schema: { params: CallIdParam, body: OutcomeSchema } }, async (req, reply) => {
    const op = await requireOperator(req, deps.authenticate)
    const key = req.headers['idempotency-key']
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) throw new RingcardError('RC_ERR_API_BAD_IDEMPOTENCY_KEY')
    const body = req.body
    if (!codes.has(body.disposition)) {
      throw new RingcardError('RC_ERR_API_BAD_BODY', `disposition must be one of: ${[...codes].join(', ')}`)
    }
    const { call, match, loggedCustomerId } = await findOwnCall(deps, op, req.params.callId)
    if (body.customerId !== undefined && op.role === 'operator' && !callerIds(match, loggedCustomerId).has(body.customerId)) {
      throw new RingcardError('RC_ERR_API_BAD_BODY', 'customerId is not a customer this call was matched to; create a lead or pick a candidate first')
    }
    const matched = matchedCustomerId(match) ?? loggedCustomerId
    const facts = call === null ? null : callLogEntry(call, matched, deps.operatorIdOf)
    const result = await deps.repos.outcomes.save({
      callId: req.params.callId,
      idempotencyKey: key,
      operatorId: op.id,
      customerId: body.customerId ?? matched,
      disposition: body.disposition,
      note: body.note ?? '',
      resolved: body.resolved,
      resolveIssueId: body.resolveIssueId ?? null,
      newIssueTitle: body.resolved ? null : (body.newIssueTitle ?? null),
      call: facts === null ? null : { ...facts, extension: facts.extension ?? op.endpoints.find(e => e.pbxId === call?.pbxId)?.extension ?? null }
    })
    req.log.info({ callId: req.params.callId, operatorId: op.id, interactionId: result.interaction.id, replayed: result.replayed }, 'outcome saved')
    deps.hub.markWrappedUp(req.params.callId)
    return reply.code(result.replayed ? 200 : 201).send({
      interactionId: result.interaction.id,
      issueId: result.issue?.id ?? result.interaction.issueId,
      replayed: result.replayed
    })
  })

  // The operator picked who is calling (chooser): the pop, the call log and the later outcome all use that customer.
  api.put('/api/calls/:callId/customer', { schema: { params: CallIdParam, body: ChooseSchema } }, async (req) => {
    const op = await requireOperator(req, deps.authenticate)
    const entry = deps.hub.lookup(req.params.callId)
    if (entry === undefined || !concerns(entry.call, op)) throw new RingcardError('RC_ERR_CALL_NOT_FOUND')
    if (entry.call.answeredBy !== null && !mayWrapUp(entry.call, op)) throw new RingcardError('RC_ERR_CALL_NOT_FOUND')
    if (entry.match.kind !== 'choose') throw new RingcardError('RC_ERR_API_BAD_BODY', 'this call has no chooser to pick from')
    const card = entry.match.candidates.find(c => c.customerId === req.body.customerId)
    if (card === undefined) throw new RingcardError('RC_ERR_API_BAD_BODY', 'customerId is not one of the offered candidates')
    // Still a chooser (the operator may change their mind), now with a pick.
    const match: CallMatch = { ...entry.match, chosenId: card.customerId }
    if (entry.call.state !== 'ended') deps.matches.set(entry.call, match)
    else await deps.repos.interactions.logCall(callLogEntry(entry.call, card.customerId, deps.operatorIdOf))
    deps.hub.publish(entry.call, match)
    req.log.info({ callId: req.params.callId, operatorId: op.id, customerId: card.customerId }, 'caller chosen')
    return { customer: card }
  })

  api.post('/api/customers', { schema: { body: NewLeadSchema } }, async (req, reply) => {
    const op = await requireOperator(req, deps.authenticate)
    const body = req.body
    const phone = normalizePhone(body.phone, deps.config.defaultCountry)
    if (phone.kind !== 'number') throw new RingcardError('RC_ERR_PHONE_INVALID')
    const customer = await deps.repos.customers.createLead({
      displayName: body.displayName.trim(),
      honorific: body.honorific?.trim() || null,
      company: body.company?.trim() || null,
      phoneRaw: body.phone.trim(),
      phoneE164: phone.e164,
      sourceCampaign: body.sourceCampaign?.trim() || null,
      ownerId: op.id,
      stage: 'lead',
      tier: null,
      language: null,
      notes: null,
      tags: []
    }, op.id)
    req.log.info({ customerId: customer.id, operatorId: op.id }, 'lead created')
    const card = await deps.cards.customerCard(customer.id, 'exact', 'created from this call')
    if (card === null) throw new RingcardError('RC_ERR_INTERNAL')
    if (body.callId !== undefined) {
      const entry = deps.hub.lookup(body.callId)
      if (entry !== undefined && concerns(entry.call, op)) {
        const match: CallMatch = { kind: 'customer', card, number: phone.display }
        // A live call keeps this match for its later changes; an ended one only needs the hub's copy.
        if (entry.call.state !== 'ended') deps.matches.set(entry.call, match)
        deps.hub.publish(entry.call, match)
      }
    }
    return reply.code(201).send({ customer: card })
  })

  api.get('/api/customers/:id', { schema: { params: CustomerIdParam } }, async (req) => {
    await requireOperator(req, deps.authenticate)
    // Opened on purpose, not matched from a caller ID: no match line to explain.
    const card = await deps.cards.customerCard(req.params.id, 'exact', '')
    if (card === null) throw new RingcardError('RC_ERR_CUSTOMER_NOT_FOUND')
    return { customer: card, contacts: await deps.cards.history(req.params.id, 50) }
  })
}
