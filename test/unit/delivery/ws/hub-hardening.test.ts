/**
 * The hub against its own clients, over a real WebSocket: tokens re-checked
 * while signed in, message floods, and how much a bad client can log. The
 * re-check timer is a faked `setInterval`; everything else runs for real.
 */
import { connect as netConnect, type NetConnectOpts, type Socket } from 'node:net'
import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import Fastify, { type FastifyInstance } from 'fastify'
import fastifyWebsocket from '@fastify/websocket'
import { pino } from 'pino'
import { WebSocket } from 'ws'
import { Hub } from '../../../../agent/delivery/ws/hub.js'
import { call, leg } from '../../../support/calls.js'
import { InMemoryLiveCalls } from '../../../../agent/live/live-calls.js'
import { defaultEndpoints, type Operator } from '../../../../agent/model/operator.js'
import type { Call } from '../../../../agent/model/call.js'
import type { CallMatch, ServerMessage } from '../../../../agent/contracts/ws.js'
import { WsClient as Client } from '../../../support/ws-client.js'

const REVALIDATE_MS = 2000
const ORIGIN = 'http://127.0.0.1:8080'

function operator (id: number, login: string, extensions: string[], role: Operator['role'] = 'operator'): Operator {
  return { id, login, displayName: login, role, extensions, endpoints: defaultEndpoints(extensions) }
}

const MAX_BUFFERED_BYTES = 64 * 1024
const unknown: CallMatch = { kind: 'unknown', number: '+49 151 12345678', e164: '+4915112345678' }

/** A call ringing `extension` whose caller name is `nameBytes` long. */
function ringing (id: string, extension: string, nameBytes: number): Call {
  return call(id, [leg(extension, 'ringing')], { remote: { number: '+4915112345678', name: 'x'.repeat(nameBytes), withheld: false } })
}

/** Resolves once `pred` holds, polling on real timers (only setInterval is faked). */
async function until (pred: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (pred()) return
    await new Promise(resolve => setTimeout(resolve, 10))
  }
  throw new Error(`timed out waiting for ${what}`)
}

