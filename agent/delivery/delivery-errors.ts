/**
 * Delivery's part of the error registry (`agent/errors.ts` composes the parts):
 * authentication, page origins, request framing and the WebSocket protocol.
 */
/** Codes the HTTP and WebSocket edges raise. */
export const DELIVERY_ERRORS = {
  RC_ERR_AUTH_REQUIRED: { status: 401, message: 'Authorization: Bearer <token> is required' },
  RC_ERR_AUTH_INVALID: { status: 401, message: 'The token is not valid' },
  RC_ERR_AUTH_FORBIDDEN: { status: 403, message: 'This operator may not access that resource' },
  RC_ERR_AUTH_REVOKED: { status: 401, message: 'The token was revoked or its operator removed; sign in again' },
  RC_ERR_AUTH_CHANGED: { status: 409, message: 'The operator\'s role or extensions changed; reconnect to load them' },
  RC_ERR_ORIGIN_FORBIDDEN: { status: 403, message: 'The page origin is not in RINGCARD_ALLOWED_ORIGINS' },
  RC_ERR_API_BAD_IDEMPOTENCY_KEY: { status: 400, message: 'Idempotency-Key header is missing or not 8–100 safe characters' },
  RC_ERR_WS_BAD_MESSAGE: { status: 400, message: 'The WebSocket message is not valid JSON of a known type' },
  RC_ERR_WS_AUTH_TIMEOUT: { status: 401, message: 'No auth message arrived in time' },
  RC_ERR_WS_BAD_VERSION: { status: 400, message: 'Unsupported protocol version' },
  RC_ERR_WS_SLOW_CONSUMER: { status: 408, message: 'The client did not read its messages fast enough; reconnect for a fresh snapshot' },
  RC_ERR_WS_FLOOD: { status: 429, message: 'Too many WebSocket messages, or too many bad ones' }
} as const satisfies Record<string, { status: number; message: string }>
