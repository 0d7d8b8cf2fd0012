import { sql, type Expression, type Kysely, type SqlBool } from 'kysely'
import type { CountryCode } from 'libphonenumber-js'
import type { Database } from '../../../schema/database.js'
import { parseSearchQuery } from './search-query.js'
import { customerTerms, prefixRange, type SearchableCustomer } from './search-text.js'

/**
 * How a search narrows the customer list: nobody (nothing searchable was
 * typed), or a condition on `customers` to add to the list's query.
 */
export type SearchNarrowing =
  | { readonly kind: 'none' }
  | { readonly kind: 'where'; readonly where: Expression<SqlBool> }

/** A customer's terms, for {@link CustomerSearchRepo.addTerms}. */
export interface CustomerTerms {
  readonly customerId: number
  readonly terms: readonly string[]
}

/**
 * A prefix that starts at most this many terms drives the query (the list
 * reads just those customers and sorts them); one that starts more is
 * checked per customer while the list walks the name index, where a match
 * turns up every few rows. Both cost about the same at this size with a
 * million customers (a few milliseconds).
 */
const DRIVER_MAX_TERMS = 5000

/** Ids per statement: far below both engines' parameter limits. */
const IDS_PER_STATEMENT = 500
/** Term rows per insert (two values each). */
const TERMS_PER_INSERT = 2000

/** The `jobs` row that says every customer stored before the search index existed has been indexed. */
export const BACKFILL_JOB = 'customer-search.backfill'

/**
 * The search index of customers (`customer_search_terms`): kept in step by
 * the repositories that write customers, their numbers and e-mail addresses
 * ({@link reindex} in the same transaction), and read as the condition a
 * search adds to the customer list ({@link narrowing}). Terms are computed
 * by `./search-text.ts`.
 */
export class CustomerSearchRepo {
  readonly #db: Kysely<Database>
  readonly #driverMaxTerms: number

  /** @param opts.driverMaxTerms how rare a prefix must be to drive the query (tests set 0 to check the other plan). */
  constructor (db: Kysely<Database>, opts: { readonly driverMaxTerms?: number } = {}) {
    this.#db = db
    this.#driverMaxTerms = opts.driverMaxTerms ?? DRIVER_MAX_TERMS
  }

  /**
   * Replaces the terms of these customers with what their rows, numbers and
   * addresses hold now (a customer that no longer exists keeps none). Run
   * it in the transaction that changed them.
   */
  async reindex (customerIds: readonly number[]): Promise<void> {
    const unique = [...new Set(customerIds)]
    for (let i = 0; i < unique.length; i += IDS_PER_STATEMENT) {
      const ids = unique.slice(i, i + IDS_PER_STATEMENT)
      const [customers, phones, emails] = await Promise.all([
        this.#db.selectFrom('customers').select(['id', 'display_name', 'given_name', 'family_name', 'company'])
          .where('id', 'in', ids).execute(),
        this.#db.selectFrom('customer_phones').select(['customer_id', 'raw', 'e164']).where('customer_id', 'in', ids).execute(),
        this.#db.selectFrom('customer_emails').select(['customer_id', 'address']).where('customer_id', 'in', ids).execute()
      ])
      const searchable = new Map<number, { -readonly [K in keyof SearchableCustomer]: SearchableCustomer[K] } & { phones: string[]; emails: string[] }>()
      for (const c of customers) {
        searchable.set(c.id, { displayName: c.display_name, givenName: c.given_name, familyName: c.family_name, company: c.company, phones: [], emails: [] })
      }
      for (const p of phones) searchable.get(p.customer_id)?.phones.push(p.e164 ?? p.raw)
      for (const e of emails) searchable.get(e.customer_id)?.emails.push(e.address)
      await this.#db.deleteFrom('customer_search_terms').where('customer_id', 'in', ids).execute()
      await this.addTerms([...searchable].map(([customerId, c]) => ({ customerId, terms: customerTerms(c) })))
    }
  }

