/**
 * Building blocks of the wire contract, shared by the WebSocket and REST
 * schemas. Every integer that names a row is bounded to what both engines
 * store, so a huge id is a 400, never a database error.
 */
import { FormatRegistry, Type, type TSchema } from '@sinclair/typebox'

/** The largest row id SQLite and PostgreSQL (`integer`, 32-bit) both store. */
export const MAX_ROW_ID = 2_147_483_647

/** A row id: a whole number from 1 to {@link MAX_ROW_ID}. */
export const RowId = (options: { description?: string } = {}) => Type.Integer({ minimum: 1, maximum: MAX_ROW_ID, ...options })

/** Free text. PostgreSQL cannot store NUL, so it is refused up front (400) instead of failing the write. */
export const Text = (max: number, min = 0, options: { description?: string } = {}) =>
  Type.String({ minLength: min, maxLength: max, pattern: '^[^\\u0000]*$', ...options })

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/
// TypeBox's own checker knows no formats; Fastify's Ajv brings its own. Both must agree on this one.
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', v => ISO_TIME.test(v) && !Number.isNaN(Date.parse(v)))

/** A UTC time as ISO-8601 (`2026-12-03T10:15:00.000Z`). */
export const IsoTime = (options: { description?: string } = {}) => Type.String({ format: 'date-time', ...options })

/** `T | null`. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

/** A call id as the agent issues it: `<pbx>:<boot>:<linkedid>`. */
export const CallId = Type.String({ minLength: 1, maxLength: 120, pattern: '^[A-Za-z0-9:._-]+$', description: 'Call id as issued by the agent' })

/** Every error answer: the HTTP status, a documented `RC_ERR_…` code and a message safe to show. */
export const ErrorBody = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String({ pattern: '^RC_ERR_[A-Z_]+$' }),
  message: Type.String()
}, { description: 'A coded error (see the README error table)' })

/** Deeply read-only view of a schema's static type: what the agent sends is never mutated by the receiver. */
export type Frozen<T>
  = T extends ReadonlyArray<infer U> ? ReadonlyArray<Frozen<U>>
    : T extends object ? { readonly [K in keyof T]: Frozen<T[K]> }
    : T

/** The error answers every authenticated route can give, plus its own. */
export const errors = (...statuses: number[]): Record<number, TSchema> => {
  const out: Record<number, TSchema> = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 500: ErrorBody, 503: ErrorBody }
  for (const s of statuses) out[s] = ErrorBody
  return out
}
/** The OpenAPI security requirement of every `/api/` route. */
export const bearer = [{ bearerAuth: [] }]
