/**
 * The CRM's part of the error registry (`agent/errors.ts` composes the parts):
 * what a use case answers when a customer, issue or call is missing or taken.
 */
/** Codes the CRM and wrap-up use cases raise. */
export const CRM_ERRORS = {
  RC_ERR_CALL_NOT_FOUND: { status: 404, message: 'No such call for this operator' },
  RC_ERR_CUSTOMER_NOT_FOUND: { status: 404, message: 'No such customer' },
  RC_ERR_ISSUE_NOT_FOUND: { status: 404, message: 'No such open issue for this customer' },
  RC_ERR_IDEMPOTENCY_CONFLICT: { status: 409, message: 'This Idempotency-Key was already used for another request' },
  RC_ERR_CALL_WRAPPED_UP: { status: 409, message: 'Another operator already wrapped up this call' },
  RC_ERR_PHONE_INVALID: { status: 422, message: 'The phone number cannot be read as a phone number' }
} as const satisfies Record<string, { status: number; message: string }>