  /** Adds terms of customers that have none yet (new customers whose terms the caller computed). */
  async addTerms (rows: readonly CustomerTerms[]): Promise<void> {
    const values = rows.flatMap(r => [...new Set(r.terms)].map(term => ({ term, customer_id: r.customerId })))
    // In key order, the rows of a big batch land on neighbouring pages of the index instead of all over it.
    values.sort((a, b) => a.term < b.term ? -1 : a.term > b.term ? 1 : a.customer_id - b.customer_id)
    for (let i = 0; i < values.length; i += TERMS_PER_INSERT) {
      await this.#db.insertInto('customer_search_terms').values(values.slice(i, i + TERMS_PER_INSERT)).execute()
    }
  }

  /**
   * Indexes the customers that have no terms (stored before the index
   * existed), `batchSize` at a time, each batch in its own transaction,
   * then records in `jobs` that it is done, so later starts skip the walk.
   * Returns how many customers it indexed.
   */
  async backfill (opts: { readonly batchSize?: number; readonly now?: () => Date } = {}): Promise<number> {
    const done = await this.#db.selectFrom('jobs').select('name').where('name', '=', BACKFILL_JOB).executeTakeFirst()
    if (done !== undefined) return 0
    const batchSize = opts.batchSize ?? 1000
    let after = 0
    let indexed = 0
    for (;;) {
      const rows = await this.#db.selectFrom('customers').select('customers.id')
        .where('customers.id', '>', after)
        .where(eb => eb.not(eb.exists(eb.selectFrom('customer_search_terms').select('customer_search_terms.customer_id')
          .whereRef('customer_search_terms.customer_id', '=', 'customers.id'))))
        .orderBy('customers.id').limit(batchSize).execute()
      if (rows.length === 0) break
      const ids = rows.map(r => r.id)
      await this.#db.transaction().execute(async (trx) => { await new CustomerSearchRepo(trx).reindex(ids) })
      indexed += ids.length
      after = ids[ids.length - 1]!
    }
    await this.#db.insertInto('jobs').values({ name: BACKFILL_JOB, last_run_at: (opts.now ?? (() => new Date()))().toISOString() })
      .onConflict(oc => oc.column('name').doNothing()).execute()
    return indexed
  }

  /**
   * The condition a search for `text` puts on `customers` (see
   * `./search-query.ts` for how the text is read). Every prefix must start
   * one of the customer's terms. The rarest prefix, when rare enough, is
   * written as `customers.id in (…its terms…)`, so the list reads only
   * those customers; the others as `exists (…)` per listed customer, which
   * the list answers while walking its name index. Each is one range of
   * the terms' primary key or of `(customer_id, term)`.
   */
  async narrowing (text: string, defaultCountry: CountryCode): Promise<SearchNarrowing> {
    const query = parseSearchQuery(text, defaultCountry)
    if (query.kind === 'nothing') return { kind: 'none' }
    const ranges = query.prefixes.map(prefixRange)
    const counts = await Promise.all(ranges.map(r => this.#countUpTo(r, this.#driverMaxTerms + 1)))
    const rarest = counts.indexOf(Math.min(...counts))
    if (counts[rarest] === 0) return { kind: 'none' }
    const conditions = ranges.map((r, i) => i === rarest && counts[i]! <= this.#driverMaxTerms
      ? sql<SqlBool>`customers.id in (select customer_id from customer_search_terms where term >= ${r.from} and term < ${r.to})`
      : sql<SqlBool>`exists (select 1 from customer_search_terms t where t.customer_id = customers.id and t.term >= ${r.from} and t.term < ${r.to})`)
    return { kind: 'where', where: sql<SqlBool>`(${sql.join(conditions, sql` and `)})` }
  }

  /** How many terms fall in the range, counting no further than `cap`. */
  async #countUpTo (range: { readonly from: string; readonly to: string }, cap: number): Promise<number> {
    const { rows } = await sql<{ n: number | string }>`
      select count(*) as n from (
        select 1 as one from customer_search_terms where term >= ${range.from} and term < ${range.to} limit ${cap}
      ) hits`.execute(this.#db)
    return Number(rows[0]?.n ?? 0)
  }
}
