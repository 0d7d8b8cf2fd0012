/**
 * The WebSocket edge under misuse, through the whole agent (buildApp, a real
 * SQLite file, real sockets over TCP):
 * - a token revoked by another process (the operators CLI) closes its sockets;
 * - a client that stops reading is cut off before its queue eats the memory;
 * - a client flooding bad frames is closed and cannot flood the log.
 */
import { connect as netConnect, type NetConnectOpts, type Socket } from 'node:net'
import { Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { pino, type Logger } from 'pino'
import { WebSocket } from 'ws'
import { dialects, silentLogger, useTestDatabase } from '../support/databases.js'
import { INTRANET, startAgent, type Agent } from '../support/agent-harness.js'
import { type WsClient } from '../support/ws-client.js'
import { OperatorRepo } from '../../agent/crm/operators/operator-repo.js'
import { call, leg, unknownCaller as unknown } from '../support/calls.js'
import { openDatabase } from '../../agent/store/connect.js'
import type { Call } from '../../agent/model/call.js'
import type { ServerMessage } from '../../agent/contracts/ws.js'

const sqlite = (await dialects()).find(([name]) => name === 'sqlite')![1]

/** A call ringing 1001 and 1002 whose caller name makes every `call` message about `nameBytes` long. */
function bigCall (n: number, nameBytes: number): Call {
  return call('b:flood', [leg('1001', 'ringing'), leg('1002', 'ringing')], {
    remote: { number: '+4915112345678', name: `${n} `.padEnd(nameBytes, 'x'), withheld: false }
  })
}

/** How the socket closed, or null when it is still open after `ms`. */
async function closedWithin (c: WsClient, ms: number): Promise<{ code: number; reason: string } | null> {
  return await Promise.race([c.closed, new Promise<null>(resolve => setTimeout(() => { resolve(null) }, ms))])
}

/** pino output kept in memory, one parsed object per line. */
function memoryLogger (): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = []
  const sink = new Writable({
    write (chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>)
      cb()
    }
  })
  return { logger: pino({ level: 'info' }, sink), lines }
}

