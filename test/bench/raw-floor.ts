/**
 * The raw floor a screen pop cannot beat, measured in the same process and
 * on the same database as the pop itself: one indexed phone lookup, then one
 * WebSocket send of the card on loopback. Nothing of the agent's own code
 * runs: no AMI parsing, no call tracking, no card building.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { sql, type Kysely } from 'kysely'
import sqlite3 from 'sqlite3'
import { WebSocket, WebSocketServer } from 'ws'
import type { Database } from '../../schema/database.js'

/** The lookup the floor measures: the exact-number rung, nothing else. */
export const FLOOR_LOOKUP = 'select customer_id, raw, e164 from customer_phones where e164 = ?'

export interface FloorSamples {
  /** Lookup then send, back to back, timed as one. */
  readonly both: number[]
  readonly lookup: number[]
  readonly send: number[]
  /** `both` again, each sample after `idleGapMs` of an idle process (what a pop at a low call rate starts from). */
  readonly bothAfterIdle: number[]
  /** The lookup as a prepared `sqlite3` statement on a second connection: no Kysely, no mutex. */
  readonly rawLookup: number[]
}

export interface FloorOptions {
  readonly db: Kysely<Database>
  readonly filename: string
  /** Numbers to look up, one per sample; each must match exactly one row. */
  readonly numbers: readonly string[]
  /** The card message exactly as the agent sent it. */
  readonly payload: string
  readonly warmup: number
  readonly idleSamples: number
  readonly idleGapMs: number
}

/** Times `kinds` round-robin, so drift of the machine during the run hits every kind alike. */
async function interleaved (n: number, warmup: number, kinds: ReadonlyArray<(i: number) => Promise<void>>): Promise<number[][]> {
  const out = kinds.map(() => [] as number[])
  for (let i = -warmup; i < n; i++) {
    for (const [k, one] of kinds.entries()) {
      const t0 = performance.now()
      await one(i + warmup)
      if (i >= 0) out[k]!.push(performance.now() - t0)
    }
  }
  return out
}

/** Runs every floor measurement one sample at a time on an otherwise idle process. */
export async function measureFloor (opts: FloorOptions): Promise<FloorSamples> {
  const { db, numbers, payload, warmup } = opts
  const number = (i: number): string => numbers[i % numbers.length]!
  // Through Kysely on the agent's own connection, as the matcher's lookup: same mutex, same libuv hop.
  const lookup = async (i: number): Promise<void> => {
    const rows = await db.selectFrom('customer_phones').select(['customer_id', 'raw', 'e164']).where('e164', '=', number(i)).execute()
    if (rows.length !== 1) throw new Error(`floor lookup of ${number(i)} found ${rows.length} rows`)
  }
  const ws = await openWsPair()
  const raw = await openRawLookup(opts.filename)
  try {
    const both = async (i: number): Promise<void> => { await lookup(i); await ws.send(payload) }
    const [bothS, lookupS, sendS, rawS] = await interleaved(numbers.length, warmup, [
      both, lookup, () => ws.send(payload), i => raw.get(number(i))
    ])
    const bothAfterIdle: number[] = []
    for (let i = 0; i < opts.idleSamples; i++) {
      await sleep(opts.idleGapMs)
      const t0 = performance.now()
      await both(i)
      bothAfterIdle.push(performance.now() - t0)
    }
    return { both: bothS!, lookup: lookupS!, send: sendS!, bothAfterIdle, rawLookup: rawS! }
  } finally {
    await ws.close()
    await raw.close()
  }
}

/** `ws` server → `ws` client on 127.0.0.1 with default options (no compression, as the agent's socket). */
async function openWsPair (): Promise<{ send (payload: string): Promise<void>; close (): Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>(resolve => server.once('listening', () => { resolve() }))
  const { port } = server.address() as { port: number }
  const accepted = new Promise<WebSocket>(resolve => server.once('connection', resolve))
  const client = new WebSocket(`ws://127.0.0.1:${port}/`)
  await new Promise<void>((resolve, reject) => { client.once('open', () => { resolve() }); client.once('error', reject) })
  const sender = await accepted
  let received: (() => void) | null = null
  client.on('message', () => { received?.() })
  return {
    // Resolves on the client's `message` event: the same moment the bench takes t1 of a pop.
    send: (payload) => new Promise<void>((resolve) => {
      received = resolve
      sender.send(payload)
    }),
    close: async () => {
      client.terminate()
      sender.terminate()
      await new Promise<void>(resolve => { server.close(() => { resolve() }) })
    }
  }
}

async function openRawLookup (filename: string): Promise<{ get (e164: string): Promise<void>; close (): Promise<void> }> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const d: sqlite3.Database = new sqlite3.Database(filename, sqlite3.OPEN_READONLY, (err) => { if (err === null) resolve(d); else reject(err) })
  })
  const stmt = db.prepare(FLOOR_LOOKUP)
  return {
    get: (e164) => new Promise<void>((resolve, reject) => {
      stmt.get(e164, (err: Error | null, row: unknown) => {
        if (err !== null) reject(err)
        else if (row === undefined) reject(new Error(`no row for ${e164}`))
        else resolve()
      })
    }),
    close: async () => {
      await new Promise<void>(resolve => { stmt.finalize(() => { resolve() }) })
      await new Promise<void>(resolve => { db.close(() => { resolve() }) })
    }
  }
}

/** SQLite's plan for a statement, one line per step (e.g. `SEARCH customer_phones USING INDEX …`). */
export async function queryPlan (db: Kysely<Database>, statement: string): Promise<string[]> {
  // Unbound `?` parameters are NULL; the plan depends only on the statement's shape.
  const rows = await sql<{ detail: string }>`explain query plan ${sql.raw(statement)}`.execute(db)
  return rows.rows.map(r => r.detail)
}
