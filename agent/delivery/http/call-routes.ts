/**
 * `/api/calls/…`: read one of the operator's calls, wrap it up, pick its
 * caller. Each route translates HTTP to one use case of the wrap-up.
 */
import type { FastifyInstance } from 'fastify'
import type { ContractTypeProvider } from './contract-type-provider.js'
import { Routes } from '../../contracts/rest.js'
import type { WrapUp } from '../../screen-pop/wrap-up.js'
import { operatorOf } from './auth.js'

export function registerCallRoutes (app: FastifyInstance, wrapUp: WrapUp): void {
  const api = app.withTypeProvider<ContractTypeProvider>()

  api.get('/api/calls/:callId', { schema: Routes['GET /api/calls/:callId'] }, async (req) =>
    wrapUp.view(operatorOf(req), req.params.callId))

  api.post('/api/calls/:callId/outcome', { schema: Routes['POST /api/calls/:callId/outcome'] }, async (req, reply) => {
    const saved = await wrapUp.saveOutcome(operatorOf(req), req.params.callId, req.body, req.headers['idempotency-key'])
    return reply.code(saved.replayed ? 200 : 201).send(saved)
  })

  api.put('/api/calls/:callId/customer', { schema: Routes['PUT /api/calls/:callId/customer'] }, async (req) =>
    ({ customer: await wrapUp.chooseCustomer(operatorOf(req), req.params.callId, req.body.customerId) }))
}
