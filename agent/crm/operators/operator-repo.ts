import { createHash } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import type { Database, OperatorsTable } from '../../../schema/database.js'
import { defaultEndpoints, formatExtensionRef, type ExtensionRef, type NewOperatorInput, type Operator } from '../../model/operator.js'
import { DEFAULT_PBX_ID } from '../../model/pbx.js'
import { writeAudit } from '../../store/audit-log.js'
import { isStorableId } from '../../store/limits.js'
import { StoreError, isUniqueViolation } from '../../store/store-error.js'
import { inTransaction } from '../../store/unit-of-work.js'

/** SHA-256 of a bearer token as lowercase hex: what `operators.token_hash` holds. */
export function hashToken (token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** Operator accounts and the extensions each one answers. */
export class OperatorRepo {
  readonly #db: Kysely<Database>
  readonly #now: () => Date

  constructor (db: Kysely<Database>, now: () => Date) {
    this.#db = db
    this.#now = now
  }

  /**
   * The operator a bearer token belongs to. The lookup is by hash, so the
   * comparison never touches the token and timing reveals nothing useful.
   */
  async findByToken (token: string): Promise<Operator | null> {
    if (token === '') return null
    const row = await this.#db.selectFrom('operators').selectAll()
      .where('token_hash', '=', hashToken(token)).executeTakeFirst()
    return row === undefined ? null : (await this.#withExtensions([row]))[0] ?? null
  }

  async get (id: number): Promise<Operator | null> {
    if (!isStorableId(id)) return null
    const row = await this.#db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst()
    return row === undefined ? null : (await this.#withExtensions([row]))[0] ?? null
  }

  /** The operator at `extension` on PBX `pbxId` (default: the default PBX). */
  async findByExtension (extension: string, pbxId: string = DEFAULT_PBX_ID): Promise<Operator | null> {
    const row = await this.#db.selectFrom('operators')
      .innerJoin('operator_extensions', 'operator_extensions.operator_id', 'operators.id')
      .selectAll('operators')
      .where('operator_extensions.pbx_id', '=', pbxId)
      .where('operator_extensions.extension', '=', extension)
      .executeTakeFirst()
    return row === undefined ? null : (await this.#withExtensions([row]))[0] ?? null
  }

  /** All operators, by id. */
  async list (): Promise<Operator[]> {
    const rows = await this.#db.selectFrom('operators').selectAll().orderBy('id').execute()
    return await this.#withExtensions(rows)
  }

  /**
   * Creates an operator with its extensions, with an audit row; only the token's hash is stored.
   * @throws StoreError `RC_ERR_STORE_CONFLICT` when the login, token or an extension is taken.
   */
  async create (input: NewOperatorInput): Promise<Operator> {
    const at = this.#now().toISOString()
    const endpoints = uniqueEndpoints([...defaultEndpoints(input.extensions), ...(input.endpoints ?? [])])
    try {
      const id = await inTransaction(this.#db, async (trx) => {
        const { id } = await trx.insertInto('operators').values({
          login: input.login,
          display_name: input.displayName,
          role: input.role,
          token_hash: hashToken(input.token),
          created_at: at
        }).returning('id').executeTakeFirstOrThrow()
        if (endpoints.length > 0) {
          await trx.insertInto('operator_extensions')
            .values(endpoints.map(ref => ({ pbx_id: ref.pbxId, extension: ref.extension, operator_id: id }))).execute()
        }
        await writeAudit(trx, at, {
          actorId: null,
          action: 'operator.create',
          entity: 'operator',
          entityId: id,
          detail: { login: input.login, role: input.role, extensions: endpoints.map(formatExtensionRef) }
        })
        return id
      })
      const created = await this.get(id)
      if (created === null) throw new Error(`operator ${id} vanished after insert`)
      return created
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new StoreError('RC_ERR_STORE_CONFLICT', 'operator', 'The login, token or an extension is already assigned', { cause: err })
      }
      throw err
    }
  }

  /**
   * Replaces an operator's bearer token (the old one stops working at once).
   * @returns false when no operator has that login.
   */
  async rotateToken (login: string, token: string): Promise<boolean> {
    const at = this.#now().toISOString()
    return await inTransaction(this.#db, async (trx) => {
      const row = await trx.selectFrom('operators').select('id').where('login', '=', login).executeTakeFirst()
      if (row === undefined) return false
      await trx.updateTable('operators').set({ token_hash: hashToken(token) }).where('id', '=', row.id).execute()
      await writeAudit(trx, at, { actorId: null, action: 'operator.token', entity: 'operator', entityId: row.id, detail: { login } })
      return true
    })
  }

  async #withExtensions (rows: ReadonlyArray<Selectable<OperatorsTable>>): Promise<Operator[]> {
    if (rows.length === 0) return []
    const exts = await this.#db.selectFrom('operator_extensions').selectAll()
      .where('operator_id', 'in', rows.map(r => r.id))
      .orderBy('pbx_id').orderBy('extension').execute()
    return rows.map(r => {
      const endpoints = exts.filter(e => e.operator_id === r.id).map(e => ({ pbxId: e.pbx_id, extension: e.extension }))
      return {
        id: r.id,
        login: r.login,
        displayName: r.display_name,
        role: r.role,
        extensions: endpoints.filter(e => e.pbxId === DEFAULT_PBX_ID).map(e => e.extension),
        endpoints
      }
    })
  }
}

/** Each (PBX, extension) once, first mention first: the table's key would refuse a repeat. */
function uniqueEndpoints (refs: readonly ExtensionRef[]): ExtensionRef[] {
  const seen = new Set<string>()
  return refs.filter(ref => {
    const key = `${ref.pbxId}/${ref.extension}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
