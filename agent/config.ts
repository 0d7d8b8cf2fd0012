/**
 * The only reader of the environment. Every setting has a default in
 * {@link DEFAULTS}, is validated, and the result is frozen. A bad value fails
 * fast with `RC_ERR_CONFIG_INVALID` naming the variable.
 *
 * The README's configuration table lists exactly these variables (a test
 * checks that the two agree).
 */
import type { CountryCode } from 'libphonenumber-js'
import { isSupportedCountry } from 'libphonenumber-js'
import { RingcardError } from './errors.js'
import { DEFAULT_TIER_RULES, parseTierRules } from './crm/tiers/tier-rules.js'
import { isCurrency } from './crm/purchases/money.js'
import type { TierPolicy } from './model/tier.js'
import { isTimeZone, systemTimeZone } from './model/zoned-time.js'

/** Default values, keyed by environment variable name. Units are in the names. */
export const DEFAULTS = {
  /** Address the HTTP/WS server binds to. */
  RINGCARD_HOST: '127.0.0.1',
  RINGCARD_PORT: '8080',
  /** A client must send a request's complete headers within this time, or gets 408 and is disconnected. */
  RINGCARD_HTTP_HEADERS_TIMEOUT_MS: '10000',
  /** A client must send a whole request (headers and body) within this time, or gets 408 and is disconnected. WebSockets are not affected once upgraded. */
  RINGCARD_HTTP_REQUEST_TIMEOUT_MS: '30000',
  /** An idle keep-alive HTTP connection is closed after this time. */
  RINGCARD_HTTP_KEEPALIVE_TIMEOUT_MS: '5000',
  /** Most open client connections (HTTP and WebSocket together); more are refused at once. Keep it well below `ulimit -n`. */
  RINGCARD_HTTP_MAX_CONNECTIONS: '500',
  /** `sqlite:<file>` (embedded, default) or `postgres://user@host:5432/db`. Demo mode, when unset: `sqlite:./data/ringcard-demo.db`. */
  RINGCARD_DATABASE_URL: 'sqlite:./data/ringcard.db',
  /** `ami://user:secret@host:5038`. Empty: demo mode with a built-in PBX replaying recorded calls. */
  RINGCARD_AMI_URL: '',
  /** AMI event classes requested at login (`Events:` header). */
  RINGCARD_AMI_EVENT_MASK: 'system,call,agent',
  RINGCARD_AMI_PING_INTERVAL_MS: '15000',
  RINGCARD_AMI_PING_TIMEOUT_MS: '5000',
  RINGCARD_AMI_ACTION_TIMEOUT_MS: '10000',
  RINGCARD_AMI_RECONNECT_MIN_MS: '500',
  RINGCARD_AMI_RECONNECT_MAX_MS: '30000',
  /** Comma-separated origins allowed to embed the widget (WS Origin check and CORS). Empty: the agent's own origin only. */
  RINGCARD_ALLOWED_ORIGINS: '',
  /** ISO 3166 country used to read national caller IDs (`030 1234567`). */
  RINGCARD_DEFAULT_COUNTRY: 'DE',
  /** How many trailing digits the last-resort suffix match compares. */
  RINGCARD_MATCH_SUFFIX_DIGITS: '8',
  /** How long a WebSocket may stay open before its `auth` message arrives. */
  RINGCARD_WS_AUTH_TIMEOUT_MS: '5000',
  /** How often every signed-in WebSocket's token is checked again (revoked token, removed operator, changed role or extensions close it). */
  RINGCARD_WS_REVALIDATE_MS: '2000',
  /** A WebSocket with more than this many bytes queued for sending (the client stopped reading) is closed. */
  RINGCARD_WS_MAX_BUFFERED_BYTES: '1048576',
  /** Wrap-up dispositions as `code:Label` pairs; keys 1–9 pick them in this order. */
  RINGCARD_DISPOSITIONS: 'support:Support,sale:Sale,complaint:Complaint,callback:Callback requested,info:Information,wrong_number:Wrong number',
  /** `yes` seeds demo operators and customers into an empty database; `auto` does so in demo mode only. */
  RINGCARD_SEED_DEMO: 'auto',
  /** Demo mode: pause between two replayed demo calls. */
  RINGCARD_DEMO_CALL_INTERVAL_MS: '20000',
  /** Customer tiers, best first: `name:condition,…;…` with conditions `volume>=N` (whole units of the tier currency), `count>=N`, `ontime>=R` (0–1 or %). */
  RINGCARD_TIERS: DEFAULT_TIER_RULES,
  /** Purchases of the last this many days count towards a tier. */
  RINGCARD_TIER_WINDOW_DAYS: '365',
  /** ISO 4217 currency tier volumes are summed in; purchases in other currencies count, but not towards the volume. */
  RINGCARD_TIER_CURRENCY: 'EUR',
  /** Local hour (0–23, in RINGCARD_TIME_ZONE) of the nightly tier recomputation. */
  RINGCARD_TIER_RECOMPUTE_HOUR: '3',
  /** Days after an issue's first contact in which another contact about it means it was not resolved on first contact. */
  RINGCARD_FCR_WINDOW_DAYS: '7',
  /** IANA time zone for "today" (birthdays) and the nightly run. Empty: the system's zone. */
  RINGCARD_TIME_ZONE: '',
  /** BCP 47 locale for amounts the agent words (the card's tier reason). */
  RINGCARD_LOCALE: 'en',
  /** Largest CSV `POST /api/imports` takes (raw body or multipart file), in bytes. */
  RINGCARD_IMPORT_MAX_BYTES: '268435456',
  /** pino level: fatal, error, warn, info, debug, trace, silent. Customer data is logged at debug only. */
  RINGCARD_LOG_LEVEL: 'info',
  /** `json` (one JSON object a line), `pretty` (readable), or `auto`: pretty on a terminal, JSON otherwise. */
  RINGCARD_LOG_FORMAT: 'auto'
} as const satisfies Record<string, string>

