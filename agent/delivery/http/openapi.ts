/**
 * The OpenAPI document, generated from the route schemas of the wire contract
 * (`agent/contracts/rest.ts`): `GET /openapi.json`, and a browsable UI at
 * `/docs`. Both are public: they describe the API and hold no data.
 */
import type { FastifyInstance } from 'fastify'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'

/**
 * An `/api/` route must carry its contract: a success response schema, and a
 * tag so that it is published. A route without one fails at registration, so
 * every test that builds the agent fails with it.
 */
export function assertDocumented (route: { readonly url: string; readonly method: string | readonly string[]; readonly schema?: { readonly response?: unknown; readonly tags?: unknown } }): void {
  if (!route.url.startsWith('/api/')) return
  const name = `${String(route.method)} ${route.url}`
  const response = route.schema?.response
  const statuses = typeof response === 'object' && response !== null ? Object.keys(response) : []
  if (!statuses.some(s => s.startsWith('2'))) throw new Error(`${name} has no success response schema in agent/contracts/rest.ts`)
  if (!Array.isArray(route.schema?.tags)) throw new Error(`${name} has no tags, so /openapi.json would hide it`)
}

/** Registers the generator; call before any route, so it sees them all. */
export async function registerOpenApi (app: FastifyInstance, version: string): Promise<void> {
  app.addHook('onRoute', assertDocumented)
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ringcard agent API',
        version,
        description: 'Screen-pop and wrap-up API of the ringcard agent. Errors are `{statusCode, code, message}` with a documented `RC_ERR_…` code. The WebSocket protocol (`/ws`) is described in the README.'
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An operator\'s token' } } }
    },
    // Only the documented API; the widget files, the socket and the favicon are not part of it.
    hideUntagged: true
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', logLevel: 'warn' })
  app.get('/openapi.json', { schema: { hide: true }, logLevel: 'warn' }, async () => app.swagger())
}
