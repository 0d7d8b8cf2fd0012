import { createServer } from 'node:net'
import type { AddressInfo, Server, Socket } from 'node:net'
import { fileURLToPath } from 'node:url'
import { pino } from 'pino'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AmiAdapter } from '../../agent/telephony/ami/ami-adapter.js'
import type { AmiAdapterEvents, AmiAdapterOptions } from '../../agent/telephony/ami/ami-adapter.js'
import { AmiErrorCode } from '../../agent/telephony/ami/ami-error.js'
import type { AmiEvent } from '../../agent/telephony/ami/events.js'
import { ActionReader } from '../../agent/fake-pbx/action-reader.js'
import { FakePbx } from '../../agent/fake-pbx/fake-pbx.js'
import { fieldValue, formatFrame, loadTrace } from '../../agent/fake-pbx/trace.js'
import type { Trace, TraceField } from '../../agent/fake-pbx/trace.js'
import { TestClock } from '../support/test-clock.js'

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/ami/${name}.jsonl`, import.meta.url))
let queueTrace: Trace
let busyTrace: Trace
beforeAll(async () => {
  queueTrace = await loadTrace(fixture('10-queue-member-state'))
  busyTrace = await loadTrace(fixture('04-inbound-busy'))
})

const SECRET = 'screenpop-secret'
const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

/** pino writing parsed JSON lines into an array, so tests assert on codes like an operator reading logs. */
function logSink (): { logger: AmiAdapterOptions['logger']; lines: Array<Record<string, unknown>>; codes: () => unknown[] } {
  const lines: Array<Record<string, unknown>> = []
  const logger = pino({ level: 'debug' }, { write: (s: string) => { lines.push(JSON.parse(s) as Record<string, unknown>) } })
  return { logger, lines, codes: () => lines.map(l => l.code).filter(c => c !== undefined) }
}

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

async function startPbx (opts: ConstructorParameters<typeof FakePbx>[0] = {}): Promise<{ pbx: FakePbx; port: number }> {
  const pbx = new FakePbx({ loginFailDelayMs: 20, ...opts })
  const { port } = await pbx.listen(0)
  cleanups.push(() => pbx.close())
  return { pbx, port }
}

function adapter (port: number, opts: Partial<AmiAdapterOptions> = {}): { ami: AmiAdapter; log: ReturnType<typeof logSink>; events: AmiEvent[] } {
  const log = logSink()
  const ami = new AmiAdapter({
    url: `ami://screenpop:${SECRET}@127.0.0.1:${port}`,
    logger: log.logger,
    pingIntervalMs: 60_000,
    actionTimeoutMs: 1000,
    reconnectMinMs: 20,
    reconnectMaxMs: 100,
    ...opts
  })
  const events: AmiEvent[] = []
  ami.on('event', e => { events.push(e) })
  cleanups.push(() => ami.stop())
  return { ami, log, events }
}

/** The next emission of `name` (matching `pred`), or a rejection after `timeoutMs`. */
function next<K extends keyof AmiAdapterEvents> (ami: AmiAdapter, name: K, pred: (...a: AmiAdapterEvents[K]) => boolean = () => true, timeoutMs = 3000): Promise<AmiAdapterEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { ami.off(name, listener as never); reject(new Error(`no ${name} within ${timeoutMs} ms`)) }, timeoutMs)
    const listener = (...args: AmiAdapterEvents[K]): void => {
      if (!pred(...args)) return
      clearTimeout(timer)
      ami.off(name, listener as never)
      resolve(args)
    }
    ami.on(name, listener as never)
  })
}

async function until (ok: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await sleep(5)
  }
}

type Reply = (fields: TraceField[], socket: Socket) => void

/**
 * A tiny AMI server that accepts any Login and then answers nothing (a
 * half-dead Asterisk), unless `reply` does. `booted: false` omits FullyBooted.
 */
