/**
 * Bearer-token authentication for the REST API, as a Fastify plugin: every
 * route registered inside it is authenticated in `onRequest`, before the body
 * is read or validated, so an anonymous client never sees schema messages.
 * Tokens travel only in the Authorization header (never in URLs, which end up
 * in proxy logs).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { STAFF_ROLES, type Operator, type Role } from '../../model/operator.js'
import { requireRole } from '../../crm/operators/role-access.js'
import { RingcardError } from '../../errors.js'

export type Authenticate = (token: string) => Promise<Operator | null>

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by {@link authenticateRoutes} before validation; null outside it. */
    operator: Operator | null
  }
  interface FastifyContextConfig {
    /**
     * Roles whose tokens may reach this route at all; default: people at the
     * desk (STAFF_ROLES), so an integration token is refused everywhere but
     * where a route names it. The use case still decides who may act.
     */
    roles?: readonly Role[]
  }
}

/** Reads `Authorization: Bearer <token>` and resolves the operator, or throws a coded 401. */
export async function requireOperator (req: FastifyRequest, authenticate: Authenticate): Promise<Operator> {
  const header = req.headers.authorization
  if (header === undefined) throw new RingcardError('RC_ERR_AUTH_REQUIRED')
  const m = /^Bearer ([\x21-\x7e]{1,200})$/.exec(header)
  if (m === null) throw new RingcardError('RC_ERR_AUTH_REQUIRED')
  const operator = await authenticate(m[1]!)
  if (operator === null) throw new RingcardError('RC_ERR_AUTH_INVALID')
  return operator
}

/** Authenticates every route of this (encapsulated) Fastify context before its body is parsed. */
export function authenticateRoutes (app: FastifyInstance, authenticate: Authenticate): void {
  app.decorateRequest('operator', null)
  app.addHook('onRequest', async (req) => {
    req.operator = await requireOperator(req, authenticate)
    requireRole(req.operator, req.routeOptions.config.roles ?? STAFF_ROLES)
  })
}

/** The operator of an authenticated request. */
export function operatorOf (req: FastifyRequest): Operator {
  if (req.operator === null) throw new RingcardError('RC_ERR_AUTH_REQUIRED')
  return req.operator
}
