/**
 * Transaction scope for a set of repositories, without a facade that
 * forwards every call: callers reach the repositories themselves.
 *
 * ```ts
 * const uow = new UnitOfWork(db, h => crmRepos(h, now))
 * await uow.repos.customers.get(7)                 // autocommit
 * await uow.run(async (r) => {                      // one transaction
 *   const lead = await r.customers.createLead(input, actorId)
 *   await r.issues.add(lead.id, 'Call back', actorId)
 * })
 * ```
 *
 * Repositories take a plain `Kysely<Database>` handle, so the same class
 * serves both cases: the root handle autocommits each statement, a
 * transaction handle joins them into one.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../schema/database.js'

/**
 * Builds the repositories `R` once on the root handle and again on each
 * transaction handle.
 */
export class UnitOfWork<R> {
  /** The repositories on the root handle: each statement commits on its own. */
  readonly repos: R
  readonly #db: Kysely<Database>
  readonly #makeRepos: (handle: Kysely<Database>) => R

  /**
   * @param db the root handle (never a transaction: {@link run} opens its own).
   * @param makeRepos builds the repositories on a handle; called once here and once per {@link run}.
   */
  constructor (db: Kysely<Database>, makeRepos: (handle: Kysely<Database>) => R) {
    this.#db = db
    this.#makeRepos = makeRepos
    this.repos = makeRepos(db)
  }

  /**
   * Runs `fn` in one transaction: everything it writes through the repositories
   * it is given commits together after `fn` resolves, or not at all when it
   * rejects. Resolves after COMMIT. Repositories that open a transaction of
   * their own join this one (see {@link inTransaction}).
   */
  async run<T> (fn: (repos: R) => Promise<T>): Promise<T> {
    return await this.#db.transaction().execute(async (trx) => await fn(this.#makeRepos(trx)))
  }
}

/**
 * Runs `fn` in a transaction: a new one on a root handle, or the caller's own
 * when `db` is already a transaction. Kysely refuses nested `transaction()`
 * calls, and a repository method that needs several statements to be atomic
 * must still work inside {@link UnitOfWork.run}.
 *
 * Inside a caller's transaction a failure rolls back the caller's whole
 * transaction too (on PostgreSQL any failed statement aborts it anyway).
 */
export async function inTransaction<T> (db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return await fn(db)
  return await db.transaction().execute(async (trx: Transaction<Database>) => await fn(trx))
}