describe('WebSocket hardening (whole agent, SQLite)', () => {
  const t = useTestDatabase(sqlite)
  let agent: Agent | undefined
  const rawSockets: WebSocket[] = []

  afterEach(async () => {
    for (const ws of rawSockets.splice(0)) ws.terminate()
    await agent?.close()
    agent = undefined
  })

  const pong = async (c: WsClient): Promise<ServerMessage> => {
    const before = c.messages.length
    c.ws.send('{"type":"ping"}')
    return await c.next(m => m.type === 'pong' && m.seq > before)
  }

  it('a token rotated by another process closes its socket with 4401 RC_ERR_AUTH_REVOKED within 5 s; others keep working', async () => {
    agent = await startAgent(t)
    const anna = await agent.operator('demo-1001')
    const ben = await agent.operator('demo-1002')

    const rotatedAt = Date.now()
    // What `npm run operators -- token --login anna` does: its own connection to the same file.
    const cli = await openDatabase(t.url, silentLogger)
    try {
      expect(await new OperatorRepo(cli.db, () => new Date()).rotateToken('anna', 'rc_fresh-token-for-anna')).toBe(true)
    } finally {
      await cli.close()
    }

    expect(await closedWithin(anna, 5000)).toEqual({ code: 4401, reason: 'RC_ERR_AUTH_REVOKED' })
    expect(Date.now() - rotatedAt).toBeLessThan(5000)
    expect(anna.messages.at(-1)).toMatchObject({ type: 'error', code: 'RC_ERR_AUTH_REVOKED' })

    await pong(ben)
    const again = await agent.operator('rc_fresh-token-for-anna')
    expect(again.messages[0]).toMatchObject({ type: 'welcome', operator: { login: 'anna' } })
  })

  it('a role change closes with 4409 RC_ERR_AUTH_CHANGED (reconnect for the new view); a removed operator with 4401', async () => {
    agent = await startAgent(t, { env: { RINGCARD_WS_REVALIDATE_MS: '100' } })
    const anna = await agent.operator('demo-1001')
    const ben = await agent.operator('demo-1002')
    const sam = await agent.operator('demo-super')

    await t.db.updateTable('operators').set({ role: 'supervisor' }).where('login', '=', 'anna').execute()
    expect(await closedWithin(anna, 5000)).toEqual({ code: 4409, reason: 'RC_ERR_AUTH_CHANGED' })
    // Same token, fresh welcome with the new role.
    const back = await agent.operator('demo-1001')
    expect(back.messages[0]).toMatchObject({ type: 'welcome', operator: { login: 'anna', role: 'supervisor' } })

    const benId = (await t.db.selectFrom('operators').select('id').where('login', '=', 'ben').executeTakeFirstOrThrow()).id
    await t.db.deleteFrom('operator_extensions').where('operator_id', '=', benId).execute()
    await t.db.deleteFrom('operators').where('id', '=', benId).execute()
    expect(await closedWithin(ben, 5000)).toEqual({ code: 4401, reason: 'RC_ERR_AUTH_REVOKED' })

    await pong(sam)
    await pong(back)
  })

  it('a client that stops reading is closed with 4408 RC_ERR_WS_SLOW_CONSUMER once 1 MiB is queued; its colleague keeps getting pops', async () => {
    const { logger, lines } = memoryLogger()
    agent = await startAgent(t, { logger })
    const cap = 1024 * 1024

    // Anna's browser tab hangs: its TCP socket stops being read.
    let annaTcp: Socket | undefined
    const anna = new WebSocket(agent.wsUrl, {
      origin: INTRANET,
      // Keep hold of the TCP socket to stop reading it; `ws` types this option with net's overloads.
      createConnection: ((opts: NetConnectOpts) => { annaTcp = netConnect(opts); return annaTcp }) as typeof netConnect
    })
    rawSockets.push(anna)
    const annaMessages: ServerMessage[] = []
    anna.on('message', (d) => { annaMessages.push(JSON.parse(String(d)) as ServerMessage) })
    const annaClosed = new Promise<{ code: number; reason: string }>(resolve => anna.on('close', (code, reason) => { resolve({ code, reason: String(reason) }) }))
    await new Promise(resolve => anna.once('open', resolve))
    anna.send(JSON.stringify({ type: 'auth', v: 1, token: 'demo-1001' }))
    while (!annaMessages.some(m => m.type === 'snapshot')) await new Promise(resolve => setTimeout(resolve, 10))
    annaTcp!.pause()

    const ben = await agent.operator('demo-1002')
    const hub = agent.app.ringcard.hub
    const serverSockets = (): WebSocket[] => [...agent!.app.websocketServer.clients]
    const messageBytes = 10_000
    let maxQueued = 0
    let published = 0
    // Up to 60 MB for Anna; Ben reads along, so his queue stays short.
    for (; published < 6000; published++) {
      agent.app.ringcard.live.put(bigCall(published, messageBytes), unknown)
      for (const s of serverSockets()) maxQueued = Math.max(maxQueued, s.bufferedAmount)
      if (published % 20 === 19) {
        const want = published
        await ben.next(m => m.type === 'call' && m.call.callerName!.startsWith(`${want} `))
        if (hub.connectedOperators === 1) break
      }
    }
    expect(maxQueued).toBeLessThanOrEqual(cap + 2 * messageBytes)
    expect(hub.connectedOperators).toBe(1)

    // Ben still gets every pop.
    agent.app.ringcard.live.put(bigCall(published + 1, 100), unknown)
    await ben.next(m => m.type === 'call' && m.call.callerName!.startsWith(`${published + 1} `))
    await pong(ben)

    // When Anna's tab wakes up, it reads what was queued and then the coded close.
    annaTcp!.resume()
    expect(await annaClosed).toEqual({ code: 4408, reason: 'RC_ERR_WS_SLOW_CONSUMER' })
    expect(annaMessages.at(-1)).toMatchObject({ type: 'error', code: 'RC_ERR_WS_SLOW_CONSUMER' })
    expect(annaMessages.at(-2)).toMatchObject({ type: 'call' })
    expect(lines.filter(l => l['code'] === 'RC_ERR_WS_SLOW_CONSUMER')).toHaveLength(1)
    expect(agent.config.wsMaxBufferedBytes).toBe(cap)
  })

  it('30,000 bad frames: a handful of log lines, close 4429 RC_ERR_WS_FLOOD; another client keeps working', async () => {
    const { logger, lines } = memoryLogger()
    agent = await startAgent(t, { logger })
    const anna = await agent.operator('demo-1001')
    const ben = await agent.operator('demo-1002')

    for (let i = 0; i < 30_000; i++) anna.ws.send('not json')
    anna.ws.send('{"type":"ping"}')
    // Unfixed, the ping is answered after every bad frame was handled; fixed, the socket closes first.
    await Promise.race([anna.closed, anna.next(m => m.type === 'pong', 20_000)])
    await pong(ben)

    const hubLines = lines.filter(l => l['module'] === 'hub')
    expect(hubLines.length).toBeLessThanOrEqual(10)
    expect(await anna.closed).toEqual({ code: 4429, reason: 'RC_ERR_WS_FLOOD' })
    expect(anna.messages.at(-1)).toMatchObject({ type: 'error', code: 'RC_ERR_WS_FLOOD' })
    expect(anna.messages.filter(m => m.type === 'error').length).toBeLessThanOrEqual(25)
    expect(hubLines.filter(l => l['code'] === 'RC_ERR_WS_FLOOD')).toHaveLength(1)
  })
})
