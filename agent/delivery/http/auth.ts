/**
 * Bearer-token authentication for the REST API, as a Fastify plugin: every
 * route registered inside it is authenticated in `onRequest`, before the body
 * is read or validated, so an anonymous client never sees schema messages.
 * Tokens travel only in the Authorization header (never in URLs, which end up
 * in proxy logs).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Operator } from '../../model/operator.js'
import { RingcardError } from '../../errors.js'

export type Authenticate = (token: string) => Promise<Operator | null>

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by {@link authenticateRoutes} before validation; null outside it. */
    operator: Operator | null
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
  })
}

/** The operator of an authenticated request. */
export function operatorOf (req: FastifyRequest): Operator {
  if (req.operator === null) throw new RingcardError('RC_ERR_AUTH_REQUIRED')
  return req.operator
}
