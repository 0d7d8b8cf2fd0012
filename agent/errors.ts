/**
 * Every error code an operator, an API client or a log reader can see.
 * The README's error table mirrors {@link ERRORS}; a test fails when they disagree.
 *
 * Plain `Error` is for programmer mistakes. Anything caused by input, the
 * network, the PBX or the database is a {@link RingcardError} with a code.
 */
import { CRM_ERRORS } from './crm/crm-errors.js'
import { DELIVERY_ERRORS } from './delivery/delivery-errors.js'
import { SCREEN_POP_ERRORS } from './screen-pop/screen-pop-errors.js'
import { STORE_ERRORS } from './store/store-error.js'
import { CALL_ERRORS } from './telephony/calls/call-errors.js'
import { AMI_ERRORS } from './telephony/ami/ami-error.js'

/** Codes that belong to no one area: configuration, routing, the catch-all. */
export const CORE_ERRORS = {
  RC_ERR_CONFIG_INVALID: { status: 500, message: 'A configuration variable has an invalid value' },
  RC_ERR_CONFIG_DEMO_OPERATORS: { status: 500, message: 'The database holds demo operators with public tokens; refusing to serve a real PBX' },
  /** The process could not start (migration failed, port in use, …); the fatal log line names the step. */
  RC_ERR_STARTUP_FAILED: { status: 500, message: 'The agent could not start; the fatal log line names the step that failed' },
  RC_ERR_API_BAD_BODY: { status: 400, message: 'The request body or parameters are invalid' },
  RC_ERR_API_NOT_FOUND: { status: 404, message: 'No such route' },
  RC_ERR_INTERNAL: { status: 500, message: 'Internal error; the details are in the agent log' }
} as const satisfies Record<string, { status: number; message: string }>

/** The whole registry: the core codes plus each area's part. */
export const ERRORS = {
  ...CORE_ERRORS,
  ...DELIVERY_ERRORS,
  ...CRM_ERRORS,
  ...AMI_ERRORS,
  ...CALL_ERRORS,
  ...SCREEN_POP_ERRORS,
  ...STORE_ERRORS
} as const satisfies Record<string, { status: number; message: string }>

export type ErrorCode = keyof typeof ERRORS

/** An error with a documented code. `detail` goes to logs only, never to HTTP clients. */
export class RingcardError extends Error {
  override readonly name = 'RingcardError'
  readonly code: ErrorCode
  readonly statusCode: number

  constructor (code: ErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? ERRORS[code].message, options)
    this.code = code
    this.statusCode = ERRORS[code].status
  }
}

/** True for any error carrying one of our codes (our own class or a module's subclass). */
export function isCoded (err: unknown): err is Error & { code: ErrorCode } {
  const code: unknown = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined
  return typeof code === 'string' && Object.hasOwn(ERRORS, code)
}

/**
 * The code an API client sees for an error: store errors are made precise by
 * what they are about (a missing issue is `RC_ERR_ISSUE_NOT_FOUND`).
 */
export function apiCode (err: Error & { code: ErrorCode; entity?: unknown }): ErrorCode {
  if (err.code === 'RC_ERR_STORE_NOT_FOUND') {
    if (err.entity === 'customer') return 'RC_ERR_CUSTOMER_NOT_FOUND'
    if (err.entity === 'issue') return 'RC_ERR_ISSUE_NOT_FOUND'
    if (err.entity === 'call') return 'RC_ERR_CALL_NOT_FOUND'
  }
  if (err.code === 'RC_ERR_STORE_CONFLICT' && err.entity === 'idempotency_key') return 'RC_ERR_IDEMPOTENCY_CONFLICT'
  if (err.code === 'RC_ERR_STORE_CONFLICT' && err.entity === 'outcome') return 'RC_ERR_CALL_WRAPPED_UP'
  return err.code
}