export type ConfigVariable = keyof typeof DEFAULTS

/** Where demo mode keeps its data when RINGCARD_DATABASE_URL is not set. */
export const DEMO_DATABASE_URL = 'sqlite:./data/ringcard-demo.db'

export interface Disposition { readonly key: number; readonly code: string; readonly label: string }

export interface Config {
  readonly host: string
  readonly port: number
  /** Node's `server.headersTimeout`; at most {@link Config.httpRequestTimeoutMs}. */
  readonly httpHeadersTimeoutMs: number
  /** Node's `server.requestTimeout` (receiving the request, not handling it). */
  readonly httpRequestTimeoutMs: number
  readonly httpKeepAliveTimeoutMs: number
  /** Node's `server.maxConnections`: connections over it are dropped on accept. */
  readonly httpMaxConnections: number
  readonly databaseUrl: string
  /** null: demo mode. */
  readonly amiUrl: string | null
  readonly amiEventMask: string
  readonly amiPingIntervalMs: number
  readonly amiPingTimeoutMs: number
  readonly amiActionTimeoutMs: number
  readonly amiReconnectMinMs: number
  readonly amiReconnectMaxMs: number
  readonly allowedOrigins: readonly string[]
  readonly defaultCountry: CountryCode
  readonly matchSuffixDigits: number
  readonly wsAuthTimeoutMs: number
  readonly wsRevalidateMs: number
  readonly wsMaxBufferedBytes: number
  readonly dispositions: readonly Disposition[]
  readonly seedDemo: boolean
  readonly demoCallIntervalMs: number
  /** Tier rules, window and currency. */
  readonly tiers: TierPolicy
  /** Local hour of the nightly tier recomputation. */
  readonly tierRecomputeHour: number
  readonly fcrWindowDays: number
  /** IANA zone of "today" and of the nightly hour. */
  readonly timeZone: string
  /** BCP 47 locale for worded amounts. */
  readonly locale: string
  /** Largest CSV an API import takes, in bytes. */
  readonly importMaxBytes: number
  readonly logLevel: string
  readonly logFormat: 'auto' | 'json' | 'pretty'
}

function invalid (name: ConfigVariable, why: string): RingcardError {
  return new RingcardError('RC_ERR_CONFIG_INVALID', `${name}: ${why}`)
}

function int (env: Readonly<Record<string, string | undefined>>, name: ConfigVariable, min: number, max: number): number {
  const raw = read(env, name)
  if (!/^\d+$/.test(raw)) throw invalid(name, `expected a whole number, got "${raw}"`)
  const n = Number(raw)
  if (n < min || n > max) throw invalid(name, `expected ${min}–${max}, got ${n}`)
  return n
}

function read (env: Readonly<Record<string, string | undefined>>, name: ConfigVariable): string {
  const v = env[name]
  return (v === undefined ? DEFAULTS[name] : v).trim()
}

