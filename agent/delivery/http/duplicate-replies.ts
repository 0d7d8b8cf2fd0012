/**
 * The one answer that carries more than `{statusCode, code, message}`: a save
 * refused because another customer already has the number or address
 * (`409 RC_ERR_CUSTOMER_DUPLICATE`) names those files in `duplicates`, so the
 * operator can open the other file or send `force: true`.
 */
import type { FastifyReply } from 'fastify'
import { DuplicateCustomerError } from '../../crm/customers/customer-files.js'

/** Sends `run()`'s result with `status`, or the duplicate warning when it refuses; other errors go to the error handler. */
export async function sendUnlessDuplicate (reply: FastifyReply, status: number, run: () => Promise<unknown>): Promise<FastifyReply> {
  try {
    const result = await run()
    return await reply.code(status).send(result)
  } catch (err) {
    if (!(err instanceof DuplicateCustomerError)) throw err
    reply.request.log.info({ code: err.code, duplicates: err.duplicates.map(d => d.customerId) }, 'rejected request')
    return await reply.code(409).send({ statusCode: 409, code: err.code, message: err.message, duplicates: err.duplicates })
  }
}
