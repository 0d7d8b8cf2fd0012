/** `/api/customers…` and `/api/me`: each route translates HTTP to one use case. */
import type { FastifyInstance } from 'fastify'
import type { ContractTypeProvider } from './contract-type-provider.js'
import { Routes } from '../../contracts/rest.js'
import type { CustomerDesk } from '../../screen-pop/customer-desk.js'
import { operatorOf } from './auth.js'
import { sendUnlessDuplicate } from './duplicate-replies.js'

export function registerCustomerRoutes (app: FastifyInstance, desk: CustomerDesk): void {
  const api = app.withTypeProvider<ContractTypeProvider>()

  api.get('/api/me', { schema: Routes['GET /api/me'] }, async (req) => {
    const op = operatorOf(req)
    return { id: op.id, login: op.login, displayName: op.displayName, role: op.role, extensions: op.extensions }
  })

  api.post('/api/customers', { schema: Routes['POST /api/customers'] }, async (req, reply) =>
    sendUnlessDuplicate(reply, 201, () => desk.createLead(operatorOf(req), req.body)))

  api.get('/api/customers/:id', { schema: Routes['GET /api/customers/:id'] }, async (req) =>
    desk.openFile(operatorOf(req), req.params.id))
}
