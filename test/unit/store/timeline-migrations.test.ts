/**
 * The timeline, purchase and job migrations on a database that already holds
 * data (and back): SMS becomes a valid kind without losing the wrap-up links to existing
 * contacts (SQLite rewrites the check in place instead of rebuilding the
 * table), and tiers set before the tier rules become manual overrides.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Migrator, sql, type Kysely } from 'kysely'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../../../agent/store/connect.js'
import { migrations } from '../../../schema/migrations.js'
import { dialects, silentLogger } from '../../support/databases.js'

const BEFORE_TIMELINE = Object.keys(migrations).filter(name => name < '2026-12-03T1940').sort().at(-1)!
const PG_URL = process.env['RINGCARD_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test'

describe.each(await dialects())('[%s] timeline migrations', (name) => {
  let opened: OpenedDatabase | undefined
  let cleanup: () => Promise<void> = async () => undefined
  afterEach(async () => {
    await opened?.close()
    await cleanup()
  })

  async function fresh (): Promise<Kysely<any>> { // eslint-disable-line @typescript-eslint/no-explicit-any -- the schema of an older migration
    if (name === 'sqlite') {
      const dir = await mkdtemp(join(tmpdir(), 'ringcard-mig-'))
      cleanup = async () => { await rm(dir, { recursive: true, force: true }) }
      opened = await openDatabase(`sqlite:${join(dir, 'x.db')}`, silentLogger)
    } else {
      const schema = `rc_${randomBytes(6).toString('hex')}`
      const admin = new pg.Client({ connectionString: PG_URL })
      await admin.connect()
      await admin.query(`create schema ${schema}`)
      await admin.end()
      cleanup = async () => {
        const c = new pg.Client({ connectionString: PG_URL })
        await c.connect()
        await c.query(`drop schema if exists ${schema} cascade`)
        await c.end()
      }
      const url = new URL(PG_URL)
      url.searchParams.set('options', `-c search_path=${schema}`)
      opened = await openDatabase(url.toString(), silentLogger)
    }
    const schemaName = name === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(opened.db)).rows[0]!.s
      : undefined
    const migrator = new Migrator({ db: opened.db, migrationTableSchema: schemaName, provider: { getMigrations: async () => ({ ...migrations }) } })
    const { error } = await migrator.migrateTo(BEFORE_TIMELINE)
    if (error !== undefined) throw error
    return opened.db as Kysely<any> // eslint-disable-line @typescript-eslint/no-explicit-any
  }

  it('keeps contacts and their wrap-up links, accepts SMS, still refuses unknown kinds, keeps old tiers as overrides, and migrates down', async () => {
    const db = await fresh()
    const at = '2026-11-30T09:00:00.000Z'
    const { id: customerId } = await db.insertInto('customers')
      .values({ display_name: 'Old', stage: 'customer', tier: 'gold', created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow()
    const { id: interactionId } = await db.insertInto('interactions')
      .values({ customer_id: customerId, kind: 'call', occurred_at: at, call_id: 'c-1', updated_at: at }).returning('id').executeTakeFirstOrThrow()
    await db.insertInto('outcome_requests')
      .values({ idempotency_key: 'key-1', call_id: 'c-1', interaction_id: interactionId, created_at: at }).execute()

    await migrateToLatest(db, silentLogger)

    expect(await db.selectFrom('outcome_requests').select('interaction_id').execute()).toEqual([{ interaction_id: interactionId }])
    expect(await db.selectFrom('interactions').select(['id', 'kind', 'subject', 'outcome']).execute())
      .toEqual([{ id: interactionId, kind: 'call', subject: null, outcome: null }])
    await db.insertInto('interactions').values({ customer_id: customerId, kind: 'sms', occurred_at: at, updated_at: at, subject: 'Reminder' }).execute()
    await expect(db.insertInto('interactions').values({ customer_id: customerId, kind: 'fax', occurred_at: at, updated_at: at }).execute()).rejects.toThrow()
    // The call stays unique per call id (the index survived).
    await expect(db.insertInto('interactions').values({ kind: 'call', occurred_at: at, call_id: 'c-1', updated_at: at }).execute()).rejects.toThrow()
    expect(await db.selectFrom('customers').select(['tier', 'tier_source', 'tier_reason']).execute())
      .toEqual([{ tier: 'gold', tier_source: 'manual', tier_reason: 'set before tier rules existed' }])
    expect(await db.selectFrom('jobs').selectAll().execute()).toEqual([])

    // And down again: SMS contacts become notes, and SMS is refused again.
    const migrator = new Migrator({
      db,
      migrationTableSchema: name === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s : undefined,
      provider: { getMigrations: async () => ({ ...migrations }) }
    })
    const { error } = await migrator.migrateTo(BEFORE_TIMELINE)
    expect(error).toBeUndefined()
    expect(await db.selectFrom('interactions').select('kind').orderBy('id').execute()).toEqual([{ kind: 'call' }, { kind: 'note' }])
    await expect(db.insertInto('interactions').values({ kind: 'sms', occurred_at: at, updated_at: at }).execute()).rejects.toThrow()
    expect(await db.selectFrom('outcome_requests').select('interaction_id').execute()).toEqual([{ interaction_id: interactionId }])
  })
})
