/** `/api/campaigns…`: list, create, change and delete campaigns; each route translates HTTP to one use case. */
import type { FastifyInstance } from 'fastify'
import type { ContractTypeProvider } from './contract-type-provider.js'
import { Routes } from '../../contracts/rest.js'
import type { Campaigns } from '../../crm/campaigns/campaigns.js'
import { operatorOf } from './auth.js'

export function registerCampaignRoutes (app: FastifyInstance, campaigns: Campaigns): void {
  const api = app.withTypeProvider<ContractTypeProvider>()

  api.get('/api/campaigns', { schema: Routes['GET /api/campaigns'] }, async (req) =>
    ({ campaigns: await campaigns.list(operatorOf(req)) }))

  api.post('/api/campaigns', { schema: Routes['POST /api/campaigns'] }, async (req, reply) =>
    reply.code(201).send({ campaign: await campaigns.create(operatorOf(req), req.body) }))

  api.patch('/api/campaigns/:id', { schema: Routes['PATCH /api/campaigns/:id'] }, async (req) =>
    ({ campaign: await campaigns.update(operatorOf(req), req.params.id, req.body) }))

  api.delete('/api/campaigns/:id', { schema: Routes['DELETE /api/campaigns/:id'] }, async (req, reply) => {
    await campaigns.delete(operatorOf(req), req.params.id)
    return reply.code(204).send(null)
  })
}
