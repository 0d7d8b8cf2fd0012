/**
 * Probe 4: slow, unfinished requests must not take the agent down. With a
 * connection cap and header/request timeouts, a flood of half-sent requests is
 * bounded (the ones over the cap are dropped at once, the rest are cut with
 * 408), sign-in works again as soon as they are gone, and a signed-in
 * operator's WebSocket outlives every HTTP timeout.
 */
import { connect, type Socket } from 'node:net'
import { request } from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dialects, useTestDatabase } from '../support/databases.js'
import { startAgent, type Agent } from '../support/agent-harness.js'

const CAP = 50
const HEADERS_TIMEOUT_MS = 300
const REQUEST_TIMEOUT_MS = 600
const SLOW_CLIENTS = 60

/** A raw TCP client that sends part of a request and then goes quiet. */
interface SlowClient {
  readonly socket: Socket
  /** Everything the server sent back. */
  received: string
  /** Resolves once the client is connected and has sent its part, or the server closed it first. */
  readonly started: Promise<void>
  /** Resolves when the server (not the client) closed the connection. */
  readonly closed: Promise<void>
}

function slowClient (port: number, kind: 'headers' | 'body'): SlowClient {
  const socket = connect({ host: '127.0.0.1', port })
  const client: SlowClient = {
    socket,
    received: '',
    started: new Promise(resolve => {
      socket.once('connect', () => {
        // Half of them never finish their headers; the other half, signed in (the token is
        // checked before the body is read), never finish their body.
        socket.write(kind === 'headers'
          ? 'POST /api/calls/x/outcome HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: app'
          : 'POST /api/calls/x/outcome HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer demo-1001\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"disposi',
        () => { resolve() })
      })
      socket.once('close', () => { resolve() })
    }),
    closed: new Promise(resolve => { socket.once('close', () => { resolve() }) })
  }
  socket.on('data', (d) => { client.received += String(d) })
  socket.on('error', () => { /* a dropped connection resets; `closed` reports it */ })
  return client
}

/** Resolves with `p`, or rejects once `ms` have passed. */
async function within<T> (ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => { reject(new Error(`${what}: not within ${ms} ms`)) }, ms) })
  try {
    return await Promise.race([p, deadline])
  } finally {
    clearTimeout(timer)
  }
}

/** GET on a fresh connection (no pooled keep-alive socket): the status, or the network error's code. */
function freshGet (port: number, path: string): Promise<number | string> {
  return new Promise(resolve => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume()
      res.on('end', () => { resolve(res.statusCode ?? 0) })
    })
    req.on('error', (err: NodeJS.ErrnoException) => { resolve(err.code ?? err.message) })
    req.end()
  })
}

const [sqlite] = await dialects()

describe('HTTP limits: slow unfinished requests are capped and cut', () => {
  const t = useTestDatabase(sqlite![1])
  let agent: Agent
  const clients: SlowClient[] = []

  beforeEach(async () => {
    agent = await startAgent(t, {
      env: {
        RINGCARD_HTTP_MAX_CONNECTIONS: String(CAP),
        RINGCARD_HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
        RINGCARD_HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
        RINGCARD_HTTP_KEEPALIVE_TIMEOUT_MS: '200'
      }
    })
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.socket.destroy()
    await agent.close()
  })

  it('drops connections over the cap, cuts the rest with 408, and sign-in works again', async () => {
    const port = Number(new URL(agent.baseUrl).port)
    // A signed-in operator holds one of the CAP connections for the whole test.
    const anna = await agent.operator('demo-1001')

    for (let i = 0; i < SLOW_CLIENTS; i++) clients.push(slowClient(port, i % 2 === 0 ? 'headers' : 'body'))
    await Promise.all(clients.map(c => c.started))

    // Saturated: a newcomer is turned away at once instead of queueing for a descriptor.
    expect(await freshGet(port, '/healthz')).not.toBe(200)

    // Every slow client is closed by the server: over the cap at once, the rest by the timeouts.
    await within(3000, 'slow clients closed by the server', Promise.all(clients.map(c => c.closed)))
    const cut = clients.filter(c => c.received.startsWith('HTTP/1.1 408'))
    const dropped = clients.filter(c => c.received === '')
    expect(cut.length + dropped.length).toBe(SLOW_CLIENTS)
    expect(cut.length).toBe(CAP - 1)
    expect(dropped.length).toBe(SLOW_CLIENTS - (CAP - 1))

    // Once they are gone: health, REST sign-in and a new WebSocket sign-in all work.
    expect(await freshGet(port, '/healthz')).toBe(200)
    expect(await agent.request('GET', '/api/me', { token: 'demo-1001' })).toMatchObject({ status: 200, body: { login: 'anna' } })
    await agent.operator('demo-1002')

    // One more slow request is cut too; meanwhile Anna's socket has been idle longer
    // than every HTTP timeout (connection idle timeout included) and still answers.
    const late = slowClient(port, 'body')
    clients.push(late)
    await within(3000, 'late slow client cut', late.closed)
    expect(late.received).toMatch(/^HTTP\/1\.1 408/)
    await anna.sync(2000)
  })
})
