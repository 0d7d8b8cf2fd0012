/**
 * Bounds of what the database can hold, shared by both engines.
 */

/**
 * The largest row id the store accepts: PostgreSQL `integer` (int4) ids stop
 * at 2^31 − 1, while SQLite's rowid goes to 2^63 − 1. A larger id names no row
 * on either engine, but PostgreSQL rejects it as a parameter ("out of range
 * for type integer") instead of finding nothing, so repositories answer
 * "not found" for it before asking.
 */
export const MAX_ID = 2147483647

/** True for an id that can name a stored row: an integer in 1..{@link MAX_ID}. */
export function isStorableId (id: number): boolean {
  return Number.isInteger(id) && id >= 1 && id <= MAX_ID
}
