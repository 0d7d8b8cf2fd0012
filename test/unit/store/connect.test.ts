import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { migrateToLatest, openDatabase, parseDatabaseUrl } from '../../../agent/store/connect.js'
import { silentLogger } from '../../support/databases.js'

describe('parseDatabaseUrl', () => {
  it.each([
    ['postgres://u:p@db:5432/rc', { dialect: 'postgres', connectionString: 'postgres://u:p@db:5432/rc' }],
    ['postgresql://db/rc', { dialect: 'postgres', connectionString: 'postgresql://db/rc' }],
    ['sqlite:./data/ringcard.db', { dialect: 'sqlite', filename: './data/ringcard.db' }],
    ['sqlite:///var/lib/rc.db', { dialect: 'sqlite', filename: '/var/lib/rc.db' }],
    ['sqlite://data/rc.db', { dialect: 'sqlite', filename: 'data/rc.db' }],
    ['./rc.db', { dialect: 'sqlite', filename: './rc.db' }],
    ['/tmp/rc.db', { dialect: 'sqlite', filename: '/tmp/rc.db' }],
    [':memory:', { dialect: 'sqlite', filename: ':memory:' }],
    ['sqlite::memory:', { dialect: 'sqlite', filename: ':memory:' }]
  ])('reads %s', (url, expected) => {
    expect(parseDatabaseUrl(url)).toEqual(expected)
  })

  it.each([['mysql://db/rc'], [''], ['sqlite:']])('refuses %j', (url) => {
    expect(() => parseDatabaseUrl(url)).toThrow()
  })

  it('never echoes a password in its error', () => {
    expect(() => parseDatabaseUrl('mysql://u:hunter2@db/rc')).toThrow(/^(?!.*hunter2)/)
  })
})

describe('openDatabase (sqlite)', () => {
  it('creates the parent directory, opens in WAL mode and migrates', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ringcard-connect-'))
    try {
      const file = join(dir, 'nested', 'deeper', 'rc.db')
      const opened = await openDatabase(`sqlite:${file}`, silentLogger)
      expect(opened.dialect).toBe('sqlite')
      await migrateToLatest(opened.db, silentLogger)
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(opened.db)
      expect(mode.rows[0]?.journal_mode).toBe('wal')
      await opened.close()
      await opened.close()
      expect((await stat(file)).isFile()).toBe(true)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('opens an in-memory database', async () => {
    const opened = await openDatabase(':memory:', silentLogger)
    await migrateToLatest(opened.db, silentLogger)
    expect(await opened.db.selectFrom('customers').selectAll().execute()).toEqual([])
    await opened.close()
  })

  it('rejects when the file cannot be opened', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ringcard-connect-'))
    try {
      // A directory is not a database file.
      await expect(openDatabase(dir, silentLogger)).rejects.toThrow()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
