/** `GET /api/operators`: who a customer can be handed to; translates HTTP to the use case. */
import type { FastifyInstance } from 'fastify'
import type { ContractTypeProvider } from './contract-type-provider.js'
import { Routes } from '../../contracts/rest.js'
import type { OperatorRoster } from '../../crm/operators/operator-roster.js'
import { operatorOf } from './auth.js'

export function registerOperatorRoutes (app: FastifyInstance, roster: OperatorRoster): void {
  const api = app.withTypeProvider<ContractTypeProvider>()

  api.get('/api/operators', { schema: Routes['GET /api/operators'] }, async (req) =>
    ({ operators: await roster.list(operatorOf(req)) }))
}
