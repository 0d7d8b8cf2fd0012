/**
 * `/api/customers…` beyond the lead form and the file view (`./customer-routes.ts`):
 * list, change, delete and merge customers; their numbers, e-mail addresses,
 * contact persons and groups. Each route translates HTTP to one use case of
 * the customer file, which decides who may act.
 */
import type { FastifyInstance } from 'fastify'
import type { ContractTypeProvider } from './contract-type-provider.js'
import { Routes } from '../../contracts/rest.js'
import type { CustomerFiles } from '../../crm/customers/customer-files.js'
import { operatorOf } from './auth.js'
import { sendUnlessDuplicate } from './duplicate-replies.js'

export function registerCustomerFileRoutes (app: FastifyInstance, files: CustomerFiles): void {
  const api = app.withTypeProvider<ContractTypeProvider>()

  api.get('/api/customers', { schema: Routes['GET /api/customers'] }, async (req) =>
    files.list(operatorOf(req), req.query))

  api.patch('/api/customers/:id', { schema: Routes['PATCH /api/customers/:id'] }, async (req) =>
    ({ file: await files.update(operatorOf(req), req.params.id, req.body) }))

  api.delete('/api/customers/:id', { schema: Routes['DELETE /api/customers/:id'] }, async (req, reply) => {
    await files.delete(operatorOf(req), req.params.id)
    return reply.code(204).send(null)
  })

  api.post('/api/customers/:id/merge', { schema: Routes['POST /api/customers/:id/merge'] }, async (req) =>
    files.merge(operatorOf(req), req.params.id, req.body))

  api.post('/api/customers/:id/phones', { schema: Routes['POST /api/customers/:id/phones'] }, async (req, reply) =>
    sendUnlessDuplicate(reply, 201, async () => ({ file: await files.addPhone(operatorOf(req), req.params.id, req.body) })))

  api.put('/api/customers/:id/phones', { schema: Routes['PUT /api/customers/:id/phones'] }, async (req, reply) =>
    sendUnlessDuplicate(reply, 200, async () => ({ file: await files.replacePhones(operatorOf(req), req.params.id, req.body) })))

  api.delete('/api/customers/:id/phones/:phoneId', { schema: Routes['DELETE /api/customers/:id/phones/:phoneId'] }, async (req) =>
    ({ file: await files.removePhone(operatorOf(req), req.params.id, req.params.phoneId) }))

  api.post('/api/customers/:id/emails', { schema: Routes['POST /api/customers/:id/emails'] }, async (req, reply) =>
    sendUnlessDuplicate(reply, 201, async () => ({ file: await files.addEmail(operatorOf(req), req.params.id, req.body) })))

  api.put('/api/customers/:id/emails', { schema: Routes['PUT /api/customers/:id/emails'] }, async (req, reply) =>
    sendUnlessDuplicate(reply, 200, async () => ({ file: await files.replaceEmails(operatorOf(req), req.params.id, req.body) })))

  api.delete('/api/customers/:id/emails/:emailId', { schema: Routes['DELETE /api/customers/:id/emails/:emailId'] }, async (req) =>
    ({ file: await files.removeEmail(operatorOf(req), req.params.id, req.params.emailId) }))

  api.post('/api/customers/:id/contact-persons', { schema: Routes['POST /api/customers/:id/contact-persons'] }, async (req, reply) =>
    reply.code(201).send({ file: await files.addContactPerson(operatorOf(req), req.params.id, req.body) }))

  api.patch('/api/customers/:id/contact-persons/:personId', { schema: Routes['PATCH /api/customers/:id/contact-persons/:personId'] }, async (req) =>
    ({ file: await files.updateContactPerson(operatorOf(req), req.params.id, req.params.personId, req.body) }))

  api.delete('/api/customers/:id/contact-persons/:personId', { schema: Routes['DELETE /api/customers/:id/contact-persons/:personId'] }, async (req) =>
    ({ file: await files.removeContactPerson(operatorOf(req), req.params.id, req.params.personId) }))

  api.put('/api/customers/:id/groups/:groupId', { schema: Routes['PUT /api/customers/:id/groups/:groupId'] }, async (req) =>
    ({ file: await files.addToGroup(operatorOf(req), req.params.id, req.params.groupId) }))

  api.delete('/api/customers/:id/groups/:groupId', { schema: Routes['DELETE /api/customers/:id/groups/:groupId'] }, async (req) =>
    ({ file: await files.removeFromGroup(operatorOf(req), req.params.id, req.params.groupId) }))
}
