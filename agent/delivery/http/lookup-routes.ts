/**
 * `GET /api/lookup`: who is calling, for integrators and Asterisk's dialplan.
 * The one route an integration token reaches (`config.roles`); the use case
 * decides again who may look up.
 */
import type { FastifyInstance } from 'fastify'
import type { ContractTypeProvider } from './contract-type-provider.js'
import { Routes } from '../../contracts/rest.js'
import type { CallerLookup } from '../../crm/customers/caller-lookup.js'
import { LOOKUP_ROLES } from '../../crm/operators/role-access.js'
import { operatorOf } from './auth.js'

export function registerLookupRoutes (app: FastifyInstance, lookup: CallerLookup): void {
  const api = app.withTypeProvider<ContractTypeProvider>()

  api.get('/api/lookup', { schema: Routes['GET /api/lookup'], config: { roles: LOOKUP_ROLES } }, async (req) =>
    lookup.lookup(operatorOf(req), req.query))
}
