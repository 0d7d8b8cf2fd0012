/**
 * `/api/customers/:id/timeline|issues|purchases|tier`, `/api/issues/:id` and
 * `/api/purchases/:id`: each route translates HTTP to one use case.
 */
import type { FastifyInstance } from 'fastify'
import type { ContractTypeProvider } from './contract-type-provider.js'
import { Routes } from '../../contracts/rest.js'
import type { IssueDesk } from '../../crm/issues/issue-desk.js'
import type { PurchaseDesk } from '../../crm/purchases/purchase-desk.js'
import type { TierDesk } from '../../crm/tiers/tier-desk.js'
import type { TimelineDesk } from '../../crm/timeline/timeline-desk.js'
import { operatorOf } from './auth.js'

/** The use cases behind these routes. */
export interface TimelineUseCases {
  readonly timeline: TimelineDesk
  readonly issues: IssueDesk
  readonly purchases: PurchaseDesk
  readonly tiers: TierDesk
}

/** Registers the routes; call inside the authenticated `/api` plugin. */
export function registerTimelineRoutes (app: FastifyInstance, desks: TimelineUseCases): void {
  const api = app.withTypeProvider<ContractTypeProvider>()

  api.get('/api/customers/:id/timeline', { schema: Routes['GET /api/customers/:id/timeline'] }, async (req) =>
    desks.timeline.list(operatorOf(req), req.params.id, req.query))

  api.post('/api/customers/:id/timeline', { schema: Routes['POST /api/customers/:id/timeline'] }, async (req, reply) =>
    reply.code(201).send(await desks.timeline.add(operatorOf(req), req.params.id, req.body)))

  api.get('/api/customers/:id/issues', { schema: Routes['GET /api/customers/:id/issues'] }, async (req) =>
    desks.issues.list(operatorOf(req), req.params.id, req.query))

  api.post('/api/customers/:id/issues', { schema: Routes['POST /api/customers/:id/issues'] }, async (req, reply) =>
    reply.code(201).send(await desks.issues.open(operatorOf(req), req.params.id, req.body)))

  api.patch('/api/issues/:id', { schema: Routes['PATCH /api/issues/:id'] }, async (req) =>
    desks.issues.update(operatorOf(req), req.params.id, req.body))

  api.get('/api/customers/:id/purchases', { schema: Routes['GET /api/customers/:id/purchases'] }, async (req) =>
    desks.purchases.list(operatorOf(req), req.params.id, req.query))

  api.post('/api/customers/:id/purchases', { schema: Routes['POST /api/customers/:id/purchases'] }, async (req, reply) =>
    reply.code(201).send(await desks.purchases.add(operatorOf(req), req.params.id, req.body)))

  api.patch('/api/purchases/:id', { schema: Routes['PATCH /api/purchases/:id'] }, async (req) =>
    desks.purchases.setPaidOnTime(operatorOf(req), req.params.id, req.body))

  api.get('/api/customers/:id/tier', { schema: Routes['GET /api/customers/:id/tier'] }, async (req) =>
    desks.tiers.get(operatorOf(req), req.params.id))

  api.put('/api/customers/:id/tier', { schema: Routes['PUT /api/customers/:id/tier'] }, async (req) =>
    desks.tiers.override(operatorOf(req), req.params.id, req.body))

  api.delete('/api/customers/:id/tier', { schema: Routes['DELETE /api/customers/:id/tier'] }, async (req) =>
    desks.tiers.clear(operatorOf(req), req.params.id))
}
