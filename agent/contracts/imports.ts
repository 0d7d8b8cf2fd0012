/**
 * The REST contract of customer imports and exports: start an import with a
 * CSV upload and poll its progress (admins), and download customers and
 * their contacts as CSV. Merged into `Routes` (`./rest.ts`); the widget
 * imports the types with `import type`.
 */
import { Type, type Static } from '@sinclair/typebox'
import { Nullable, RowId, Text, bearer, errors, type Frozen } from './common.js'
import { Stage } from './ws.js'

const tags = ['imports']

const ImportId = Type.String({ pattern: '^imp_[A-Za-z0-9_-]{6,40}$', description: 'As `POST /api/imports` answered it' })

export const ImportQuery = Type.Object({
  map: Type.Optional(Text(2000, 0, {
    description: 'Column mapping overrides, as `--map` of `npm run import`: `header=field,…` (e.g. `Kd-Nr=external_id,Handy=mobile,Fax=ignore`)'
  })),
  dryRun: Type.Optional(Type.Boolean({ default: false, description: 'Read, check and match every row, write nothing' }))
}, { additionalProperties: false })
export type ImportQuery = Frozen<Static<typeof ImportQuery>>

export const ImportStarted = Type.Object({ importId: ImportId })
export type ImportStarted = Frozen<Static<typeof ImportStarted>>

export const ImportStatus = Type.Object({
  id: ImportId,
  state: Type.Union([Type.Literal('running'), Type.Literal('finished'), Type.Literal('failed')]),
  dryRun: Type.Boolean(),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  rowsDone: Type.Integer({ minimum: 0, description: 'Data rows read so far (good and bad)' }),
  rowsTotal: Type.Integer({ minimum: 0, description: 'Data rows in the file: estimated from its lines while running, exact once finished' }),
  inserted: Type.Integer({ minimum: 0, description: 'New customers' }),
  updated: Type.Integer({ minimum: 0, description: 'Customers already stored that the file changed' }),
  unchanged: Type.Integer({ minimum: 0, description: 'Rows whose customer was already stored as the row says' }),
  errors: Type.Integer({ minimum: 0, description: 'Bad rows (each in the report)' }),
  rowsPerSecond: Type.Integer({ minimum: 0 }),
  ignoredColumns: Type.Array(Type.String(), { description: 'Headers that name no field' }),
  failure: Nullable(Type.Object({ code: Type.String(), message: Type.String() }, { description: 'Why a failed import stopped; the batches before it stay imported' })),
  report: Type.Array(Type.Object({
    line: Type.Integer({ minimum: 2, description: 'Line of the file the row starts on (the header is line 1)' }),
    reason: Type.String({ description: 'e.g. `missing name`, `bad phone "12"`, `unknown owner "zoe"`, `bad date "31.02.1990"; write YYYY-MM-DD`' })
  }), { description: 'The first 1000 bad rows; the whole report is `GET /api/imports/:id/report.csv`' }),
  reportTruncated: Type.Boolean()
})
export type ImportStatus = Frozen<Static<typeof ImportStatus>>

export const ExportQuery = Type.Object({
  group: Type.Optional(RowId({ description: 'Only customers in this group' })),
  tier: Type.Optional(Text(40, 1)),
  stage: Type.Optional(Stage),
  owner: Type.Optional(RowId({ description: 'Operator id' })),
  campaign: Type.Optional(RowId())
}, { additionalProperties: false })
export type ExportQuery = Frozen<Static<typeof ExportQuery>>

const ImportParams = Type.Object({ id: ImportId })
/** A CSV answer (streamed; never serialized from JSON). */
const Csv = (description: string) => Type.Unsafe<unknown>({ type: 'string', description })

/** The import and export routes, keyed by `METHOD path`; merged into `Routes`. */
export const ImportRoutes = {
  'POST /api/imports': {
    summary: 'Import customers from a CSV file (admins only); answers at once, the import runs in the background',
    description: 'The body is the CSV itself (`Content-Type: text/csv`, `text/plain` or `application/octet-stream`) or a '
      + '`multipart/form-data` upload whose first file is the CSV; at most RINGCARD_IMPORT_MAX_BYTES. The header row is checked '
      + 'before answering (422 RC_ERR_IMPORT_INVALID without a name column). Bad rows do not stop the import: poll '
      + '`GET /api/imports/:id` for progress and the report. One import at a time (409 RC_ERR_IMPORT_RUNNING).',
    tags, security: bearer,
    consumes: ['text/csv', 'text/plain', 'application/octet-stream', 'multipart/form-data'],
    querystring: ImportQuery,
    response: { 202: ImportStarted, ...errors(409, 413, 422) }
  },
  'GET /api/imports/:id': {
    summary: 'Progress of an import: rows done of total, new, updated, unchanged and bad rows, the first bad rows (admins only)',
    tags, security: bearer,
    params: ImportParams,
    response: { 200: ImportStatus, ...errors(404) }
  },
  'GET /api/imports/:id/report.csv': {
    summary: 'Every bad row of an import so far: line, reason and the row as it was (admins only)',
    description: 'CSV for Excel (UTF-8 with BOM, CRLF). Fix the rows and import the file again: the `line` and `reason` columns are ignored.',
    tags, security: bearer,
    params: ImportParams,
    produces: ['text/csv'],
    response: { 200: Csv('line, reason, then the columns of the imported file'), ...errors(404) }
  },
  'GET /api/customers/export.csv': {
    summary: 'Customers as CSV for Excel: every field, numbers, e-mails, groups, tier, stage, campaign, owner',
    description: 'UTF-8 with BOM, CRLF, every field quoted; streamed. Admins and supervisors get every customer, an operator the files '
      + 'they may read. Lists in a cell are `;`-separated; a cell starting with `=`, `+`, `-` or `@` gets a leading `\'` (Excel would run it '
      + 'as a formula). `npm run import` reads the file back. Audited (`customer.export`, with the row count).',
    tags, security: bearer,
    querystring: ExportQuery,
    produces: ['text/csv'],
    response: { 200: Csv('external_id, ringcard_id, display_name, honorific, given_name, family_name, company, phones, emails, groups, owner, owner_name, stage, tier, tier_source, campaign, birthday, language, address, city, notes, created_at, updated_at'), ...errors() }
  },
  'GET /api/customers/interactions.csv': {
    summary: 'The same customers\' contacts (calls, meetings, e-mails, SMS, notes) as CSV for Excel',
    description: 'As `export.csv`: same filters, same rule of who sees what; contacts filed on no customer only for admins and supervisors exporting without a filter.',
    tags, security: bearer,
    querystring: ExportQuery,
    produces: ['text/csv'],
    response: { 200: Csv('interaction_id, ringcard_id, external_id, customer, kind, direction, occurred_at, operator, operator_name, extension, queue, remote_number, ring_seconds, talk_seconds, call_result, disposition, subject, note, outcome, resolved, issue_id, issue_title, issue_status'), ...errors() }
  }
} as const
