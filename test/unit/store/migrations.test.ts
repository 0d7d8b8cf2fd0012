import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { migrateToLatest, openDatabase } from '../../../agent/store/connect.js'
import { dialects, silentLogger, useTestDatabase } from '../../support/databases.js'

describe.each(await dialects())('[%s] migrations', (_name, dialect) => {
  const t = useTestDatabase(dialect)

  it('migrates to the latest schema, and migrating again changes nothing', async () => {
    const tables = (await t.db.introspection.getTables()).map(x => x.name)
    expect(tables).toEqual(expect.arrayContaining([
      'operators', 'operator_extensions', 'customers', 'customer_phones', 'tags', 'customer_tags',
      'issues', 'interactions', 'outcome_requests', 'audit_log'
    ]))
    await migrateToLatest(t.db, silentLogger)
  })

  it('gives outcome requests a nullable request fingerprint, so rows from before it still load', async () => {
    await t.db.insertInto('outcome_requests').values({
      idempotency_key: 'key-before-hash', operator_id: null, call_id: 'c-1', interaction_id: null, issue_id: null, created_at: '2026-11-22T09:00:00.000Z'
    }).execute()
    expect(await t.db.selectFrom('outcome_requests').select('request_hash').execute()).toEqual([{ request_hash: null }])
  })

  // Kysely looked for its migration tables in every schema: a fresh schema next to a migrated one failed to migrate.
  it.runIf(dialect.name === 'postgres')('migrates a fresh PostgreSQL schema while another schema in the database is migrated', async () => {
    const schema = `rc_${randomBytes(6).toString('hex')}`
    const url = new URL(t.url)
    const admin = new pg.Client({ connectionString: t.url })
    await admin.connect()
    try {
      await admin.query(`create schema ${schema}`)
      url.searchParams.set('options', `-c search_path=${schema}`)
      const fresh = await openDatabase(url.toString(), silentLogger)
      try {
        await migrateToLatest(fresh.db, silentLogger)
        expect((await fresh.db.introspection.getTables()).filter(x => x.schema === schema).map(x => x.name)).toContain('outcome_requests')
      } finally {
        await fresh.close()
      }
    } finally {
      await admin.query(`drop schema if exists ${schema} cascade`)
      await admin.end()
    }
  })
})
