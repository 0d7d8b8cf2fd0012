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
import * as addPhoneCountry from './2026-12-03T1900_add_phone_country.js'
import * as createCallerPicks from './2026-12-03T1905_create_caller_picks.js'
import * as addIntegrationRole from './2026-12-03T1910_add_integration_role.js'
import * as createCampaigns from './2026-12-03T1920_create_campaigns.js'
import * as extendCustomerFile from './2026-12-03T1921_extend_customer_file.js'
import * as createCustomerContacts from './2026-12-03T1922_create_customer_contacts.js'
import * as addGroupColour from './2026-12-03T1923_add_group_colour.js'
import * as addTimelineKinds from './2026-12-03T1940_add_timeline_kinds.js'
import * as createPurchases from './2026-12-03T1945_create_purchases.js'
import * as addTierSourceIndex from './2026-12-03T1946_add_tier_source_index.js'
import * as createJobs from './2026-12-03T1950_create_jobs.js'
import * as createCustomerSearchTerms from './2026-12-03T1960_create_customer_search_terms.js'
import * as addCustomerExternalId from './2026-12-03T1961_add_customer_external_id.js'

export const migrations: Readonly<Record<string, Migration>> = Object.freeze({
  '2026-11-22T2040_create_core_tables': createCoreTables,
  '2026-12-03T1810_add_pbx_id': addPbxId,
  '2026-12-03T1820_add_outcome_request_hash': addOutcomeRequestHash,
  '2026-12-03T1900_add_phone_country': addPhoneCountry,
  '2026-12-03T1905_create_caller_picks': createCallerPicks,
  '2026-12-03T1910_add_integration_role': addIntegrationRole,
  '2026-12-03T1920_create_campaigns': createCampaigns,
  '2026-12-03T1921_extend_customer_file': extendCustomerFile,
  '2026-12-03T1922_create_customer_contacts': createCustomerContacts,
  '2026-12-03T1923_add_group_colour': addGroupColour,
  '2026-12-03T1940_add_timeline_kinds': addTimelineKinds,
  '2026-12-03T1945_create_purchases': createPurchases,
  '2026-12-03T1946_add_tier_source_index': addTierSourceIndex,
  '2026-12-03T1950_create_jobs': createJobs,
  '2026-12-03T1960_create_customer_search_terms': createCustomerSearchTerms,
  '2026-12-03T1961_add_customer_external_id': addCustomerExternalId
})
