/**
 * `GET /api/customers/export.csv` and `GET /api/customers/interactions.csv`:
 * customers and their contacts as CSV for Excel, streamed as they are read.
 * Who may export what is decided before the answer starts, so a refusal is
 * still an HTTP error; a failure half-way cuts the download short (and is
 * logged).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ContractTypeProvider } from './contract-type-provider.js'
import { Routes } from '../../contracts/rest.js'
import type { ExportQuery } from '../../contracts/imports.js'
import { CUSTOMER_COLUMNS, INTERACTION_COLUMNS, excelCsv, type CustomerExport, type ExportContents } from '../../crm/export/customer-export.js'
import { operatorOf } from './auth.js'

export function registerExportRoutes (app: FastifyInstance, exports: CustomerExport): void {
  const api = app.withTypeProvider<ContractTypeProvider>()

  const download = (contents: ExportContents, req: FastifyRequest, reply: FastifyReply, query: ExportQuery): FastifyReply => {
    const actor = operatorOf(req)
    exports.scopeOf(actor)
    const out = excelCsv(contents === 'customers' ? CUSTOMER_COLUMNS : INTERACTION_COLUMNS)
    const filter = { groupId: query.group, tier: query.tier, stage: query.stage, ownerId: query.owner, campaignId: query.campaign }
    exports.write(actor, contents, filter, out).catch((err: unknown) => { req.log.error({ err }, 'export failed') })
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${contents}.csv"`).send(out)
  }

  api.get('/api/customers/export.csv', { schema: Routes['GET /api/customers/export.csv'] }, async (req, reply) =>
    download('customers', req, reply, req.query))

  api.get('/api/customers/interactions.csv', { schema: Routes['GET /api/customers/interactions.csv'] }, async (req, reply) =>
    download('interactions', req, reply, req.query))
}
