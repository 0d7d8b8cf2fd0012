/**
 * The REST contract: one schema object per route, with its params, body and
 * every response. Fastify validates requests and serializes responses with
 * these schemas, `/openapi.json` and `/docs` are generated from them, and the
 * widget imports the derived types (`import type`). A test fails when an
 * `/api/` route has no success response schema.
 *
 * Every `/api/` route needs `Authorization: Bearer <token>`; the token is
 * checked before the body is looked at.
 */
import { Type, type Static } from '@sinclair/typebox'
import { CallId, Nullable, RowId, Text, bearer, errors, type Frozen } from './common.js'
import { CallView, CustomerCard, OperatorInfo } from './ws.js'
import { CustomerRoutes } from './customers.js'
import { ImportRoutes } from './imports.js'
import { LookupRoutes } from './lookup.js'
import { OperatorRoutes } from './operators.js'
import { TimelineRoutes } from './timeline.js'

export { ErrorBody } from './common.js'

const CallIdParams = Type.Object({ callId: CallId })

export const OutcomeBody = Type.Object({
  disposition: Text(40, 1, { description: 'A configured disposition code (keys 1–9 in the widget)' }),
  note: Type.Optional(Text(4000)),
  resolved: Type.Boolean({ description: 'The problem on this contact was solved' }),
  customerId: Type.Optional(RowId({ description: 'Defaults to the matched customer; required when the pop offered a chooser' })),
  resolveIssueId: Type.Optional(RowId({ description: 'Resolve this open issue of the customer' })),
  newIssueTitle: Type.Optional(Text(200, 1, { description: 'Record a new issue; with `resolved: true` it is resolved on this call (first-contact resolution)' }))
}, { additionalProperties: false })
export type OutcomeBody = Frozen<Static<typeof OutcomeBody>>

export const OutcomeSaved = Type.Object({
  interactionId: RowId(),
  issueId: Nullable(RowId()),
  replayed: Type.Boolean({ description: 'True when this Idempotency-Key was seen before and the stored result is returned' })
})
export type OutcomeSaved = Frozen<Static<typeof OutcomeSaved>>

export const ChooseBody = Type.Object({ customerId: RowId() }, { additionalProperties: false })
export type ChooseBody = Frozen<Static<typeof ChooseBody>>

/** The lead form's body is the customer file's create body (`./customers.ts`). */
export { NewCustomerBody as NewLeadBody, CustomerFile } from './customers.js'

export const CustomerAnswer = Type.Object({ customer: CustomerCard })
export type CustomerAnswer = Frozen<Static<typeof CustomerAnswer>>

export const Health = Type.Object({
  ok: Type.Boolean(),
  pbx: Type.String({ description: 'PBX link status' }),
  operators: Type.Integer({ description: 'Signed-in WebSocket sessions' })
})

/**
 * Route schemas, keyed by `METHOD path`. An area with many routes keeps them
 * in its own contract module (`./customers.ts` …) and is merged here.
 */
export const Routes = {
  'GET /api/me': {
    summary: 'The signed-in operator', tags: ['operators'], security: bearer,
    response: { 200: OperatorInfo, ...errors() }
  },
  'GET /api/calls/:callId': {
    summary: 'One of the operator\'s own calls', tags: ['calls'], security: bearer,
    params: CallIdParams,
    response: { 200: CallView, ...errors(404) }
  },
  'POST /api/calls/:callId/outcome': {
    summary: 'Wrap up a call: disposition, note, resolved, issue',
    description: 'Answers 2xx only after the transaction committed. The same Idempotency-Key with the same body replays (200); with another body it is RC_ERR_IDEMPOTENCY_CONFLICT.',
    tags: ['calls'], security: bearer,
    params: CallIdParams,
    headers: Type.Object({ 'idempotency-key': Type.String({ pattern: '^[A-Za-z0-9_.:-]{8,100}$', description: '8–100 characters of A–Z a–z 0–9 _ . : -' }) }),
    body: OutcomeBody,
    response: { 201: OutcomeSaved, 200: OutcomeSaved, ...errors(404, 409, 422) }
  },
  'PUT /api/calls/:callId/customer': {
    summary: 'Pick who is calling from the chooser', tags: ['calls'], security: bearer,
    params: CallIdParams,
    body: ChooseBody,
    response: { 200: CustomerAnswer, ...errors(404) }
  },
  ...CustomerRoutes,
  ...ImportRoutes,
  ...LookupRoutes,
  ...OperatorRoutes,
  ...TimelineRoutes,
  'GET /healthz': {
    summary: 'Liveness; no auth, no customer data', tags: ['health'],
    response: { 200: Health }
  }
} as const