async function silentPbx ({ booted = true, reply }: { booted?: boolean; reply?: Reply } = {}): Promise<{ port: number; logins: () => number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>()
  let logins = 0
  const server: Server = createServer(socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    socket.setEncoding('utf8')
    const reader = new ActionReader()
    socket.write('Asterisk Call Manager/11.0.0\r\n')
    socket.on('data', (text: string) => {
      for (const fields of reader.push(text)) {
        if (fieldValue(fields, 'Action')?.toLowerCase() !== 'login') {
          reply?.(fields, socket)
          continue
        }
        logins++
        socket.write(formatFrame([['Response', 'Success'], ['ActionID', fieldValue(fields, 'ActionID') ?? ''], ['Message', 'Authentication accepted']])
          + (booted ? formatFrame([['Event', 'FullyBooted'], ['Privilege', 'system,all'], ['Uptime', '7'], ['LastReload', '7'], ['Status', 'Fully Booted']]) : ''))
      }
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => new Promise<void>(resolve => {
    for (const s of sockets) s.destroy()
    server.close(() => resolve())
  }))
  return { port: (server.address() as AddressInfo).port, logins: () => logins, sockets }
}

describe('AmiAdapter login and link', () => {
  it('logs in with its own ActionID and Events mask, announces the session, never logs the secret', async () => {
    const { pbx, port } = await startPbx()
    const { ami, log } = adapter(port)
    const connected = next(ami, 'connected')
    expect(ami.status).toBe('disconnected')
    ami.start()
    expect(ami.status).toBe('connecting')
    const [session] = await connected
    expect(session).toEqual({ epoch: 1, uptimeS: expect.any(Number) })
    expect(ami.status).toBe('connected')
    const login = pbx.received[0]!
    expect(login.action.toLowerCase()).toBe('login')
    expect(fieldValue(login.fields, 'Events')).toBe('system,call,agent')
    expect(fieldValue(login.fields, 'ActionID')).toMatch(/^\d+-\d+$/)
    const pong = await ami.send({ Action: 'Ping' })
    expect(pong).toMatchObject({ response: 'Success', ping: 'Pong' })
    expect(JSON.stringify(log.lines)).not.toContain(SECRET)
    expect(log.lines.some(l => l.ami === `ami://screenpop:***@127.0.0.1:${port}`)).toBe(true)
    pbx.expect(['Login', 'Ping']).verify()
  })

  it('a wrong secret is a coded, logged failure, retried with backoff, never a crash', async () => {
    const { pbx, port } = await startPbx({ secret: 'the-real-one' })
    const { ami, log } = adapter(port)
    const downs: string[] = []
    ami.on('disconnected', info => { downs.push(info.code) })
    ami.start()
    await until(() => ami.stats.loginFailures >= 2)
    expect(downs.slice(0, 2)).toEqual([AmiErrorCode.LoginFailed, AmiErrorCode.LoginFailed])
    expect(log.lines.filter(l => l.code === AmiErrorCode.LoginFailed && l.level === 50).length).toBeGreaterThanOrEqual(2)
    expect(pbx.received.filter(r => r.action.toLowerCase() === 'login').length).toBeGreaterThanOrEqual(2)
    expect(ami.status).not.toBe('connected')
    await expect(ami.send({ Action: 'Ping' })).rejects.toMatchObject({ code: AmiErrorCode.NotConnected })
  })

  it('sends Ping heartbeats while connected', async () => {
    const { pbx, port } = await startPbx()
    const { ami } = adapter(port, { pingIntervalMs: 20 })
    ami.start()
    await until(() => pbx.received.filter(r => r.action === 'Ping').length >= 3)
    expect(ami.status).toBe('connected')
    expect(ami.stats.pingTimeouts).toBe(0)
  })

  it('treats a missing Pong as a dead link: destroys it and logs in again', async () => {
    const silent = await silentPbx()
    const { ami, log } = adapter(silent.port, { pingIntervalMs: 20, pingTimeoutMs: 40 })
    const down = next(ami, 'disconnected')
    ami.start()
    const [info] = await down
    expect(info).toEqual({ code: AmiErrorCode.PingTimeout, reason: 'no Pong within 40 ms' })
    const [session] = await next(ami, 'connected')
    expect(session).toEqual({ epoch: 2, uptimeS: 7 })
    expect(silent.logins()).toBe(2)
    expect(log.codes()).toContain(AmiErrorCode.PingTimeout)
  })

  it('announces the session after ~1 s with uptimeS null when no FullyBooted comes', async () => {
    const silent = await silentPbx({ booted: false })
    // actionTimeoutMs also bounds the Logoff that stop() waits for; this server never answers it.
    const { ami } = adapter(silent.port, { actionTimeoutMs: 100 })
    const t0 = Date.now()
    ami.start()
    const [session] = await next(ami, 'connected')
    expect(session).toEqual({ epoch: 1, uptimeS: null })
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900)
  })

  it('dropConnections → reconnects after a backoff with a fresh parser (no glued frames)', async () => {
    const { pbx, port } = await startPbx()
    const { ami, events, log } = adapter(port, { reconnectMinMs: 50 })
    ami.start()
    await next(ami, 'connected')
    // Half a frame, then the link dies: asterisk-manager 0.2.0 would glue it to the next greeting.
    pbx.sendRaw('Event: Newchannel\r\nPrivilege: call,all\r\nChannel: Local/half')
    await sleep(20)
    const down = next(ami, 'disconnected')
    pbx.dropConnections()
    const [info] = await down
    const downAt = Date.now()
    expect(info.code).toBe(AmiErrorCode.Disconnected)
    const [session] = await next(ami, 'connected')
    expect(Date.now() - downAt).toBeGreaterThanOrEqual(45)
    expect(session.epoch).toBe(2)
    await pbx.play(busyTrace, { speed: 100 })
    await until(() => events.some(e => e.type === 'Hangup'))
    expect(ami.stats.malformedFrames).toBe(0)
    expect(JSON.stringify(events)).not.toContain('half')
    expect(log.codes()).not.toContain(AmiErrorCode.MalformedFrame)
  })

  it('survives a PBX restart: refused connects back off, then a new session with uptime 0', async () => {
    const { pbx, port } = await startPbx()
    const { ami } = adapter(port)
    const codes: string[] = []
    ami.on('disconnected', info => { codes.push(info.code) })
    ami.start()
    await next(ami, 'connected')
    const again = next(ami, 'connected')
    await pbx.restart({ downMs: 200 })
    const [session] = await again
    expect(session).toEqual({ epoch: 2, uptimeS: 0 })
    expect(codes[0]).toBe(AmiErrorCode.Disconnected)
    expect(codes.slice(1)).toContain(AmiErrorCode.ConnectFailed)
    expect(ami.stats.connectAttempts).toBeGreaterThanOrEqual(3)
  })
})

describe('AmiAdapter actions', () => {
  it('aggregates CoreShowChannels and QueueStatus lists during a replay; items never reach the event stream', async () => {
    const clock = new TestClock()
    const { pbx, port } = await startPbx({ clock })
    const { ami, events } = adapter(port)
    // Each frame goes once the adapter has handled the ones before (a Ping answered on the same connection).
    clock.settleBy(async () => { await ami.send({ Action: 'Ping' }) })
    ami.start()
    await next(ami, 'connected')
    // Call B joins the queue (2nd QueueCallerJoin) at +1507 ms while A talks; the next frame is due at +3012 ms.
    clock.holdFor(2000)
    const playing = pbx.play(queueTrace)
    await clock.held()
    expect(events.filter(e => e.type === 'QueueCallerJoin')).toHaveLength(2)
    const [channels, queues] = await Promise.all([
      ami.sendList({ Action: 'CoreShowChannels' }),
      ami.sendList({ Action: 'QueueStatus', Queue: 'support' })
    ])
    expect(channels.response).toMatchObject({ response: 'Success', eventlist: 'start' })
    expect(channels.items.length).toBeGreaterThanOrEqual(5)
    expect(channels.items.every(i => i.type === 'CoreShowChannel')).toBe(true)
    // The channels really exist: born in a Newchannel we saw, not yet hung up.
    const born = new Set(events.flatMap(e => e.type === 'Newchannel' ? [e.channel.uniqueid] : []))
    const dead = new Set(events.flatMap(e => e.type === 'Hangup' ? [e.channel.uniqueid] : []))
    for (const item of channels.items) {
      if (item.type !== 'CoreShowChannel') continue
      expect(born.has(item.channel.uniqueid)).toBe(true)
      expect(dead.has(item.channel.uniqueid)).toBe(false)
    }
    expect(queues.items).toContainEqual(expect.objectContaining({ type: 'QueueEntry', uniqueid: '1795375479.55', position: 1 }))
    expect(events.some(e => e.type === 'CoreShowChannel' || e.type === 'QueueEntry')).toBe(false)
    clock.release()
    await playing
  })

  it('rejects Response: Error with RC_ERR_AMI_ACTION_FAILED carrying the frame', async () => {
    const { port } = await startPbx()
    const { ami } = adapter(port)
    ami.start()
    await next(ami, 'connected')
    await expect(ami.send({ Action: 'NoSuchAction' })).rejects.toMatchObject({
      code: AmiErrorCode.ActionFailed,
      response: expect.objectContaining({ response: 'Error' })
    })
  })

  it('times out unanswered actions and lists, and rejects what is pending when the link drops', async () => {
    const silent = await silentPbx()
    const { ami, log } = adapter(silent.port, { actionTimeoutMs: 60 })
    ami.start()
    await next(ami, 'connected')
    await expect(ami.send({ Action: 'Status' })).rejects.toMatchObject({ code: AmiErrorCode.ActionTimeout })
    await expect(ami.sendList({ Action: 'CoreShowChannels' })).rejects.toMatchObject({ code: AmiErrorCode.ActionTimeout })
    expect(ami.stats.actionTimeouts).toBe(2)
    expect(log.codes()).toContain(AmiErrorCode.ActionTimeout)

    const pending = ami.send({ Action: 'Status' })
    for (const s of silent.sockets) s.destroy()
    await expect(pending).rejects.toMatchObject({ code: AmiErrorCode.Disconnected })
  })

  it('drops the late items of a timed-out list instead of leaking them as live events', async () => {
    const silent = await silentPbx({
      reply: (fields, socket) => {
        const id = fieldValue(fields, 'ActionID') ?? ''
        setTimeout(() => socket.write(
          formatFrame([['Response', 'Success'], ['ActionID', id], ['EventList', 'start'], ['Message', 'Channels will follow']])
          + formatFrame([['Event', 'CoreShowChannel'], ['ActionID', id], ['Channel', 'Local/1@x-1;1'], ['ChannelState', '6'], ['Uniqueid', '1.1']])
          + formatFrame([['Event', 'CoreShowChannelsComplete'], ['ActionID', id], ['EventList', 'Complete'], ['ListItems', '1']])
          + formatFrame([['Event', 'Newchannel'], ['Privilege', 'call,all'], ['Channel', 'Local/2@x-2;1'], ['ChannelState', '0'], ['Uniqueid', '2.2']])), 80)
      }
    })
    const { ami, events } = adapter(silent.port, { actionTimeoutMs: 40 })
    ami.start()
    await next(ami, 'connected')
    await expect(ami.sendList({ Action: 'CoreShowChannels' })).rejects.toMatchObject({ code: AmiErrorCode.ActionTimeout })
    await until(() => events.some(e => e.type === 'Newchannel'))
    expect(events.map(e => e.type)).toEqual(['FullyBooted', 'Newchannel'])
    expect(ami.stats.malformedFrames).toBe(0)
  })

  it('refuses CR/LF in action values before anything reaches the socket', async () => {
    const { pbx, port } = await startPbx()
    const { ami } = adapter(port)
    await expect(ami.send({ Action: 'UserEvent', UserEvent: 'x' })).rejects.toMatchObject({ code: AmiErrorCode.NotConnected })
    ami.start()
    await next(ami, 'connected')
    await expect(ami.send({ Action: 'UserEvent', UserEvent: 'n', Data: 'a\r\n\r\nAction: Command\r\nCommand: core stop now' }))
      .rejects.toMatchObject({ code: AmiErrorCode.BadActionValue })
    await expect(ami.sendList({ Action: 'Status', Channel: 'x\ny' })).rejects.toMatchObject({ code: AmiErrorCode.BadActionValue })
    await ami.send({ Action: 'Ping' })
    expect(pbx.received.map(r => r.action)).toEqual(['login', 'Ping'])
  })
})

describe('AmiAdapter robustness', () => {
  it('logs, counts and skips malformed frames, survives frames split at odd TCP boundaries', async () => {
    const { pbx, port } = await startPbx()
    const { ami, events, log } = adapter(port)
    ami.start()
    await next(ami, 'connected')
    pbx.sendRaw('Event: Hangup\r\nPrivilege: call,all\r\nChannel: Local/1@x-1;1\r\nCause: 16\r\n\r\n') // no Uniqueid
    pbx.sendRaw('garbage without a colon\r\nmore garbage\r\n\r\n')
    // What kills or confuses asterisk-manager's own dispatcher: a repeated UserEvent header, an event named like a socket event.
    pbx.sendRaw('Event: UserEvent\r\nUserEvent: a\r\nUserEvent: b\r\n\r\nEvent: close\r\n\r\n')
    const chunks = ['Event: Newch', 'annel\r', '\nPrivilege: call,all\r\nChannel: Local/1@x-2;1\r', '\nChannelState: 0\r\nUniqueid: 17',
      '95.1\r\nLinkedid: 1795.1\r\n', '\r', '\n']
    for (const chunk of chunks) {
      pbx.sendRaw(chunk)
      await sleep(3)
    }
    await until(() => events.some(e => e.type === 'Newchannel'))
    const nc = events.find(e => e.type === 'Newchannel')
    expect(nc).toMatchObject({ channel: { uniqueid: '1795.1', channel: 'Local/1@x-2;1' } })
    expect(events.filter(e => e.type === 'Other').map(e => e.type === 'Other' ? e.name : '')).toEqual(['UserEvent', 'close'])
    expect(ami.stats.malformedFrames).toBe(2)
    expect(log.lines.filter(l => l.code === AmiErrorCode.MalformedFrame && l.level === 40)).toHaveLength(2)
    expect(ami.status).toBe('connected')
    await expect(ami.send({ Action: 'Ping' })).resolves.toMatchObject({ ping: 'Pong' })
  })

  it('a throwing or rejecting listener is logged and counted; other listeners and the process carry on', async () => {
    const { pbx, port } = await startPbx()
    const { ami, events, log } = adapter(port)
    ami.on('event', () => { throw new Error('consumer bug') })
    ami.on('event', async () => { throw new Error('async consumer bug') })
    const seen: AmiEvent[] = []
    ami.on('event', e => { seen.push(e) })
    ami.on('connected', () => { throw new Error('connected handler bug') })
    ami.start()
    await until(() => ami.status === 'connected')
    await pbx.play(busyTrace, { speed: 100 })
    await until(() => seen.some(e => e.type === 'Hangup'))
    // Answered after the replayed frames: every listener has run on every event, rejections included.
    await ami.send({ Action: 'Ping' })
    expect(seen).toEqual(events)
    expect(ami.stats.listenerErrors).toBeGreaterThanOrEqual(1 + 2 * seen.length)
    expect(log.codes()).toContain(AmiErrorCode.ListenerFailed)
    expect(ami.status).toBe('connected')
  })

  it('stop() logs off, cancels every timer and socket, and never reconnects', async () => {
    const { pbx, port } = await startPbx()
    const before = process.getActiveResourcesInfo()
    const count = (list: string[], kind: string): number => list.filter(k => k === kind).length
    const { ami } = adapter(port, { pingIntervalMs: 30 })
    const downs: string[] = []
    ami.on('disconnected', info => { downs.push(info.reason) })
    ami.start()
    await next(ami, 'connected')
    await until(() => pbx.received.some(r => r.action === 'Ping'))
    await ami.stop()
    // Our end is closed once stop() resolves; the PBX's end of the connection closes on the FIN.
    await until(() => pbx.connectionCount === 0)
    const after = process.getActiveResourcesInfo()
    expect(count(after, 'Timeout')).toBeLessThanOrEqual(count(before, 'Timeout'))
    expect(count(after, 'TCPSocketWrap')).toBeLessThanOrEqual(count(before, 'TCPSocketWrap'))
    expect(ami.status).toBe('disconnected')
    expect(downs).toEqual(['stopped'])
    await sleep(150)
    expect(pbx.received.filter(r => r.action.toLowerCase() === 'login')).toHaveLength(1)
    pbx.expect(['Login', 'Ping', 'Logoff']).verify()
  })

  it('stop() during an outage cancels the pending reconnect', async () => {
    const { pbx, port } = await startPbx()
    await pbx.close()
    const { ami } = adapter(port, { reconnectMinMs: 30 })
    ami.start()
    await until(() => ami.stats.connectAttempts >= 2)
    await ami.stop()
    const attempts = ami.stats.connectAttempts
    await sleep(150)
    expect(ami.stats.connectAttempts).toBe(attempts)
  })
})
