/**
 * The WebSocket protocol's constants. Kept apart from the schemas in
 * `./ws.ts` so the widget can import these values without bundling TypeBox.
 */

/** Version carried in every message (`v`); the server closes 4400 on any other. */
export const PROTOCOL_VERSION = 1

/** Close codes the server uses (4000–4999 are application-defined). */
export const CloseCode = {
  /** Auth missing, wrong or too late, an integration token (`RC_ERR_AUTH_FORBIDDEN`), or the token was revoked since (`RC_ERR_AUTH_REVOKED`). Do not retry with the same token. */
  Unauthorized: 4401,
  /** The page's Origin is not in RINGCARD_ALLOWED_ORIGINS. Sent right after the upgrade. */
  ForbiddenOrigin: 4403,
  /** Unsupported protocol version. */
  BadVersion: 4400,
  /** The client stopped reading and RINGCARD_WS_MAX_BUFFERED_BYTES piled up (`RC_ERR_WS_SLOW_CONSUMER`); reconnect for a fresh snapshot. */
  SlowConsumer: 4408,
  /** The operator's role or extensions changed since sign-in (`RC_ERR_AUTH_CHANGED`); reconnect with the same token for the new view. */
  OperatorChanged: 4409,
  /** Too many messages, or too many bad ones (`RC_ERR_WS_FLOOD`); reconnect only after a backoff. */
  Flood: 4429,
  /** Server shutting down; reconnect later. */
  GoingAway: 1001,
  /** A passing server problem (database unreachable); reconnect later with the same token. */
  TryAgainLater: 1013
} as const
export type CloseCode = typeof CloseCode[keyof typeof CloseCode]