function parseDispositions (raw: string): Disposition[] {
  const items = raw.split(',').map(s => s.trim()).filter(Boolean)
  if (items.length === 0 || items.length > 9) throw invalid('RINGCARD_DISPOSITIONS', 'expected 1–9 code:Label pairs')
  return items.map((item, i) => {
    const m = /^([a-z0-9_-]{1,40}):(.{1,60})$/i.exec(item)
    if (m === null) throw invalid('RINGCARD_DISPOSITIONS', `"${item}" is not code:Label`)
    return { key: i + 1, code: m[1]!.toLowerCase(), label: m[2]!.trim() }
  })
}

/**
 * Reads, validates and freezes the configuration.
 * @param env defaults to `process.env`; tests pass their own object.
 * @throws RingcardError `RC_ERR_CONFIG_INVALID` naming the bad variable.
 */
export function loadConfig (env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const host = read(env, 'RINGCARD_HOST')
  if (host === '') throw invalid('RINGCARD_HOST', 'must not be empty')
  const port = int(env, 'RINGCARD_PORT', 0, 65535)

  const amiRaw = read(env, 'RINGCARD_AMI_URL')
  let amiUrl: string | null = null
  if (amiRaw !== '') {
    let u: URL
    try { u = new URL(amiRaw) } catch { throw invalid('RINGCARD_AMI_URL', 'not a URL (expected ami://user:secret@host:5038)') }
    if (u.protocol !== 'ami:' || u.hostname === '' || u.username === '') {
      throw invalid('RINGCARD_AMI_URL', 'expected ami://user:secret@host:5038')
    }
    amiUrl = amiRaw
  }

  // Demo data (with its public demo tokens) never lands in the file a real deployment uses.
  const databaseUrl = env['RINGCARD_DATABASE_URL'] === undefined && amiUrl === null
    ? DEMO_DATABASE_URL
    : read(env, 'RINGCARD_DATABASE_URL')
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl) && databaseUrl !== ':memory:') {
    throw invalid('RINGCARD_DATABASE_URL', 'expected sqlite:<file> or postgres://…')
  }

  const country = read(env, 'RINGCARD_DEFAULT_COUNTRY').toUpperCase()
  if (!isSupportedCountry(country)) throw invalid('RINGCARD_DEFAULT_COUNTRY', `unknown country "${country}"`)

  const ownOrigins = host === '127.0.0.1' || host === 'localhost'
    ? [`http://127.0.0.1:${port}`, `http://localhost:${port}`]
    : [`http://${host}:${port}`]
  const listed = read(env, 'RINGCARD_ALLOWED_ORIGINS').split(',').map(s => s.trim()).filter(Boolean)
  for (const o of listed) {
    let u: URL
    try { u = new URL(o) } catch { throw invalid('RINGCARD_ALLOWED_ORIGINS', `"${o}" is not an origin`) }
    if (u.origin !== o.replace(/\/$/, '')) throw invalid('RINGCARD_ALLOWED_ORIGINS', `"${o}" is not an origin (scheme://host[:port])`)
  }

  const seed = read(env, 'RINGCARD_SEED_DEMO').toLowerCase()
  if (!['yes', 'no', 'auto'].includes(seed)) throw invalid('RINGCARD_SEED_DEMO', 'expected yes, no or auto')

  const logLevel = read(env, 'RINGCARD_LOG_LEVEL').toLowerCase()
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw invalid('RINGCARD_LOG_LEVEL', `unknown level "${logLevel}"`)
  }

  let tierRules
  try { tierRules = parseTierRules(read(env, 'RINGCARD_TIERS')) } catch (err) { throw invalid('RINGCARD_TIERS', (err as Error).message) }
  const tierCurrency = read(env, 'RINGCARD_TIER_CURRENCY').toUpperCase()
  if (!isCurrency(tierCurrency)) throw invalid('RINGCARD_TIER_CURRENCY', `unknown ISO 4217 currency "${tierCurrency}"`)
  const timeZone = read(env, 'RINGCARD_TIME_ZONE') || systemTimeZone()
  if (!isTimeZone(timeZone)) throw invalid('RINGCARD_TIME_ZONE', `unknown time zone "${timeZone}"`)
  const locale = read(env, 'RINGCARD_LOCALE')
  let supportedLocale: string[] = []
  try { supportedLocale = Intl.NumberFormat.supportedLocalesOf(locale) } catch { /* not a BCP 47 tag */ }
  if (supportedLocale.length === 0) throw invalid('RINGCARD_LOCALE', `unknown locale "${locale}"`)

  const logFormat = read(env, 'RINGCARD_LOG_FORMAT').toLowerCase()
  if (logFormat !== 'auto' && logFormat !== 'json' && logFormat !== 'pretty') {
    throw invalid('RINGCARD_LOG_FORMAT', 'expected auto, json or pretty')
  }

  const config: Config = {
    host,
    port,
    httpHeadersTimeoutMs: int(env, 'RINGCARD_HTTP_HEADERS_TIMEOUT_MS', 100, 600_000),
    httpRequestTimeoutMs: int(env, 'RINGCARD_HTTP_REQUEST_TIMEOUT_MS', 100, 600_000),
    httpKeepAliveTimeoutMs: int(env, 'RINGCARD_HTTP_KEEPALIVE_TIMEOUT_MS', 100, 600_000),
    httpMaxConnections: int(env, 'RINGCARD_HTTP_MAX_CONNECTIONS', 10, 1_000_000),
    databaseUrl,
    amiUrl,
    amiEventMask: read(env, 'RINGCARD_AMI_EVENT_MASK'),
    amiPingIntervalMs: int(env, 'RINGCARD_AMI_PING_INTERVAL_MS', 100, 3_600_000),
    amiPingTimeoutMs: int(env, 'RINGCARD_AMI_PING_TIMEOUT_MS', 50, 600_000),
    amiActionTimeoutMs: int(env, 'RINGCARD_AMI_ACTION_TIMEOUT_MS', 50, 600_000),
    amiReconnectMinMs: int(env, 'RINGCARD_AMI_RECONNECT_MIN_MS', 10, 600_000),
    amiReconnectMaxMs: int(env, 'RINGCARD_AMI_RECONNECT_MAX_MS', 10, 3_600_000),
    allowedOrigins: Object.freeze([...new Set([...ownOrigins, ...listed.map(o => o.replace(/\/$/, ''))])]),
    defaultCountry: country,
    matchSuffixDigits: int(env, 'RINGCARD_MATCH_SUFFIX_DIGITS', 6, 12),
    wsAuthTimeoutMs: int(env, 'RINGCARD_WS_AUTH_TIMEOUT_MS', 100, 60_000),
    wsRevalidateMs: int(env, 'RINGCARD_WS_REVALIDATE_MS', 100, 600_000),
    wsMaxBufferedBytes: int(env, 'RINGCARD_WS_MAX_BUFFERED_BYTES', 65_536, 1_073_741_824),
    dispositions: Object.freeze(parseDispositions(read(env, 'RINGCARD_DISPOSITIONS'))),
    seedDemo: seed === 'yes' || (seed === 'auto' && amiUrl === null),
    demoCallIntervalMs: int(env, 'RINGCARD_DEMO_CALL_INTERVAL_MS', 1000, 3_600_000),
    tiers: Object.freeze({
      rules: Object.freeze(tierRules),
      windowDays: int(env, 'RINGCARD_TIER_WINDOW_DAYS', 1, 3650),
      currency: tierCurrency
    }),
    tierRecomputeHour: int(env, 'RINGCARD_TIER_RECOMPUTE_HOUR', 0, 23),
    fcrWindowDays: int(env, 'RINGCARD_FCR_WINDOW_DAYS', 0, 365),
    timeZone,
    locale,
    importMaxBytes: int(env, 'RINGCARD_IMPORT_MAX_BYTES', 1024, 4_294_967_296),
    logLevel,
    logFormat
  }
  if (config.amiReconnectMaxMs < config.amiReconnectMinMs) {
    throw invalid('RINGCARD_AMI_RECONNECT_MAX_MS', 'must be ≥ RINGCARD_AMI_RECONNECT_MIN_MS')
  }
  // Node refuses to create a server whose headers may take longer than the whole request.
  if (config.httpHeadersTimeoutMs > config.httpRequestTimeoutMs) {
    throw invalid('RINGCARD_HTTP_HEADERS_TIMEOUT_MS', 'must be ≤ RINGCARD_HTTP_REQUEST_TIMEOUT_MS')
  }
  return Object.freeze(config)
}

/**
 * The log level and format to report a startup failure with, read leniently:
 * when {@link loadConfig} itself fails (perhaps on these very variables), the
 * agent still writes its one fatal line in the format the operator asked for,
 * or in the defaults when that is what is wrong.
 */
export function startupLogSettings (env: Readonly<Record<string, string | undefined>> = process.env): { level: string; format: Config['logFormat'] } {
  const level = read(env, 'RINGCARD_LOG_LEVEL').toLowerCase()
  const format = read(env, 'RINGCARD_LOG_FORMAT').toLowerCase()
  return {
    level: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(level) ? level : DEFAULTS.RINGCARD_LOG_LEVEL,
    format: format === 'json' || format === 'pretty' ? format : 'auto'
  }
}
