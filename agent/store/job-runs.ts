import type { Kysely } from 'kysely'
import type { Database } from '../../schema/database.js'

/**
 * When each scheduled job last started (`jobs` table), with a
 * compare-and-set claim so that two agents on one database run a job once.
 */
export class JobRuns {
  readonly #db: Kysely<Database>

  constructor (db: Kysely<Database>) {
    this.#db = db
  }

  /** When `name` last started (ISO-8601 UTC); null when it never ran. */
  async lastRun (name: string): Promise<string | null> {
    const row = await this.#db.selectFrom('jobs').select('last_run_at').where('name', '=', name).executeTakeFirst()
    return row?.last_run_at ?? null
  }

  /**
   * Records that `name` starts at `at`, if its last start is still `seen`
   * (null: it never ran). False when another agent claimed it meanwhile.
   */
  async claim (name: string, seen: string | null, at: string): Promise<boolean> {
    if (seen === null) {
      const row = await this.#db.insertInto('jobs').values({ name, last_run_at: at })
        .onConflict(oc => oc.column('name').doNothing()).returning('name').executeTakeFirst()
      return row !== undefined
    }
    const result = await this.#db.updateTable('jobs').set({ last_run_at: at })
      .where('name', '=', name).where('last_run_at', '=', seen).executeTakeFirst()
    return Number(result.numUpdatedRows) === 1
  }

  /** Puts back the last start a failed run claimed over (`claim(name, at, seen)`, or removes a first claim). */
  async release (name: string, at: string, previous: string | null): Promise<void> {
    if (previous === null) {
      await this.#db.deleteFrom('jobs').where('name', '=', name).where('last_run_at', '=', at).execute()
      return
    }
    await this.#db.updateTable('jobs').set({ last_run_at: previous }).where('name', '=', name).where('last_run_at', '=', at).execute()
  }
}
