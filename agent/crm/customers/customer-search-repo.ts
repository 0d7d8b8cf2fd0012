import { sql, type Kysely } from 'kysely'
import type { CountryCode } from 'libphonenumber-js'
import type { Database } from '../../../schema/database.js'
import type { Stage } from '../../model/customer.js'
import { parseSearchQuery } from './search-query.js'
import { customerTerms, prefixRange, type SearchableCustomer } from './search-text.js'

/** Where a page of search results ends: the matching term and customer of its last row. */
export interface SearchPosition {
  readonly term: string
  readonly customerId: number
}

/** What a search narrows to besides its text (the customer list's filters). */
export interface SearchFilter {
  readonly groupId?: number
  readonly tier?: string
  readonly stage?: Stage
  readonly ownerId?: number
  readonly campaignId?: number
}

/** A page of search results: customer ids in result order, and where the next page starts (null: none). */
export interface SearchPage {
  readonly ids: readonly number[]
  readonly next: SearchPosition | null
}

/** A customer's terms, for {@link CustomerSearchRepo.addTerms}. */
export interface CustomerTerms {
  readonly customerId: number
  readonly terms: readonly string[]
}

/**
 * To find the rarest of several prefixes, terms are counted up to the first
 * of these caps that one of them stays under: cheap when one word is rare,
 * and two common words (`anna`, `beri…`) are still told apart. The walk
 * then costs about what the rarest word's terms do.
 */
const COUNT_CAPS = [500, 5_000, 50_000, 500_000]

/** Ids per statement: far below both engines' parameter limits. */
const IDS_PER_STATEMENT = 500
/** Term rows per insert (two values each). */
const TERMS_PER_INSERT = 2000

/** The `jobs` row that says every customer stored before the search index existed has been indexed. */
export const BACKFILL_JOB = 'customer-search.backfill'

/**
 * The search index of customers (`customer_search_terms`): kept in step by
 * the repositories that write customers, their numbers and e-mail addresses
 * ({@link reindex} in the same transaction), and walked by a search
 * ({@link page}). Terms are computed by `./search-text.ts`.
 */
export class CustomerSearchRepo {
  readonly #db: Kysely<Database>

  constructor (db: Kysely<Database>) {
    this.#db = db
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
   * One page of the customers a search for `text` finds (see
   * `./search-query.ts` for how the text is read): every prefix must start
   * one of the customer's terms, and the filters must hold.
   *
   * The rarest prefix drives: the page walks the primary key of
   * `customer_search_terms` from that prefix on, in key order, and stops
   * after `limit` customers, so a page costs about the same for a rare word
   * and for one that half the customers share. Results come in the order of
   * that word (`Berg`, `Berger`, `Bermann` …), then by customer id; a
   * customer with several words starting with it comes once, at the first.
   * The other prefixes and the filters are checked per row, by index.
   * Returns null when nothing searchable was typed.
   */
  async page (text: string, defaultCountry: CountryCode, filter: SearchFilter, after: SearchPosition | null, limit: number): Promise<SearchPage | null> {
    const query = parseSearchQuery(text, defaultCountry)
    if (query.kind === 'nothing') return null
    const ranges = query.prefixes.map(prefixRange)
    let counts = ranges.map(() => 0)
    for (const cap of ranges.length === 1 ? [] : COUNT_CAPS) {
      counts = await Promise.all(ranges.map(r => this.#countUpTo(r, cap)))
      if (Math.min(...counts) < cap) break
    }
    const rarest = counts.indexOf(Math.min(...counts))
    const drive = ranges[rarest]!
    const others = ranges.filter((_, i) => i !== rarest)
    const { groupId } = filter
    const filtered = Object.values(filter).some(v => v !== undefined)
    const rows = await this.#db.selectFrom('customer_search_terms as t')
      .$if(filtered, q => q.innerJoin('customers', 'customers.id', 't.customer_id'))
      .select(['t.term', 't.customer_id'])
      .where('t.term', '>=', drive.from).where('t.term', '<', drive.to)
      .$if(after !== null, q => q.where(eb => eb(eb.refTuple('t.term', 't.customer_id'), '>', eb.tuple(after!.term, after!.customerId))))
      // Once per customer: only at its first term in the range.
      .where(eb => eb.not(eb.exists(eb.selectFrom('customer_search_terms as first').select('first.customer_id')
        .whereRef('first.customer_id', '=', 't.customer_id')
        .where('first.term', '>=', drive.from)
        .whereRef('first.term', '<', 't.term'))))
      .where(eb => eb.and(others.map(r => eb.exists(eb.selectFrom('customer_search_terms as o').select('o.customer_id')
        .whereRef('o.customer_id', '=', 't.customer_id')
        .where('o.term', '>=', r.from).where('o.term', '<', r.to)))))
      .$if(filtered, q => q.where(eb => eb.and([
        ...(groupId === undefined ? [] : [eb.exists(eb.selectFrom('customer_tags').select('customer_tags.tag_id')
          .whereRef('customer_tags.customer_id', '=', 't.customer_id').where('customer_tags.tag_id', '=', groupId))]),
        ...(filter.tier === undefined ? [] : [eb(sql.ref('customers.tier'), '=', filter.tier)]),
        ...(filter.stage === undefined ? [] : [eb(sql.ref('customers.stage'), '=', filter.stage)]),
        ...(filter.ownerId === undefined ? [] : [eb(sql.ref('customers.owner_id'), '=', filter.ownerId)]),
        ...(filter.campaignId === undefined ? [] : [eb(sql.ref('customers.campaign_id'), '=', filter.campaignId)])
      ])))
      .orderBy('t.term').orderBy('t.customer_id')
      .limit(limit + 1)
      .execute()
    const page = rows.slice(0, limit)
    const last = page.at(-1)
    return {
      ids: page.map(r => r.customer_id),
      next: rows.length > limit && last !== undefined ? { term: last.term, customerId: last.customer_id } : null
    }
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