describe('Hub hardening over a real WebSocket', () => {
  let app: FastifyInstance
  let hub: Hub
  let live: InMemoryLiveCalls
  let url: string
  const clients: Client[] = []
  const raw: WebSocket[] = []
  /** Token → operator as the database holds it now; tests edit it. */
  let db: Map<string, Operator>
  let dbDown: boolean
  let asked: string[]
  let logs: Array<Record<string, unknown>>

  const connect = async (token: string): Promise<Client> => {
    const c = new Client(url, ORIGIN)
    clients.push(c)
    return await c.signIn(token)
  }

  /** A ping answered after everything sent before it: the positive signal that the hub is done with those. */
  const pong = async (c: Client): Promise<ServerMessage> => {
    const before = c.messages.length
    c.ws.send('{"type":"ping"}')
    return await c.next(m => m.type === 'pong' && m.seq > before)
  }

  /** Fires the re-check timer once and waits until that round asked the database and had its answers. */
  const recheck = async (tokens: number): Promise<void> => {
    const before = asked.length
    vi.advanceTimersByTime(REVALIDATE_MS)
    await until(() => asked.length >= before + tokens, 'the re-check round')
    // The fake database answers in microtasks: one macrotask later the round is over.
    await new Promise(resolve => setTimeout(resolve, 0))
  }

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    db = new Map([['t-anna', operator(1, 'anna', ['1001'])], ['t-ben', operator(2, 'ben', ['1002'])], ['t-cara', operator(3, 'cara', ['1003'])]])
    dbDown = false
    asked = []
    logs = []
    const sink = new Writable({
      write (chunk, _enc, cb) { logs.push(JSON.parse(String(chunk)) as Record<string, unknown>); cb() }
    })
    live = new InMemoryLiveCalls({ now: () => Date.now() })
    hub = new Hub({
      logger: pino({ level: 'info' }, sink),
      live,
      authenticate: async (token) => {
        asked.push(token)
        if (dbDown) throw new Error('connection refused')
        return db.get(token) ?? null
      },
      nameOf: () => null,
      allowedOrigins: [ORIGIN],
      dispositions: [],
      authTimeoutMs: 5000,
      revalidateMs: REVALIDATE_MS,
      maxBufferedBytes: MAX_BUFFERED_BYTES,
      now: () => Date.now()
    })
    app = Fastify()
    await app.register(fastifyWebsocket)
    hub.register(app)
    url = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('http', 'ws') + '/ws'
  })

  afterEach(async () => {
    vi.useRealTimers()
    for (const c of clients.splice(0)) c.ws.terminate()
    for (const ws of raw.splice(0)) ws.terminate()
    hub.close()
    await app.close()
  })

  it('re-checks signed-in tokens every revalidateMs with one query per distinct token, and keeps valid sessions', async () => {
    const anna1 = await connect('t-anna')
    const anna2 = await connect('t-anna')
    const ben = await connect('t-ben')
    asked = []

    await recheck(2)
    expect(asked.sort()).toEqual(['t-anna', 't-ben'])
    for (const c of [anna1, anna2, ben]) await pong(c)
    expect(hub.connectedOperators).toBe(3)
  })

  it('a revoked token closes all its sockets with 4401 RC_ERR_AUTH_REVOKED; changed extensions or role close with 4409', async () => {
    const anna1 = await connect('t-anna')
    const anna2 = await connect('t-anna')
    const ben = await connect('t-ben')
    const cara = await connect('t-cara')
    const dora = await connect('t-cara')

    db.delete('t-anna')
    db.set('t-ben', operator(2, 'ben', ['1002', '1009']))
    await recheck(3)

    for (const c of [anna1, anna2]) {
      expect(await c.closed).toEqual({ code: 4401, reason: 'RC_ERR_AUTH_REVOKED' })
      expect(c.messages.at(-1)).toMatchObject({ type: 'error', code: 'RC_ERR_AUTH_REVOKED' })
    }
    expect(await ben.closed).toEqual({ code: 4409, reason: 'RC_ERR_AUTH_CHANGED' })
    await pong(cara)

    db.set('t-cara', operator(3, 'cara', ['1003'], 'supervisor'))
    await recheck(1)
    expect(await cara.closed).toEqual({ code: 4409, reason: 'RC_ERR_AUTH_CHANGED' })
    expect(await dora.closed).toEqual({ code: 4409, reason: 'RC_ERR_AUTH_CHANGED' })
    // The token now belonging to someone else is a revocation too.
    const eve = await connect('t-cara')
    db.set('t-cara', operator(9, 'eve', ['1003'], 'supervisor'))
    await recheck(1)
    expect(await eve.closed).toEqual({ code: 4401, reason: 'RC_ERR_AUTH_REVOKED' })
  })

  it('a failing database closes nothing and logs once per outage', async () => {
    const anna = await connect('t-anna')
    const ben = await connect('t-ben')

    dbDown = true
    await recheck(2)
    await recheck(2)
    await recheck(2)
    await pong(anna)
    await pong(ben)
    expect(hub.connectedOperators).toBe(2)
    expect(logs.filter(l => l['code'] === 'RC_ERR_STORE_UNAVAILABLE')).toHaveLength(1)

    dbDown = false
    db.delete('t-anna')
    await recheck(2)
    expect(await anna.closed).toEqual({ code: 4401, reason: 'RC_ERR_AUTH_REVOKED' })
    await pong(ben)
    expect(logs.filter(l => l['msg'] === 'signed-in websocket tokens are checked again')).toHaveLength(1)
  })

  it('stops re-checking when nobody is signed in', async () => {
    const anna = await connect('t-anna')
    anna.close()
    await until(() => hub.connectedOperators === 0 && vi.getTimerCount() === 0, 'the timer to stop')
    asked = []
    vi.advanceTimersByTime(10 * REVALIDATE_MS)
    const ben = await connect('t-ben')
    await pong(ben)
    expect(asked).toEqual(['t-ben'])
  })

  it('more than 100 messages in a second, even valid pings, closes with 4429 RC_ERR_WS_FLOOD; others keep working', async () => {
    const anna = await connect('t-anna')
    const ben = await connect('t-ben')
    for (let i = 0; i < 150; i++) anna.ws.send('{"type":"ping"}')
    expect(await anna.closed).toEqual({ code: 4429, reason: 'RC_ERR_WS_FLOOD' })
    expect(anna.messages.filter(m => m.type === 'pong').length).toBeLessThanOrEqual(100)
    expect(anna.messages.at(-1)).toMatchObject({ type: 'error', code: 'RC_ERR_WS_FLOOD' })
    await pong(ben)
  })

  it('logs the first 3 bad messages of a connection, answers each, and sums up the rest when it closes', async () => {
    const anna = await connect('t-anna')
    for (let i = 0; i < 12; i++) anna.ws.send('not json')
    await pong(anna)
    expect(anna.messages.filter(m => m.type === 'error')).toHaveLength(12)
    expect(logs.filter(l => l['code'] === 'RC_ERR_WS_BAD_MESSAGE')).toHaveLength(3)

    anna.close()
    await until(() => logs.some(l => l['badMessages'] !== undefined), 'the summary line')
    expect(logs.filter(l => l['code'] === 'RC_ERR_WS_BAD_MESSAGE')).toHaveLength(4)
    expect(logs.at(-1)).toMatchObject({ code: 'RC_ERR_WS_BAD_MESSAGE', operatorId: 1, badMessages: 12 })
  })

  it('more than 20 bad messages within 10 s closes with 4429 RC_ERR_WS_FLOOD', async () => {
    const anna = await connect('t-anna')
    for (let i = 0; i < 25; i++) anna.ws.send('{"type":"nope"}')
    expect(await anna.closed).toEqual({ code: 4429, reason: 'RC_ERR_WS_FLOOD' })
    expect(anna.messages.filter(m => m.type === 'error' && m.code === 'RC_ERR_WS_BAD_MESSAGE')).toHaveLength(20)
  })

  it('keeps the token in memory only: never in a log line', async () => {
    const anna = await connect('t-anna')
    db.delete('t-anna')
    await recheck(1)
    await anna.closed
    expect(JSON.stringify(logs)).not.toContain('t-anna')
  })

  it('a snapshot larger than maxBufferedBytes on a slow link does not make the client look slow; more on top of it does', async () => {
    // Half an hour of ring-all calls on a busy queue: the snapshot alone is far over the cap.
    for (let i = 0; i < 200; i++) live.put(ringing(`b:${i}`, '1001', 50_000), unknown)
    let tcp: Socket | undefined
    const anna = new WebSocket(url, {
      origin: ORIGIN,
      // Keep hold of the TCP socket to stop reading it; `ws` types this option with net's overloads.
      createConnection: ((opts: NetConnectOpts) => { tcp = netConnect(opts); return tcp }) as typeof netConnect
    })
    raw.push(anna)
    const received: ServerMessage[] = []
    anna.on('message', (d) => { received.push(JSON.parse(String(d)) as ServerMessage) })
    const closed = new Promise<{ code: number; reason: string }>(resolve => anna.on('close', (code, reason) => { resolve({ code, reason: String(reason) }) }))
    await new Promise(resolve => anna.once('open', resolve))
    // The link is slow: nothing is read while the snapshot goes out.
    tcp!.pause()
    anna.send(JSON.stringify({ type: 'auth', v: 1, token: 't-anna' }))
    const queued = (): number => Math.max(0, ...[...app.websocketServer.clients].map(c => c.bufferedAmount))
    await until(() => queued() > 4 * MAX_BUFFERED_BYTES, 'the snapshot to queue up')

    live.put(ringing('b:new', '1001', 100), unknown)
    expect(hub.connectedOperators).toBe(1)
    // Pops past snapshot + cap are too much, though.
    for (let i = 0; hub.connectedOperators === 1 && i < 200; i++) live.put(ringing('b:more', '1001', 1000), unknown)
    expect(hub.connectedOperators).toBe(0)
    const peak = queued()

    tcp!.resume()
    expect(await closed).toEqual({ code: 4408, reason: 'RC_ERR_WS_SLOW_CONSUMER' })
    expect(received.map(m => m.type).slice(0, 3)).toEqual(['welcome', 'snapshot', 'call'])
    expect(received[2]).toMatchObject({ call: { id: 'b:new' } })
    // Memory stayed bounded by the snapshot plus the cap (plus the one message that crossed it).
    expect(peak).toBeLessThanOrEqual(Buffer.byteLength(JSON.stringify(received[1])) + MAX_BUFFERED_BYTES + 2000)
  })
})
