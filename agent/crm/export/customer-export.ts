/**
 * Customers and their contacts as CSV files that Excel opens as they are:
 * UTF-8 with a byte order mark (Persian and every other script intact),
 * CRLF line ends, every field quoted. Streamed a page at a time, never the
 * whole table in memory.
 *
 * Who exports what (`../customers/customer-access.ts`): admins and
 * supervisors every customer, an operator the files they may read; each
 * export is one audit row (`customer.export`) with the row count and the
 * filters, no names.
 *
 * A cell that would start with `=`, `+`, `-`, `@`, tab or CR gets a leading
 * `'`: Excel would otherwise run it as a formula (a `+49…` number
 * included). The import drops that `'` again, so an export imports back.
 */
import { once } from 'node:events'
import { stringify, type Stringifier } from 'csv-stringify'
import type { Kysely } from 'kysely'
import type { Database } from '../../../schema/database.js'
import type { Operator } from '../../model/operator.js'
import { writeAudit } from '../../store/audit-log.js'
import { requireStaff } from '../operators/role-access.js'
import { readsEveryFile } from '../customers/customer-access.js'
import { CustomerExportRepo, type ExportCustomer, type ExportFilter, type ExportInteraction, type ExportScope } from './customer-export-repo.js'

/** Rows read per page. */
const PAGE = 1000

/** The customers file's columns: named so that the import maps them back (`../import/import-columns.ts`). */
export const CUSTOMER_COLUMNS = [
  'external_id', 'ringcard_id', 'display_name', 'honorific', 'given_name', 'family_name', 'company',
  'phones', 'emails', 'groups', 'owner', 'owner_name', 'stage', 'tier', 'tier_source', 'campaign',
  'birthday', 'language', 'address', 'city', 'notes', 'created_at', 'updated_at'
] as const

/** The contacts file's columns. */
export const INTERACTION_COLUMNS = [
  'interaction_id', 'ringcard_id', 'external_id', 'customer', 'kind', 'direction', 'occurred_at',
  'operator', 'operator_name', 'extension', 'queue', 'remote_number', 'ring_seconds', 'talk_seconds',
  'call_result', 'disposition', 'subject', 'note', 'outcome', 'resolved', 'issue_id', 'issue_title', 'issue_status'
] as const

/** What an export wrote. */
export interface ExportResult {
  readonly rows: number
}

/** Which file. */
export type ExportContents = 'customers' | 'interactions'

/**
 * A CSV writer as Excel wants it: BOM, CRLF, every field quoted. Pipe it
 * into a file or an HTTP answer, then hand it to {@link CustomerExport.write}.
 */
export function excelCsv (columns: readonly string[]): Stringifier {
  return stringify({ bom: true, header: true, columns: [...columns], quoted: true, record_delimiter: 'windows' })
}

/** A cell Excel shows as text: formula starts guarded, null empty, `;` joins lists. */
export function excelCell (value: string | number | boolean | null | readonly string[]): string {
  if (value === null) return ''
  const text = Array.isArray(value) ? value.join(';') : String(value)
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

/** Writes customer and contact exports; see the module comment. */
export class CustomerExport {
  readonly #db: Kysely<Database>
  readonly #now: () => Date

  constructor (db: Kysely<Database>, now: () => Date = () => new Date()) {
    this.#db = db
    this.#now = now
  }

  /**
   * Which customers `actor` may export (null: the command line, everyone).
   * Call before answering, so a refusal is still an HTTP error.
   * @throws RingcardError RC_ERR_AUTH_FORBIDDEN (an integration token)
   */
  scopeOf (actor: Operator | null): ExportScope {
    if (actor === null) return { kind: 'all' }
    requireStaff(actor)
    if (readsEveryFile(actor)) return { kind: 'all' }
    return { kind: 'related', operator: { id: actor.id, extensions: actor.extensions } }
  }

  /**
   * Writes the rows into `out` (an {@link excelCsv} writer), waiting
   * whenever it is full, then ends it and writes the audit row (`complete`
   * false when the reader went away first: the rows handed over so far). On
   * a failure `out` is destroyed with the error.
   */
  async write (actor: Operator | null, contents: ExportContents, filter: ExportFilter, out: Stringifier): Promise<ExportResult> {
    const scope = this.scopeOf(actor)
    const repo = new CustomerExportRepo(this.#db)
    let rows = 0
    let complete = true
    try {
      let after = 0
      pages: for (;;) {
        const page = contents === 'customers'
          ? (await repo.customers(scope, filter, after, PAGE)).map(c => ({ id: c.id, cells: customerCells(c) }))
          : (await repo.interactions(scope, filter, after, PAGE)).map(i => ({ id: i.id, cells: interactionCells(i) }))
        for (const { cells } of page) {
          rows++
          if (!out.write(cells) && !await drained(out)) {
            complete = false
            break pages
          }
        }
        if (page.length < PAGE) break
        after = page[page.length - 1]!.id
      }
      out.end()
    } catch (err) {
      out.destroy(err as Error)
      throw err
    }
    await writeAudit(this.#db, this.#now().toISOString(), {
      actorId: actor?.id ?? null,
      action: 'customer.export',
      entity: 'customer',
      entityId: null,
      detail: { contents, rows, complete, ...filter }
    })
    return { rows }
  }
}

/** True when `out` wants more; false when it was closed first (the client went away). */
async function drained (out: Stringifier): Promise<boolean> {
  if (out.destroyed) return false
  const closed = new AbortController()
  const onClose = (): void => { closed.abort() }
  out.once('close', onClose)
  try {
    await once(out, 'drain', { signal: closed.signal })
    return true
  } catch (err) {
    if (closed.signal.aborted) return false
    throw err
  } finally {
    out.off('close', onClose)
  }
}

function customerCells (c: ExportCustomer): string[] {
  return [
    c.externalId, c.id, c.displayName, c.honorific, c.givenName, c.familyName, c.company,
    c.phones, c.emails, c.groups, c.ownerLogin, c.ownerName, c.stage, c.tier, c.tierSource, c.campaign,
    c.birthday, c.language, c.address, c.city, c.notes, c.createdAt, c.updatedAt
  ].map(excelCell)
}

function interactionCells (i: ExportInteraction): string[] {
  return [
    i.id, i.customerId, i.customerExternalId, i.customerName, i.kind, i.direction, i.occurredAt,
    i.operatorLogin, i.operatorName, i.extension, i.queue, i.remoteNumber, i.ringSeconds, i.talkSeconds,
    i.callResult, i.disposition, i.subject, i.note, i.outcome, i.resolved, i.issueId, i.issueTitle, i.issueStatus
  ].map(excelCell)
}
