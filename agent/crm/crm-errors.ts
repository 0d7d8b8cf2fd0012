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
  RC_ERR_PHONE_INVALID: { status: 422, message: 'The phone number cannot be read as a phone number' },
  /** `GET /api/lookup?country=…` names a country libphonenumber does not know. */
  RC_ERR_LOOKUP_BAD_COUNTRY: { status: 400, message: 'country must be an ISO 3166 alpha-2 code of a country with phone numbers' },
  /** An operator asked for a file they have no relation to (never called them, not theirs, not found by them). */
  RC_ERR_CUSTOMER_FORBIDDEN: { status: 403, message: 'This operator may not open this customer\'s file; find the customer first' },
  /** The answer also names the other files (`duplicates`); `force: true` saves anyway. */
  RC_ERR_CUSTOMER_DUPLICATE: { status: 409, message: 'Another customer already has this phone number or e-mail address; send force: true to save anyway' },
  RC_ERR_CUSTOMER_MERGE_SELF: { status: 422, message: 'A customer cannot be merged into itself' },
  RC_ERR_CUSTOMER_PART_NOT_FOUND: { status: 404, message: 'No such phone number, e-mail address or contact person on this customer' },
  /** An owner (`ownerId`) that is not an operator who can own customers. */
  RC_ERR_OWNER_NOT_FOUND: { status: 404, message: 'No such operator to own the customer' },
  RC_ERR_GROUP_NOT_FOUND: { status: 404, message: 'No such group' },
  RC_ERR_GROUP_EXISTS: { status: 409, message: 'A group with this name already exists' },
  RC_ERR_CAMPAIGN_NOT_FOUND: { status: 404, message: 'No such campaign' },
  RC_ERR_CAMPAIGN_EXISTS: { status: 409, message: 'A campaign with this name already exists' },
  /** A timeline entry names no contact (empty), or says `resolved` without an issue to resolve. */
  RC_ERR_TIMELINE_INVALID: { status: 422, message: 'The timeline entry is empty or marks something resolved without naming its issue' },
  /** An `interactionId` that is not one of this customer's contacts. */
  RC_ERR_CONTACT_NOT_FOUND: { status: 404, message: 'No such contact for this customer' },
  RC_ERR_PURCHASE_NOT_FOUND: { status: 404, message: 'No such purchase' },
  /** An amount that is not a plain decimal with at most the currency's minor digits, or an unknown ISO 4217 code. */
  RC_ERR_PURCHASE_INVALID: { status: 422, message: 'The amount or currency is not valid' },
  /** A manual tier that is not one of RINGCARD_TIERS' names. */
  RC_ERR_TIER_UNKNOWN: { status: 422, message: 'No such tier; use one of the configured tier names' },
  /** The file as a whole cannot be imported (its bad rows alone never stop an import: they go into the report). */
  RC_ERR_IMPORT_INVALID: { status: 422, message: 'The CSV cannot be imported: no header row, no column with a name, a column mapped twice, or a bad --map' },
  RC_ERR_IMPORT_NOT_FOUND: { status: 404, message: 'No such import' },
  /** One import at a time: two at once could both add the same new customer. */
  RC_ERR_IMPORT_RUNNING: { status: 409, message: 'Another import is still running; wait for it to finish' },
  RC_ERR_IMPORT_TOO_LARGE: { status: 413, message: 'The uploaded CSV is larger than RINGCARD_IMPORT_MAX_BYTES' }
} as const satisfies Record<string, { status: number; message: string }>
