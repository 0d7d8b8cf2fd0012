/**
 * How every failure becomes an HTTP answer: a documented `RC_ERR_…` code in
 * `{statusCode, code, message}`. Client mistakes are logged at info, server
 * faults at error with the detail; a driver error never reaches the client.
 */
import type { FastifyError, FastifyInstance } from 'fastify'
import { ERRORS, apiCode, isCoded } from '../../errors.js'

export function registerErrorReplies (app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err.validation !== undefined) {
      // The only header with a schema is Idempotency-Key, which has its own code.
      const code = err.validationContext === 'headers' ? 'RC_ERR_API_BAD_IDEMPOTENCY_KEY' : 'RC_ERR_API_BAD_BODY'
      const message = code === 'RC_ERR_API_BAD_BODY' ? err.message : ERRORS[code].message
      req.log.info({ code, detail: err.message }, 'rejected request')
      return reply.code(400).send({ statusCode: 400, code, message })
    }
    if (isCoded(err)) {
      const code = apiCode(err)
      const status = ERRORS[code].status
      if (status >= 500) req.log.error({ err, code }, 'request failed')
      else req.log.info({ code }, 'rejected request')
      return reply.code(status).send({ statusCode: status, code, message: err.message })
    }
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      // Fastify's own client errors: malformed JSON, wrong content type, body too large.
      req.log.info({ code: 'RC_ERR_API_BAD_BODY', fastifyCode: err.code }, 'rejected request')
      return reply.code(err.statusCode).send({ statusCode: err.statusCode, code: 'RC_ERR_API_BAD_BODY', message: err.message })
    }
    // Driver and programmer errors: detail to the log, a generic 500 to the client.
    req.log.error({ err, code: 'RC_ERR_INTERNAL' }, 'request failed')
    return reply.code(500).send({ statusCode: 500, code: 'RC_ERR_INTERNAL', message: ERRORS.RC_ERR_INTERNAL.message })
  })
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ statusCode: 404, code: 'RC_ERR_API_NOT_FOUND', message: `${ERRORS.RC_ERR_API_NOT_FOUND.message}: ${req.method} ${req.url.split('?')[0]}` })
  })
}
