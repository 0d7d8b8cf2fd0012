/**
 * `POST /api/imports`, `GET /api/imports/:id` and its `report.csv`: the
 * customer import from the widget's admin view. The CSV arrives as the raw
 * body (`text/csv`, `text/plain`, `application/octet-stream`) or as a
 * multipart upload, and is handed on as a stream, unread: the use case
 * spools it (bounded by RINGCARD_IMPORT_MAX_BYTES) and refuses it before
 * anything is imported.
 */
import type { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import fastifyMultipart from '@fastify/multipart'
import type { ContractTypeProvider } from './contract-type-provider.js'
import { Routes } from '../../contracts/rest.js'
import type { Imports } from '../../crm/import/imports.js'
import { excelCell, excelCsv } from '../../crm/export/customer-export.js'
import { RingcardError } from '../../errors.js'
import { operatorOf } from './auth.js'

/** Content types whose body is the CSV itself. */
const CSV_TYPES = ['text/csv', 'text/plain', 'application/octet-stream']

/** Registers the routes in their own context (they parse bodies their own way); call inside the authenticated `/api` plugin. */
export function registerImportRoutes (app: FastifyInstance, imports: Imports, maxBytes: number): void {
  void app.register(async (scope) => {
    // One byte more than the use case's own limit, so that its coded 413 is what a client sees.
    await scope.register(fastifyMultipart, { limits: { fileSize: maxBytes + 1, files: 1, fields: 10, parts: 20 } })
    scope.removeContentTypeParser(['text/plain'])
    scope.addContentTypeParser(CSV_TYPES, (_req, payload, done) => { done(null, payload) })
    const api = scope.withTypeProvider<ContractTypeProvider>()

    api.post('/api/imports', { schema: Routes['POST /api/imports'], config: { roles: ['admin'] } }, async (req, reply) => {
      const upload = req.isMultipart() ? (await req.file())?.file : req.body as Readable | undefined
      if (upload === undefined || upload === null) throw new RingcardError('RC_ERR_API_BAD_BODY', 'send the CSV as the body or as a multipart file')
      const started = await imports.start(operatorOf(req), upload, { map: req.query.map, dryRun: req.query.dryRun })
      return reply.code(202).send(started)
    })

    api.get('/api/imports/:id', { schema: Routes['GET /api/imports/:id'], config: { roles: ['admin'] } }, async (req) =>
      imports.status(operatorOf(req), req.params.id))

    api.get('/api/imports/:id/report.csv', { schema: Routes['GET /api/imports/:id/report.csv'], config: { roles: ['admin'] } }, async (req, reply) => {
      const { columns, rows } = imports.report(operatorOf(req), req.params.id)
      const out = excelCsv(columns)
      for (const row of rows) out.write(row.map(excelCell))
      out.end()
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${req.params.id}-report.csv"`).send(out)
    })
  })
}
