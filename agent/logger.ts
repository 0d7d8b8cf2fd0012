/**
 * One pino logger for the whole agent (Fastify uses it too). Customer data —
 * numbers, names, notes — and secrets are redacted by path, so even a debug
 * line that carries a whole object does not leak them at info level.
 */
import { pino, type Logger, type DestinationStream } from 'pino'
import pinoPretty from 'pino-pretty'

/** Paths censored in every log line. Keep in sync with the README's "Logs" section. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["idempotency-key"]',
  'token', '*.token',
  'secret', '*.secret',
  'number', '*.number',
  'e164', '*.e164',
  'phone', '*.phone',
  'remoteNumber', '*.remoteNumber',
  'callerName', '*.callerName',
  'displayName', '*.displayName',
  'note', '*.note'
]

/** What a logged request looks like: Fastify's request, or Node's raw one. */
interface LoggableRequest {
  readonly method?: string
  readonly url?: string
  readonly host?: string
  readonly ip?: string
  readonly headers?: Readonly<Record<string, string | string[] | undefined>>
  readonly socket?: { readonly remoteAddress?: string; readonly remotePort?: number } | null
}

/**
 * The request as log lines show it. The query string is replaced by
 * `?[redacted]`: a client may put a token there (`/api/me?token=…`), and
 * nothing in the agent's API needs a query to be read back from the log.
 */
export function requestForLog (req: LoggableRequest): Record<string, unknown> {
  const url = req.url ?? ''
  const q = url.indexOf('?')
  return {
    method: req.method,
    url: q === -1 ? url : `${url.slice(0, q)}?[redacted]`,
    host: req.host ?? req.headers?.['host'],
    remoteAddress: req.ip ?? req.socket?.remoteAddress,
    remotePort: req.socket?.remotePort
  }
}

/**
 * @param destination where lines go; stdout when absent. Tests pass an in-memory stream.
 * @param format `pretty` renders readable lines (pino-pretty) for a person at a
 *   terminal; `json` is for log shippers; `auto` picks pretty on a TTY.
 */
export function createLogger (level: string, destination?: DestinationStream, format: 'auto' | 'json' | 'pretty' = 'json'): Logger {
  const options = {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'ringcard' },
    // Fastify's own request serializer logs the whole URL; this one wins over it.
    serializers: { req: requestForLog }
  }
  const pretty = format === 'pretty' || (format === 'auto' && destination === undefined && process.stdout.isTTY === true)
  // Stdout is written synchronously: the fatal line of a failed start is written
  // right before process.exit, and an asynchronous write could be lost.
  if (pretty && destination === undefined) {
    return pino(options, pinoPretty({ colorize: process.stdout.isTTY === true, ignore: 'pid,hostname,service', translateTime: 'SYS:HH:MM:ss', sync: true }))
  }
  return pino(options, destination ?? pino.destination({ dest: 1, sync: true }))
}
