/**
 * Every error code an operator, an API client or a log reader can see.
 * The README's error table mirrors {@link ERRORS}; a test fails when they disagree.
 *
 * Plain `Error` is for programmer mistakes. Anything caused by input, the
 * network, the PBX or the database is a {@link RingcardError} with a code.
 */
export const ERRORS = {
  // configuration
  RC_ERR_CONFIG_INVALID: { status: 500, message: 'A configuration variable has an invalid value' },
  RC_ERR_CONFIG_DEMO_OPERATORS: { status: 500, message: 'The database holds demo operators with public tokens; refusing to serve a real PBX' },

  // authentication and authorization
  RC_ERR_AUTH_REQUIRED: { status: 401, message: 'Authorization: Bearer <token> is required' },
  RC_ERR_AUTH_INVALID: { status: 401, message: 'The token is not valid' },
  RC_ERR_AUTH_FORBIDDEN: { status: 403, message: 'This operator may not access that resource' },
  RC_ERR_ORIGIN_FORBIDDEN: { status: 403, message: 'The page origin is not in RINGCARD_ALLOWED_ORIGINS' },

  // REST API
  RC_ERR_API_BAD_BODY: { status: 400, message: 'The request body or parameters are invalid' },
  RC_ERR_API_BAD_IDEMPOTENCY_KEY: { status: 400, message: 'Idempotency-Key header is missing or not 8–100 safe characters' },
  RC_ERR_API_NOT_FOUND: { status: 404, message: 'No such route' },
  RC_ERR_CALL_NOT_FOUND: { status: 404, message: 'No such call for this operator' },
  RC_ERR_CUSTOMER_NOT_FOUND: { status: 404, message: 'No such customer' },
  RC_ERR_ISSUE_NOT_FOUND: { status: 404, message: 'No such open issue for this customer' },
  RC_ERR_IDEMPOTENCY_CONFLICT: { status: 409, message: 'This Idempotency-Key was already used for another request' },
  RC_ERR_CALL_WRAPPED_UP: { status: 409, message: 'Another operator already wrapped up this call' },
  RC_ERR_PHONE_INVALID: { status: 422, message: 'The phone number cannot be read as a phone number' },
  RC_ERR_INTERNAL: { status: 500, message: 'Internal error; the details are in the agent log' },
  RC_ERR_STORE_UNAVAILABLE: { status: 503, message: 'The database is not reachable; retry with the same Idempotency-Key' },

  // WebSocket
  RC_ERR_WS_BAD_MESSAGE: { status: 400, message: 'The WebSocket message is not valid JSON of a known type' },
  RC_ERR_WS_AUTH_TIMEOUT: { status: 401, message: 'No auth message arrived in time' },
  RC_ERR_WS_BAD_VERSION: { status: 400, message: 'Unsupported protocol version' },

  // PBX link (logged, never sent to clients)
  RC_ERR_AMI_LOGIN_FAILED: { status: 502, message: 'The PBX refused the AMI login' },
  RC_ERR_AMI_CONNECT_FAILED: { status: 502, message: 'The PBX is not reachable' },
  RC_ERR_AMI_DISCONNECTED: { status: 502, message: 'The AMI connection was lost' },
  RC_ERR_AMI_ACTION_TIMEOUT: { status: 504, message: 'The PBX did not answer an AMI action in time' },
  RC_ERR_AMI_ACTION_FAILED: { status: 502, message: 'The PBX answered an AMI action with an error' },
  RC_ERR_AMI_PING_TIMEOUT: { status: 504, message: 'The PBX did not answer a heartbeat Ping; reconnecting' },
  RC_ERR_AMI_BAD_ACTION_VALUE: { status: 400, message: 'An AMI action value contains CR or LF' },
  RC_ERR_AMI_MALFORMED_FRAME: { status: 502, message: 'An AMI frame could not be decoded and was skipped' },
  RC_ERR_AMI_LISTENER_FAILED: { status: 500, message: 'A consumer of AMI events threw; the other consumers still got the event' },
  RC_ERR_AMI_BAD_URL: { status: 500, message: 'The AMI URL or event mask is not valid' },
  RC_ERR_AMI_NOT_CONNECTED: { status: 503, message: 'No logged-in AMI session to send the action on' },

  // call tracking and the pipeline (logged)
  RC_ERR_CALL_ILLEGAL_TRANSITION: { status: 500, message: 'An AMI event asked for a call state change that is not allowed; ignored' },
  RC_ERR_MATCH_FAILED: { status: 500, message: 'Caller lookup failed; the pop shows an unknown caller' },
  RC_ERR_CALL_LOG_FAILED: { status: 500, message: 'Writing the automatic call record failed; it is retried' },

  // store
  RC_ERR_STORE_NOT_FOUND: { status: 404, message: 'A referenced record does not exist' },
  RC_ERR_STORE_CONFLICT: { status: 409, message: 'The write conflicts with an existing record' },
  RC_ERR_STORE_INVALID: { status: 400, message: 'The input is not consistent' }
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
