/**
 * Records the queries the agent runs while switched on, so the bench can ask
 * SQLite how it executes each of them (EXPLAIN QUERY PLAN) instead of
 * guessing from a copy of the SQL. Off, it costs one property read per query.
 */
import { CompiledQuery, createQueryId, type Kysely, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely'
import type { Database } from '../../schema/database.js'

export interface PlannedQuery {
  readonly sql: string
  readonly plan: readonly string[]
}

export class QueryRecorder implements KyselyPlugin {
  recording = false
  readonly #nodes: RootOperationNode[] = []

  transformQuery ({ node }: PluginTransformQueryArgs): RootOperationNode {
    if (this.recording) this.#nodes.push(node)
    return node
  }

  async transformResult ({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result
  }

  /** Every distinct recorded statement with SQLite's plan for it, in first-seen order. */
  async plans (db: Kysely<Database>): Promise<PlannedQuery[]> {
    const executor = db.getExecutor()
    const seen = new Map<string, CompiledQuery>()
    for (const node of this.#nodes) {
      const compiled = executor.compileQuery(node, createQueryId())
      if (!seen.has(compiled.sql)) seen.set(compiled.sql, compiled)
    }
    const out: PlannedQuery[] = []
    for (const compiled of seen.values()) {
      if (/^\s*(begin|commit|rollback|savepoint|release)\b/i.test(compiled.sql)) continue
      const res = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]))
      out.push({ sql: compiled.sql, plan: res.rows.map(r => r.detail) })
    }
    return out
  }
}

/**
 * Plan steps that read a whole big table. `SCAN t USING [COVERING] INDEX i`
 * counts: it walks every entry of the index. Only `SEARCH` is a keyed lookup.
 */
export function fullScans (plan: readonly string[], bigTables: readonly string[]): string[] {
  return plan.filter(step => {
    const m = /^SCAN (\w+)/.exec(step)
    return m !== null && bigTables.includes(m[1]!)
  })
}
