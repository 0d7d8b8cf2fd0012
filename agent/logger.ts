/**
 * One pino logger for the whole agent (Fastify uses it too). Customer data —
 * numbers, names, notes — and secrets are redacted by path, so even a debug
 * line that carries a whole object does not leak them at info level.
 */
import { pino, type Logger, type DestinationStream } from 'pino'

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

export function createLogger (level: string, destination?: DestinationStream): Logger {
  return pino({
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'ringcard' }
  }, destination)
}
