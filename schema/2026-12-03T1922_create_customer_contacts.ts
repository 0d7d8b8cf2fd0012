/**
 * Ways to reach a customer besides their numbers:
 *
 * - `customer_phones.is_primary`: one primary number per customer (a partial
 *   unique index holds it); the oldest number of each customer becomes it.
 * - `customer_emails`: addresses as typed, with `address_key` (lower case)
 *   for duplicate checks, and one primary address per customer.
 * - `contact_persons` of a company or organisation (name, role), each with
 *   their own numbers in `contact_person_phones`.
 *
 * Frozen: never edit this file once released; add a new migration instead.
 */
import { SqliteAdapter, sql } from 'kysely'
import type { CreateTableBuilder, Kysely } from 'kysely'

function createTableWithId (db: Kysely<any>, table: string): CreateTableBuilder<string, 'id'> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  return db.schema.createTable(table).addColumn('id', 'integer', col => sqlite
    ? col.primaryKey().autoIncrement()
    : col.primaryKey().generatedByDefaultAsIdentity())
}

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('customer_phones')
    .addColumn('is_primary', 'boolean', col => col.notNull().defaultTo(false)).execute()
  await sql`
    update customer_phones set is_primary = true
    where id in (select min(id) from customer_phones group by customer_id)`.execute(db)
  await db.schema.createIndex('customer_phones_primary_unique').on('customer_phones').column('customer_id').unique()
    .where(sql<boolean>`is_primary = true`).execute()

  await createTableWithId(db, 'customer_emails')
    .addColumn('customer_id', 'integer', col => col.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('address', 'text', col => col.notNull())
    .addColumn('address_key', 'text', col => col.notNull())
    .addColumn('is_primary', 'boolean', col => col.notNull().defaultTo(false))
    .addUniqueConstraint('customer_emails_customer_key_unique', ['customer_id', 'address_key'])
    .execute()
  await db.schema.createIndex('customer_emails_key_idx').on('customer_emails').column('address_key').execute()
  await db.schema.createIndex('customer_emails_primary_unique').on('customer_emails').column('customer_id').unique()
    .where(sql<boolean>`is_primary = true`).execute()

  await createTableWithId(db, 'contact_persons')
    .addColumn('customer_id', 'integer', col => col.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('name', 'text', col => col.notNull())
    .addColumn('role', 'text')
    .addColumn('created_at', 'text', col => col.notNull())
    .execute()
  await db.schema.createIndex('contact_persons_customer_idx').on('contact_persons').column('customer_id').execute()

  await createTableWithId(db, 'contact_person_phones')
    .addColumn('contact_person_id', 'integer', col => col.notNull().references('contact_persons.id').onDelete('cascade'))
    .addColumn('raw', 'text', col => col.notNull())
    .addColumn('e164', 'text')
    .addColumn('kind', 'text', col => col.notNull())
    .addCheckConstraint('contact_person_phones_kind_check', sql`kind in ('mobile', 'landline', 'work', 'home', 'other')`)
    .execute()
  await db.schema.createIndex('contact_person_phones_person_idx').on('contact_person_phones').column('contact_person_id').execute()
  await db.schema.createIndex('contact_person_phones_e164_idx').on('contact_person_phones').column('e164').execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('contact_person_phones').execute()
  await db.schema.dropTable('contact_persons').execute()
  await db.schema.dropTable('customer_emails').execute()
  await db.schema.dropIndex('customer_phones_primary_unique').execute()
  await db.schema.alterTable('customer_phones').dropColumn('is_primary').execute()
}
