import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import Fastify, { type FastifyInstance } from 'fastify'
import fastifyWebsocket from '@fastify/websocket'
import { pino } from 'pino'
import { Hub } from '../../../../agent/delivery/ws/hub.js'
import { call, leg, unknownCaller as unknown } from '../../../support/calls.js'
import { InMemoryLiveCalls } from '../../../../agent/live/live-calls.js'
import type { Operator } from '../../../../agent/model/operator.js'
import { WsClient as Client } from '../../../support/ws-client.js'

const operators: Record<string, Operator> = {
  't-1001': { id: 1, login: 'anna', displayName: 'Anna Berg', role: 'operator', extensions: ['1001'], endpoints: [{ pbxId: 'default', extension: '1001' }] },
  't-1002': { id: 2, login: 'ben', displayName: 'Ben Okafor', role: 'operator', extensions: ['1002'], endpoints: [{ pbxId: 'default', extension: '1002' }] }
}

describe('Hub over a real WebSocket', () => {
  let app: FastifyInstance
  let hub: Hub
  let live: InMemoryLiveCalls
  let url: string
  const clients: Client[] = []

  const connect = async (token: string | null, origin = 'http://127.0.0.1:8080'): Promise<Client> => {
    const c = new Client(url, origin)
    clients.push(c)
    await c.opened()
    if (token !== null) c.ws.send(JSON.stringify({ type: 'auth', v: 1, token }))
    return c
  }

  beforeEach(async () => {
    live = new InMemoryLiveCalls({ now: () => 5000 })
    hub = new Hub({
      logger: pino({ level: 'silent' }),
      live,
      authenticate: async (t) => {
        if (t === 'db-down') throw new Error('connection refused')
        return operators[t] ?? null
      },
      nameOf: (ext) => Object.values(operators).find(o => o.extensions.includes(ext))?.displayName ?? null,
      allowedOrigins: ['http://127.0.0.1:8080'],
      dispositions: [{ key: 1, code: 'support', label: 'Support' }],
      authTimeoutMs: 300,
      revalidateMs: 60_000,
      maxBufferedBytes: 1024 * 1024,
      now: () => 5000
    })
    app = Fastify()
    await app.register(fastifyWebsocket)
    hub.register(app)
    const address = await app.listen({ host: '127.0.0.1', port: 0 })
    url = address.replace('http', 'ws') + '/ws'
  })

  afterEach(async () => {
    for (const c of clients.splice(0)) c.ws.terminate()
    hub.close()
    await app.close()
  })

  it('welcomes a valid token sent in the first message, then sends a snapshot of own calls only', async () => {
    live.put(call('b:1', [leg('1001', 'ringing')]), unknown)
    live.put(call('b:2', [leg('1002', 'ringing')]), unknown)
    const c = await connect('t-1001')
    const welcome = await c.next(m => m.type === 'welcome')
    expect(welcome).toMatchObject({ type: 'welcome', v: 1, seq: 1, operator: { id: 1, extensions: ['1001'] }, pbx: 'disconnected' })
    const snap = await c.next(m => m.type === 'snapshot')
    expect(snap.seq).toBe(2)
    if (snap.type !== 'snapshot') throw new Error('unreachable')
    expect(snap.calls.map(x => x.id)).toEqual(['b:1'])
    expect(snap.calls[0]).toMatchObject({ myLeg: 'ringing', number: '+49 151 12345678', callerName: 'Jane Doe' })
  })

  it('closes a socket from an origin outside the allow-list with 4403 and a coded error, before any auth', async () => {
    live.put(call('b:1', [leg('1001', 'ringing')]), unknown)
    const c = new Client(url, 'https://evil.example.com')
    clients.push(c)
    expect(await c.closed).toEqual({ code: 4403, reason: 'RC_ERR_ORIGIN_FORBIDDEN' })
    expect(c.messages).toEqual([expect.objectContaining({ type: 'error', code: 'RC_ERR_ORIGIN_FORBIDDEN' })])
    expect(hub.connectedOperators).toBe(0)
  })

  it('closes with 4401 on a wrong token and on a missing auth message', async () => {
    const bad = await connect('nope')
    expect(await bad.closed).toEqual({ code: 4401, reason: 'RC_ERR_AUTH_INVALID' })
    expect(bad.messages).toEqual([expect.objectContaining({ type: 'error', code: 'RC_ERR_AUTH_INVALID' })])

    const silent = await connect(null)
    expect(await silent.closed).toEqual({ code: 4401, reason: 'RC_ERR_WS_AUTH_TIMEOUT' })

    const noAuth = await connect(null)
    noAuth.ws.send('{"type":"ping"}')
    expect((await noAuth.closed).code).toBe(4401)
  })

  it('a database failure during sign-in closes with 1013 (retry later), not 4401 (sign in again)', async () => {
    const c = await connect('db-down')
    expect(await c.closed).toEqual({ code: 1013, reason: 'RC_ERR_STORE_UNAVAILABLE' })
    expect(c.messages).toEqual([expect.objectContaining({ type: 'error', code: 'RC_ERR_STORE_UNAVAILABLE' })])
  })

  it('closes with 4400 on an unsupported protocol version; garbage after auth gets a coded error', async () => {
    const c = new Client(url, 'http://127.0.0.1:8080')
    clients.push(c)
    await c.opened()
    c.ws.send(JSON.stringify({ type: 'auth', v: 99, token: 't-1001' }))
    expect((await c.closed).code).toBe(4400)

    const ok = await connect('t-1001')
    await ok.next(m => m.type === 'snapshot')
    ok.ws.send('not json')
    const err = await ok.next(m => m.type === 'error')
    expect(err).toMatchObject({ code: 'RC_ERR_WS_BAD_MESSAGE', seq: 3 })
    ok.ws.send('{"type":"ping"}')
    expect(await ok.next(m => m.type === 'pong')).toMatchObject({ seq: 4 })
  })

  it('ring-all: both members get the card; when 1002 answers, 1001 sees "answered by Ben Okafor"', async () => {
    const anna = await connect('t-1001')
    const ben = await connect('t-1002')
    await anna.next(m => m.type === 'snapshot')
    await ben.next(m => m.type === 'snapshot')

    live.put(call('b:7', [leg('1002', 'ringing'), leg('1001', 'ringing')], { queue: 'support' }), unknown)
    const annaRing = await anna.next(m => m.type === 'call')
    const benRing = await ben.next(m => m.type === 'call')
    expect(annaRing).toMatchObject({ call: { id: 'b:7', myLeg: 'ringing', queue: 'support' } })
    expect(benRing).toMatchObject({ call: { id: 'b:7', myLeg: 'ringing' } })

    live.put(call('b:7', [leg('1002', 'answered', 2000), leg('1001', 'cancelled')], {
      queue: 'support', state: 'connected', answeredBy: '1002', answeredAt: 2000
    }), unknown)
    const annaAfter = await anna.next(m => m.type === 'call' && m.call.state === 'connected')
    expect(annaAfter).toMatchObject({ call: { myLeg: 'cancelled', answeredBy: '1002', answeredByName: 'Ben Okafor' } })
    const benAfter = await ben.next(m => m.type === 'call' && m.call.state === 'connected')
    expect(benAfter).toMatchObject({ call: { myLeg: 'answered', answeredBy: null } })
    // seq is contiguous per connection
    expect(anna.messages.map(m => m.seq)).toEqual(anna.messages.map((_, i) => i + 1))
  })

  it('never shows a withheld number or caller name', async () => {
    const c = await connect('t-1001')
    await c.next(m => m.type === 'snapshot')
    live.put(call('b:9', [leg('1001', 'ringing')], { remote: { number: '+4930123456', name: 'Someone', withheld: true } }), { kind: 'withheld', reason: 'withheld' })
    const m = await c.next(x => x.type === 'call')
    expect(m).toMatchObject({ call: { number: null, callerName: null, match: { kind: 'withheld' } } })
    expect(JSON.stringify(m)).not.toContain('4930123456')
  })

  it('markWrappedUp re-sends the call with wrappedUp true; pbx status is pushed', async () => {
    const c = await connect('t-1001')
    await c.next(m => m.type === 'snapshot')
    live.put(call('b:3', [leg('1001', 'ended', 2000)], { state: 'ended', endedAt: 4000, result: 'answered' }), unknown)
    await c.next(m => m.type === 'call' && !m.call.wrappedUp)
    live.markWrappedUp('b:3')
    expect(await c.next(m => m.type === 'call' && m.call.wrappedUp)).toMatchObject({ call: { id: 'b:3' } })
    hub.pbxStatus('connected')
    expect(await c.next(m => m.type === 'pbx')).toMatchObject({ status: 'connected' })
  })
})
