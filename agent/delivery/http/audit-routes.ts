/** `GET /api/audit`: the audit log for admins; translates HTTP to the use case. */
import type { FastifyInstance } from 'fastify'
import type { ContractTypeProvider } from './contract-type-provider.js'
import { Routes } from '../../contracts/rest.js'
import type { AuditTrail } from '../../crm/audit/audit-trail.js'
import { operatorOf } from './auth.js'

export function registerAuditRoutes (app: FastifyInstance, trail: AuditTrail): void {
  const api = app.withTypeProvider<ContractTypeProvider>()

  api.get('/api/audit', { schema: Routes['GET /api/audit'] }, async (req) =>
    trail.list(operatorOf(req), req.query))
}
