import type { AmiFrame } from './events.js'

/**
 * The AMI layer's part of the error registry (`agent/errors.ts` composes the
 * parts). Operators see these in logs and in the link status.
 */
export const AMI_ERRORS = {
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
  RC_ERR_AMI_NOT_CONNECTED: { status: 503, message: 'No logged-in AMI session to send the action on' }
} as const satisfies Record<string, { status: number; message: string }>

/** Readable names for the {@link AMI_ERRORS} codes. */
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
} as const satisfies Record<string, keyof typeof AMI_ERRORS>

/** Union of the {@link AmiErrorCode} values. */
export type AmiErrorCode = typeof AmiErrorCode[keyof typeof AmiErrorCode]

/** A coded failure of the AMI link or of one action. */
export class AmiError extends Error {
  /** Stable machine-readable code (`RC_ERR_AMI_*`). */
  readonly code: AmiErrorCode
  /** The `Response: Error` frame, for {@link AmiErrorCode.ActionFailed} and {@link AmiErrorCode.LoginFailed}. */
  readonly response: AmiFrame | undefined

  constructor (code: AmiErrorCode, message: string, options: { response?: AmiFrame; cause?: unknown } = {}) {
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
