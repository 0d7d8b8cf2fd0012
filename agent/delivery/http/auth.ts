/**
 * Bearer-token authentication for the REST API. Tokens travel only in the
 * Authorization header (never in URLs, which end up in proxy logs).
 */
import type { FastifyRequest } from 'fastify'
import type { Operator } from '../../model/operator.js'
import { RingcardError } from '../../errors.js'

export type Authenticate = (token: string) => Promise<Operator | null>

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
