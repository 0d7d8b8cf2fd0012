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

/**
 * @param format `pretty` renders readable lines (pino-pretty) for a person at a
 *   terminal; `json` is for log shippers; `auto` picks pretty on a TTY.
 */
export function createLogger (level: string, destination?: DestinationStream, format: 'auto' | 'json' | 'pretty' = 'json'): Logger {
  const options = {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'ringcard' }
  }
  const pretty = format === 'pretty' || (format === 'auto' && destination === undefined && process.stdout.isTTY === true)
  if (pretty && destination === undefined) {
    return pino(options, pinoPretty({ colorize: process.stdout.isTTY === true, ignore: 'pid,hostname,service', translateTime: 'SYS:HH:MM:ss' }))
  }
  return pino(options, destination)
}
