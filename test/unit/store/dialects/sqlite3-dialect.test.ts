import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Kysely, Migrator, sql, type Generated } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Sqlite3Dialect } from '../../../../agent/store/dialects/sqlite3/sqlite3-dialect.js'

interface TestDb {
  person: { id: Generated<number>; name: string; age: number | null }
  pet: { id: Generated<number>; owner_id: number; name: string }
}

let dir: string
let file: string
let db: Kysely<TestDb>

function open (): Kysely<TestDb> {
  return new Kysely<TestDb>({ dialect: new Sqlite3Dialect({ filename: file }) })
}

async function createTables (k: Kysely<TestDb>): Promise<void> {
  await k.schema.createTable('person')
    .addColumn('id', 'integer', c => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', c => c.notNull().unique())
    .addColumn('age', 'integer')
    .execute()
  await k.schema.createTable('pet')
    .addColumn('id', 'integer', c => c.primaryKey().autoIncrement())
    .addColumn('owner_id', 'integer', c => c.notNull().references('person.id'))
    .addColumn('name', 'text', c => c.notNull())
    .execute()
}

function deferred (): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined
  const promise = new Promise<void>((r) => { resolve = r })
  return { promise, resolve }
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ringcard-sqlite3-'))
  file = join(dir, 'test.db')
  db = open()
  await createTables(db)
})

afterEach(async () => {
  await db.destroy()
  await rm(dir, { recursive: true, force: true })
})

