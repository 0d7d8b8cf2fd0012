/**
 * Every migration, by name. Names sort in the order they run. A static index
 * instead of Kysely's FileMigrationProvider: no directory scanning, so it
 * works the same under tsx, vitest and a bundler.
 *
 * Add a migration: create `YYYY-MM-DDTHHMM_<verb>_<object>.ts` here and list it below.
 */
import type { Migration } from 'kysely'
import * as createCoreTables from './2026-11-22T2040_create_core_tables.js'
import * as addPbxId from './2026-12-03T1810_add_pbx_id.js'
import * as addOutcomeRequestHash from './2026-12-03T1820_add_outcome_request_hash.js'

export const migrations: Readonly<Record<string, Migration>> = Object.freeze({
  '2026-11-22T2040_create_core_tables': createCoreTables,
  '2026-12-03T1810_add_pbx_id': addPbxId,
  '2026-12-03T1820_add_outcome_request_hash': addOutcomeRequestHash
})
