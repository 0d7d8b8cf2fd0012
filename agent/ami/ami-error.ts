import type { AmiFrame } from './events.js'

/**
 * Every code the AMI layer raises or logs. Operators see these in logs and in
 * the link status; to be folded into `agent/errors.ts` by the lead.
 */
export const AmiErrorCode = {
  /** The `ami://user:secret@host:port` URL (or the event mask) is invalid. */
  BadUrl: 'RC_ERR_AMI_BAD_URL',
  /** TCP connect to Asterisk failed (refused, unreachable, timed out). */
  ConnectFailed: 'RC_ERR_AMI_CONNECT_FAILED',
  /** Asterisk rejected the Login (wrong user/secret, ACL) or never answered it. */
  LoginFailed: 'RC_ERR_AMI_LOGIN_FAILED',
  /** An action got no complete answer within `actionTimeoutMs`. */
  ActionTimeout: 'RC_ERR_AMI_ACTION_TIMEOUT',
  /** Asterisk answered an action with `Response: Error`. */
  ActionFailed: 'RC_ERR_AMI_ACTION_FAILED',
  /** The link closed while the action was in flight, or the session was lost. */
  Disconnected: 'RC_ERR_AMI_DISCONNECTED',
  /** An action was sent while no logged-in session exists (nothing is queued). */
  NotConnected: 'RC_ERR_AMI_NOT_CONNECTED',
  /** An outgoing action key/value contains CR, LF or is otherwise unsendable (header injection guard). */
  BadActionValue: 'RC_ERR_AMI_BAD_ACTION_VALUE',
  /** The Ping heartbeat got no Pong in time; the link is treated as dead and rebuilt. */
  PingTimeout: 'RC_ERR_AMI_PING_TIMEOUT',
  /** A received frame could not be decoded (missing headers, no Event/Response); it was skipped. */
  MalformedFrame: 'RC_ERR_AMI_MALFORMED_FRAME',
  /** A consumer's listener threw or rejected; the error was logged and swallowed. */
  ListenerFailed: 'RC_ERR_AMI_LISTENER_FAILED'
} as const

/** Union of the {@link AmiErrorCode} values. */
export type AmiErrorCode = typeof AmiErrorCode[keyof typeof AmiErrorCode]

/** A coded failure of the AMI link or of one action. */
export class AmiError extends Error {
  /** Stable machine-readable code (`RC_ERR_AMI_*`). */
  readonly code: AmiErrorCode
  /** The `Response: Error` frame, for {@link AmiErrorCode.ActionFailed} and {@link AmiErrorCode.LoginFailed}. */
  readonly response: AmiFrame | undefined

  constructor (code: AmiErrorCode, message: string, options: { response?: AmiFrame, cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'AmiError'
    this.code = code
    this.response = options.response
  }
}

/** True when `err` is an {@link AmiError} with the given code. */
export function isAmiError (err: unknown, code?: AmiErrorCode): err is AmiError {
  return err instanceof AmiError && (code === undefined || err.code === code)
}
