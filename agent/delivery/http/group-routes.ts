/** `/api/groups…`: list, create, change and delete groups; each route translates HTTP to one use case. */
import type { FastifyInstance } from 'fastify'
import type { ContractTypeProvider } from './contract-type-provider.js'
import { Routes } from '../../contracts/rest.js'
import type { Groups } from '../../crm/groups/groups.js'
import { operatorOf } from './auth.js'

export function registerGroupRoutes (app: FastifyInstance, groups: Groups): void {
  const api = app.withTypeProvider<ContractTypeProvider>()

  api.get('/api/groups', { schema: Routes['GET /api/groups'] }, async (req) =>
    ({ groups: await groups.list(operatorOf(req)) }))

  api.post('/api/groups', { schema: Routes['POST /api/groups'] }, async (req, reply) =>
    reply.code(201).send({ group: await groups.create(operatorOf(req), req.body) }))

  api.patch('/api/groups/:id', { schema: Routes['PATCH /api/groups/:id'] }, async (req) =>
    ({ group: await groups.update(operatorOf(req), req.params.id, req.body) }))

  api.delete('/api/groups/:id', { schema: Routes['DELETE /api/groups/:id'] }, async (req, reply) => {
    await groups.delete(operatorOf(req), req.params.id)
    return reply.code(204).send(null)
  })
}
