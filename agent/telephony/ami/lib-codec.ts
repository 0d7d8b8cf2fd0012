/**
 * Translation between our AMI shapes and asterisk-manager's: the connection
 * URL, outgoing actions (validated, because the library writes values
 * verbatim, A.3) and incoming frames (the library's objects normalised back
 * to a plain {@link AmiFrame}, A.2).
 */
import { AmiError, AmiErrorCode } from './ami-error.js'
import type { AmiFrame } from './events.js'

/** A parsed `ami://user:secret@host:port` URL. */
export interface AmiEndpoint {
  readonly host: string
  readonly port: number
  readonly username: string
  readonly secret: string
  /** The URL with the secret replaced by `***`; the only form that may be logged. */
  readonly redacted: string
}

const DEFAULT_PORT = 5038
const UNSAFE = /[\r\n]/

/**
 * Parses the AMI URL. User and secret may be percent-encoded. Throws
 * {@link AmiErrorCode.BadUrl}; the message never contains the secret.
 */
export function parseAmiUrl (url: string): AmiEndpoint {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new AmiError(AmiErrorCode.BadUrl, 'AMI URL is not a URL (expected ami://user:secret@host:5038)')
  }
  if (parsed.protocol !== 'ami:') throw new AmiError(AmiErrorCode.BadUrl, `AMI URL scheme must be ami:, got ${parsed.protocol}`)
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1')
  if (host === '') throw new AmiError(AmiErrorCode.BadUrl, 'AMI URL has no host')
  const port = parsed.port === '' ? DEFAULT_PORT : Number(parsed.port)
  let username: string
  let secret: string
  try {
    username = decodeURIComponent(parsed.username)
    secret = decodeURIComponent(parsed.password)
  } catch {
    throw new AmiError(AmiErrorCode.BadUrl, 'AMI URL user or secret has a bad percent-encoding')
  }
  if (username === '') throw new AmiError(AmiErrorCode.BadUrl, 'AMI URL has no user')
  if (UNSAFE.test(username) || UNSAFE.test(secret)) throw new AmiError(AmiErrorCode.BadUrl, 'AMI URL user or secret contains CR/LF')
  const hostPart = host.includes(':') ? `[${host}]` : host
  return { host, port, username, secret, redacted: `ami://${parsed.username}:***@${hostPart}:${port}` }
}

/** The action object asterisk-manager's `action()` serialises: one header per string, one `Key: name=value` line per object entry. */
export type LibAction = Record<string, string | Record<string, string>>

const KEY = /^[A-Za-z][A-Za-z0-9_-]*$/
const NAME_VALUE = /^([^=]+)=(.*)$/s

function bad (message: string): AmiError {
  return new AmiError(AmiErrorCode.BadActionValue, message)
}

/**
 * Validates an outgoing action and converts it to what asterisk-manager
 * writes. Keys are lower-cased (Asterisk matches headers case-insensitively;
 * the library re-capitalises them). Array values must be `NAME=value` items
 * (Asterisk's repeatable `Variable:` header) and become one header line each.
 * `ActionID` may not be given: the adapter owns correlation.
 *
 * @throws AmiError {@link AmiErrorCode.BadActionValue} for CR/LF anywhere,
 *   bad keys, a missing `Action`, or arrays that are not `NAME=value` lists.
 */
export function toLibAction (action: Readonly<Record<string, string | readonly string[]>>): LibAction {
  const out: LibAction = {}
  for (const [rawKey, value] of Object.entries(action)) {
    if (!KEY.test(rawKey)) throw bad(`action key ${JSON.stringify(rawKey)} is not a header name`)
    const key = rawKey.toLowerCase()
    if (key === 'actionid') throw bad('ActionID is set by the adapter, not by callers')
    if (key in out) throw bad(`action key ${rawKey} given twice (keys are case-insensitive)`)
    if (typeof value === 'string') {
      if (UNSAFE.test(value)) throw bad(`value of ${rawKey} contains CR or LF`)
      out[key] = value
      continue
    }
    const vars: Record<string, string> = {}
    for (const item of value) {
      if (typeof item !== 'string' || UNSAFE.test(item)) throw bad(`an item of ${rawKey} contains CR or LF`)
      const m = NAME_VALUE.exec(item)
      if (m === null) throw bad(`array items of ${rawKey} must be NAME=value`)
      const name = m[1] ?? ''
      if (name in vars) throw bad(`${rawKey} sets ${name} twice`)
      vars[name] = m[2] ?? ''
    }
    out[key] = vars
  }
  const verb = out.action
  if (typeof verb !== 'string' || verb.trim() === '') throw bad('action has no Action header')
  return out
}

/**
 * Turns the library's parsed object into a plain {@link AmiFrame}:
 * - `variable` / `chanvariable` objects back to `NAME=value` strings (for
 *   VarSet, whose `Variable:` header holds only the name, back to `NAME`);
 * - non-string junk (inherited-name collisions such as a `constructor:`
 *   header, A.2) dropped.
 * Returns null when nothing usable is left.
 */
export function frameFromLib (raw: unknown): AmiFrame | null {
  if (raw === null || typeof raw !== 'object') return null
  const entries = Object.entries(raw as Record<string, unknown>)
  const eventName = entries.find(([k]) => k === 'event')?.[1]
  const isVarSet = (Array.isArray(eventName) ? eventName[0] : eventName) === 'VarSet'
  const out: Record<string, string | string[]> = {}
  for (const [key, value] of entries) {
    let values: string[]
    if (typeof value === 'string') values = [value]
    else if (Array.isArray(value)) values = value.filter((v): v is string => typeof v === 'string')
    else if (value !== null && typeof value === 'object') {
      values = Object.entries(value as Record<string, unknown>).map(([name, v]) =>
        isVarSet && key === 'variable' ? name : `${name}=${typeof v === 'string' ? v : ''}`)
    } else values = []
    if (values.length === 0) continue
    out[key] = values.length === 1 && !Array.isArray(value) ? values[0]! : values
  }
  return Object.keys(out).length === 0 ? null : out
}
