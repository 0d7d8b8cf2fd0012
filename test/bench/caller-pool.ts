/**
 * Who calls during the bench: random customers from `seedBulk`, each given a
 * file like a regular caller's (an open issue and the last contacts with
 * notes), so every pop builds and sends a full card rather than an empty one.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../schema/database.js'
import type { Caller } from './synthetic-calls.js'

/** What each caller's file holds; the card shows up to 5 past contacts. */
const HISTORY = { openIssues: 1, contacts: 5 } as const
// 5 contacts × 17 columns per caller: 200 callers stay below SQLite's 32,766 bound values per statement.
const BATCH = 200

/** `n` distinct bulk customers in random order, with history added in one transaction. */
export async function callerPool (db: Kysely<Database>, n: number, operatorId: number): Promise<Caller[]> {
  const rows = await db.selectFrom('customer_phones')
    .innerJoin('customers', 'customers.id', 'customer_phones.customer_id')
    .select(['customers.id as customerId', 'customer_phones.e164 as e164', 'customers.display_name as name'])
    .where('customers.display_name', 'like', 'Bulk Customer %')
    .orderBy(sql`random()`).limit(n).execute()
  const callers = rows.flatMap(r => r.e164 === null ? [] : [{ customerId: r.customerId, e164: r.e164, name: r.name }])
  if (callers.length < n) throw new Error(`caller pool: wanted ${n} bulk customers, found ${callers.length}`)

  const day = 86_400_000
  const now = Date.now()
  await db.transaction().execute(async (trx) => {
    for (let offset = 0; offset < callers.length; offset += BATCH) {
      const batch = callers.slice(offset, offset + BATCH)
      await trx.insertInto('issues').values(batch.flatMap(c => Array.from({ length: HISTORY.openIssues }, (_, i) => ({
        customer_id: c.customerId,
        title: `Router drops the line every evening (${i + 1})`,
        status: 'open' as const,
        opened_at: new Date(now - 3 * day).toISOString(),
        opened_by: operatorId,
        resolved_at: null,
        resolved_by: null
      })))).execute()
      await trx.insertInto('interactions').values(batch.flatMap(c => Array.from({ length: HISTORY.contacts }, (_, i) => ({
        customer_id: c.customerId,
        kind: 'call' as const,
        direction: 'inbound' as const,
        occurred_at: new Date(now - (i + 1) * 7 * day).toISOString(),
        operator_id: operatorId,
        extension: '1001',
        call_id: `bench-history-${c.customerId}-${i}`,
        queue: 'support',
        remote_number: c.e164,
        ring_seconds: 6,
        talk_seconds: 180,
        call_result: 'answered',
        disposition: 'support',
        note: 'Walked the customer through a router reset; line stable again afterwards.',
        resolved: i % 2 === 0,
        issue_id: null,
        updated_at: new Date(now - (i + 1) * 7 * day).toISOString()
      })))).execute()
    }
  })
  return callers
}