describe('Sqlite3Dialect', () => {
  it('inserts, selects, updates and deletes, reporting affected rows and insert ids', async () => {
    const inserted = await db.insertInto('person').values({ name: 'Jane', age: 40 }).executeTakeFirst()
    expect(inserted.insertId).toBe(1n)
    expect(inserted.numInsertedOrUpdatedRows).toBe(1n)
    await db.insertInto('person').values([{ name: 'Ben', age: 30 }, { name: 'Pat', age: null }]).execute()

    expect(await db.selectFrom('person').select(['name', 'age']).orderBy('id').execute())
      .toEqual([{ name: 'Jane', age: 40 }, { name: 'Ben', age: 30 }, { name: 'Pat', age: null }])

    const updated = await db.updateTable('person').set({ age: 41 }).where('age', 'is not', null).executeTakeFirst()
    expect(updated.numUpdatedRows).toBe(2n)
    const deleted = await db.deleteFrom('person').where('name', '=', 'Pat').executeTakeFirst()
    expect(deleted.numDeletedRows).toBe(1n)
    expect(await db.selectFrom('person').select('age').execute()).toEqual([{ age: 41 }, { age: 41 }])
  })

  it('returns rows from INSERT/UPDATE/DELETE … RETURNING', async () => {
    const row = await db.insertInto('person').values({ name: 'Jane', age: 40 }).returningAll().executeTakeFirstOrThrow()
    expect(row).toEqual({ id: 1, name: 'Jane', age: 40 })
    const up = await db.updateTable('person').set({ age: 41 }).where('id', '=', row.id).returning(['id', 'age']).execute()
    expect(up).toEqual([{ id: 1, age: 41 }])
    const del = await db.deleteFrom('person').returning('name').execute()
    expect(del).toEqual([{ name: 'Jane' }])
  })

  it('runs raw SQL: reads return rows, writes return counts', async () => {
    const write = await sql`insert into person (name) values (${'Raw'})`.execute(db)
    expect(write.numAffectedRows).toBe(1n)
    expect(write.insertId).toBe(1n)
    const read = await sql<{ n: number }>`/* comment */ select count(*) as n from person`.execute(db)
    expect(read.rows).toEqual([{ n: 1 }])
    const cte = await sql<{ x: number }>`with t(x) as (values (7)) select x from t`.execute(db)
    expect(cte.rows).toEqual([{ x: 7 }])
  })

  it('commits a transaction', async () => {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('person').values({ name: 'Jane', age: 1 }).execute()
      await trx.insertInto('person').values({ name: 'Ben', age: 2 }).execute()
    })
    expect(await db.selectFrom('person').select('name').orderBy('id').execute()).toEqual([{ name: 'Jane' }, { name: 'Ben' }])
  })

  it('rolls a transaction back when its callback throws, and stays usable', async () => {
    await expect(db.transaction().execute(async (trx) => {
      await trx.insertInto('person').values({ name: 'Jane', age: 1 }).execute()
      throw new Error('boom')
    })).rejects.toThrow('boom')
    expect(await db.selectFrom('person').selectAll().execute()).toEqual([])
    await db.insertInto('person').values({ name: 'After', age: null }).execute()
    expect(await db.selectFrom('person').select('name').execute()).toEqual([{ name: 'After' }])
  })

  it('supports savepoints in a controlled transaction', async () => {
    const trx = await db.startTransaction().execute()
    await trx.insertInto('person').values({ name: 'Kept', age: null }).execute()
    const sp = await trx.savepoint('before_oops').execute()
    await sp.insertInto('person').values({ name: 'Oops', age: null }).execute()
    const back = await sp.rollbackToSavepoint('before_oops').execute()
    await back.releaseSavepoint('before_oops').execute()
    await trx.commit().execute()
    expect(await db.selectFrom('person').select('name').execute()).toEqual([{ name: 'Kept' }])
  })

  it('serializes queries: an outside query waits until the open transaction commits', async () => {
    const inTx = deferred()
    const release = deferred()
    const order: string[] = []
    const tx = db.transaction().execute(async (trx) => {
      await trx.insertInto('person').values({ name: 'Jane', age: null }).execute()
      inTx.resolve()
      await release.promise
      order.push('commit')
    })
    await inTx.promise
    const outside = db.selectFrom('person').select('name').execute().then((rows) => { order.push('read'); return rows })
    await new Promise(resolve => setTimeout(resolve, 30))
    expect(order).toEqual([])
    release.resolve()
    const [, rows] = await Promise.all([tx, outside])
    expect(order).toEqual(['commit', 'read'])
    expect(rows).toEqual([{ name: 'Jane' }])
  })

  it('runs many concurrent writes and transactions without interleaving them', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => i % 2 === 0
      ? db.insertInto('person').values({ name: `p${i}`, age: i }).execute()
      : db.transaction().execute(async (trx) => {
          const { id } = await trx.insertInto('person').values({ name: `p${i}`, age: i }).returning('id').executeTakeFirstOrThrow()
          await trx.insertInto('pet').values({ owner_id: id, name: `pet${i}` }).execute()
        })))
    const { n } = await db.selectFrom('person').select(eb => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    expect(n).toBe(40)
    const pets = await db.selectFrom('pet').innerJoin('person', 'person.id', 'pet.owner_id')
      .select(['pet.name as pet', 'person.name as owner']).execute()
    expect(pets).toHaveLength(20)
    for (const p of pets) expect(p.pet).toBe(p.owner.replace('p', 'pet'))
  })

  it('rejects with the driver error and releases the connection', async () => {
    await expect(sql`selec nonsense`.execute(db)).rejects.toMatchObject({ code: 'SQLITE_ERROR' })
    await db.insertInto('person').values({ name: 'Jane', age: null }).execute()
    await expect(db.insertInto('person').values({ name: 'Jane', age: null }).execute())
      .rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT', message: expect.stringContaining('UNIQUE') })
    await expect(db.insertInto('pet').values({ owner_id: 999, name: 'Stray' }).execute())
      .rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT', message: expect.stringContaining('FOREIGN KEY') })
    expect(await db.selectFrom('person').select('name').execute()).toEqual([{ name: 'Jane' }])
  })

  it('sets the pragmas on open', async () => {
    const read = async (pragma: string): Promise<unknown> =>
      Object.values((await sql.raw<Record<string, unknown>>(`pragma ${pragma}`).execute(db)).rows[0] ?? {})[0]
    expect(await read('journal_mode')).toBe('wal')
    expect(await read('synchronous')).toBe(2) // FULL
    expect(await read('busy_timeout')).toBe(5000)
    expect(await read('foreign_keys')).toBe(1)
  })

  it('binds safe bigints as numbers and refuses unsafe ones instead of writing NULL', async () => {
    await db.insertInto('person').values({ name: 'Big', age: sql<number>`${12n}` }).execute()
    expect(await db.selectFrom('person').select('age').execute()).toEqual([{ age: 12 }])
    await expect(sql`select ${2n ** 60n} as x`.execute(db)).rejects.toThrow(RangeError)
    expect(await db.selectFrom('person').select('name').execute()).toEqual([{ name: 'Big' }])
  })

  it('streams a select in chunks and frees the connection when the consumer stops early', async () => {
    await db.insertInto('person').values(Array.from({ length: 250 }, (_, i) => ({ name: `p${i}`, age: i }))).execute()
    let seen = 0
    for await (const row of db.selectFrom('person').select('age').orderBy('id').stream(100)) {
      expect(row.age).toBe(seen)
      seen++
    }
    expect(seen).toBe(250)
    for await (const row of db.selectFrom('person').select('age').stream(10)) {
      if (row.age === 5) break
    }
    await db.insertInto('person').values({ name: 'after-stream', age: null }).execute()
    expect(await db.selectFrom('person').select('id').where('name', '=', 'after-stream').execute()).toHaveLength(1)
  })

  it('keeps committed data across close and reopen', async () => {
    await db.insertInto('person').values({ name: 'Durable', age: 7 }).execute()
    await db.destroy()
    db = open()
    expect(await db.selectFrom('person').select(['name', 'age']).execute()).toEqual([{ name: 'Durable', age: 7 }])
  })

  it('waits for the query in flight before closing', async () => {
    const write = db.insertInto('person').values({ name: 'Late', age: null }).execute()
    await db.destroy()
    await write
    db = open()
    expect(await db.selectFrom('person').select('name').execute()).toEqual([{ name: 'Late' }])
  })

  it('runs migrations in one transaction, so a failing one leaves nothing behind', async () => {
    const migrator = new Migrator({
      db,
      provider: {
        getMigrations: async () => ({
          '1_ok_then_fail': {
            async up (k: Kysely<any>) {
              await k.schema.createTable('half').addColumn('id', 'integer').execute()
              await sql`insert into no_such_table values (1)`.execute(k)
            }
          }
        })
      }
    })
    const { error } = await migrator.migrateToLatest()
    expect(error).toBeDefined()
    const tables = (await db.introspection.getTables()).map(t => t.name)
    expect(tables).not.toContain('half')
  })
})
