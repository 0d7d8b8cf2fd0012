/**
 * `customer_search_terms`: the search index of customers. One row per
 * (term, customer): each folded word of the display, given and family name
 * and of the company, the display name's words run together, each e-mail
 * address, and each number's digits reversed behind `#` (so "ends in 4567"
 * is a prefix). The agent computes the terms (`agent/crm/customers/search-text.ts`)
 * and keeps them in step with every write to a customer; a search is a
 * prefix range `term >= ? and term < ?` on the primary key.
 *
 * The range must compare code points: SQLite's default BINARY collation
 * does; on PostgreSQL the column is `collate "C"`, since a database created
 * with a language collation (`en_US.UTF-8`) orders text by other rules and
 * its index would not answer a byte-wise prefix range. SQLite keeps the
 * table `without rowid`: the rows live in the key's order, so a range is
 * read from adjacent pages.
 *
 * Customers stored before this migration have no terms yet; the agent adds
 * them when it starts (`CustomerSearchRepo.backfill`).
 *
 * Frozen: never edit this file once released; add a new migration instead.
 */
import { SqliteAdapter, sql } from 'kysely'
import type { Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  await db.schema.createTable('customer_search_terms')
    .addColumn('term', 'text', col => sqlite ? col.notNull() : col.notNull().modifyEnd(sql`collate "C"`))
    .addColumn('customer_id', 'integer', col => col.notNull().references('customers.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('customer_search_terms_pk', ['term', 'customer_id'])
    .$call(builder => sqlite ? builder.modifyEnd(sql`without rowid`) : builder)
    .execute()
  // Replacing a customer's terms, and "does this customer have a term starting with …" per listed row.
  await db.schema.createIndex('customer_search_terms_customer_idx').on('customer_search_terms').columns(['customer_id', 'term']).execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('customer_search_terms').execute()
}
