import { readdirSync } from 'node:fs'
import { connect } from 'node:net'
import type { Socket } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { FakePbx } from '../../agent/fake-pbx/fake-pbx.js'
import { fieldValue, formatFrame, loadTrace, replayableFrames, rewriteFields } from '../../agent/fake-pbx/trace.js'
import type { Trace, TraceField } from '../../agent/fake-pbx/trace.js'
import { TestClock } from '../support/test-clock.js'

const dir = fileURLToPath(new URL('../fixtures/ami/', import.meta.url))
const traceFiles = readdirSync(dir).filter(f => f.endsWith('.jsonl') && !f.endsWith('.sent.jsonl') && !f.includes('timeline')).sort()
const traces = new Map<string, Trace>()
beforeAll(async () => {
  for (const f of traceFiles) {
    const t = await loadTrace(dir + f)
    traces.set(t.name, t)
  }
})
const trace = (name: string): Trace => {
  const t = traces.get(name)
  if (t === undefined) throw new Error(`no fixture ${name}`)
  return t
}

/** A deliberately dumb AMI client: raw socket, the trace README's parsing rule, nothing from agent/telephony/ami. */
class RawClient {
  readonly frames: TraceField[][] = []
  banner: string | null = null
  closed = false
  #buf = ''
  #pings = 0
  #waiters: Array<() => void> = []

  private constructor (readonly socket: Socket) {
    socket.setEncoding('utf8')
    socket.on('data', (text: string) => this.#feed(text))
    socket.on('close', () => { this.closed = true; this.#wake() })
  }

  static async open (port: number): Promise<RawClient> {
    const socket = connect(port, '127.0.0.1')
    await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject) })
    return new RawClient(socket)
  }

  send (...fields: TraceField[]): void {
    this.socket.write(formatFrame(fields))
  }

  async login (extra: TraceField[] = []): Promise<void> {
    this.send(['Action', 'Login'], ['ActionID', 'L'], ['Username', 'screenpop'], ['Secret', 'screenpop-secret'], ['Events', 'on'], ...extra)
    await this.until(() => this.frames.some(f => fieldValue(f, 'ActionID') === 'L'))
  }

  /**
   * Sends a Ping and waits for its answer. The server answers on the same
   * connection, in order, so everything it sent before has then arrived.
   */
  async ping (): Promise<void> {
    const id = `sync-${++this.#pings}`
    this.send(['Action', 'Ping'], ['ActionID', id])
    await this.until(() => this.frames.some(f => fieldValue(f, 'ActionID') === id))
  }

  events (): TraceField[][] {
    return this.frames.filter(f => fieldValue(f, 'Event') !== undefined && fieldValue(f, 'ActionID') === undefined)
  }

  async until (ok: () => boolean, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!ok()) {
      if (Date.now() > deadline) throw new Error('RawClient: condition not met in time')
      await new Promise<void>(resolve => {
        this.#waiters.push(resolve)
        setTimeout(resolve, 20)
      })
    }
  }

  close (): void {
    this.socket.destroy()
  }

  #feed (text: string): void {
    this.#buf += text
    let end: number
    while ((end = this.#buf.indexOf('\r\n\r\n')) >= 0 || (this.banner === null && this.#buf.includes('\r\n'))) {
      if (this.banner === null) {
        const nl = this.#buf.indexOf('\r\n')
        this.banner = this.#buf.slice(0, nl)
        this.#buf = this.#buf.slice(nl + 2)
        continue
      }
      const block = this.#buf.slice(0, end)
      this.#buf = this.#buf.slice(end + 4)
      this.frames.push(block.split('\r\n').map((line): TraceField => {
        const c = line.indexOf(':')
        return c < 0 ? [line, null] : [line.slice(0, c), line.slice(c + 1).replace(/^ /, '')]
      }))
    }
    this.#wake()
  }

  #wake (): void {
    for (const w of this.#waiters.splice(0)) w()
  }
}

let pbx: FakePbx | undefined
const clients: RawClient[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.close()
  await pbx?.close()
  pbx = undefined
})

async function startPbx (opts: ConstructorParameters<typeof FakePbx>[0] = {}): Promise<{ pbx: FakePbx; port: number }> {
  pbx = new FakePbx({ loginFailDelayMs: 30, ...opts })
  const { port } = await pbx.listen(0)
  return { pbx, port }
}

/** A fake PBX on a {@link TestClock}; with no settle function set, its replays go on at once. */
async function startClockedPbx (): Promise<{ pbx: FakePbx; port: number; clock: TestClock }> {
  const clock = new TestClock()
  return { ...await startPbx({ clock }), clock }
}

/** A logged-in-able client whose reading paces the clock's replays (a Ping round trip per step). */
async function pacingClient (port: number, clock: TestClock): Promise<RawClient> {
  const c = await client(port)
  clock.settleBy(async () => { await c.ping() })
  return c
}

async function client (port: number): Promise<RawClient> {
  const c = await RawClient.open(port)
  clients.push(c)
  return c
}

const REWRITE = { '+4915112345678': '+4930000001' }

describe('fake PBX replay over TCP', () => {
  it.each(traceFiles.map(f => f.replace(/\.jsonl$/, '')))('%s: the client gets every replayable event, in order, rewritten', async (name) => {
    const { pbx, port, clock } = await startClockedPbx()
    const c = await pacingClient(port, clock)
    expect(c.banner).toBe(null)
    await c.login()
    expect(c.banner).toBe('Asterisk Call Manager/11.0.0')
    const expected = replayableFrames(trace(name)).map(f => rewriteFields(f.fields, REWRITE))
    // Resolves once the client has read the last frame.
    await pbx.play(trace(name), { rewrite: REWRITE })
    // The login's own FullyBooted is not part of the replay.
    const replayed = (): TraceField[][] => c.events().slice(1)
    expect(replayed()).toEqual(expected)
    expect(JSON.stringify(replayed())).not.toContain('+4915112345678')
  })

  it('answers CoreShowChannels and QueueStatus with the live state at that moment', async () => {
    const { pbx, port, clock } = await startClockedPbx()
    const c = await pacingClient(port, clock)
    await c.login()
    const t = trace('10-queue-member-state')
    // Call B joins the queue (2nd QueueCallerJoin) at +1507 ms while A talks; the next frame is due at +3012 ms.
    clock.holdFor(2000)
    const playing = pbx.play(t)
    await clock.held()
    expect(c.events().filter(f => fieldValue(f, 'Event') === 'QueueCallerJoin')).toHaveLength(2)
    c.send(['Action', 'CoreShowChannels'], ['actionid', 'csc'])
    c.send(['Action', 'QueueStatus'], ['ActionID', 'qs'])
    await c.until(() => c.frames.some(f => fieldValue(f, 'Event') === 'QueueStatusComplete'))
    const csc = c.frames.filter(f => fieldValue(f, 'ActionID') === 'csc')
    expect(csc[0]).toEqual([['Response', 'Success'], ['ActionID', 'csc'], ['EventList', 'start'], ['Message', 'Channels will follow']])
    const items = csc.filter(f => fieldValue(f, 'Event') === 'CoreShowChannel')
    expect(items.length).toBe(pbx.channelCount)
    expect(items.length).toBeGreaterThanOrEqual(5)
    expect(fieldValue(csc.at(-1)!, 'ListItems')).toBe(String(items.length))
    expect(items.map(f => fieldValue(f, 'Uniqueid'))).toContain('1795375479.55')
    const entry = c.frames.find(f => fieldValue(f, 'Event') === 'QueueEntry')
    expect(entry).toBeDefined()
    expect(fieldValue(entry!, 'Uniqueid')).toBe('1795375479.55')
    expect(fieldValue(entry!, 'Queue')).toBe('support')
    expect(fieldValue(entry!, 'Position')).toBe('1')
    clock.release()
    await playing
    c.send(['Action', 'CoreShowChannels'], ['ActionID', 'after'])
    await c.until(() => c.frames.some(f => fieldValue(f, 'ActionID') === 'after' && fieldValue(f, 'EventList') === 'Complete'))
    expect(pbx.channelCount).toBe(0)
  })

  it('keeps its timeline while nobody is connected, like a real PBX', async () => {
    const { pbx, port } = await startClockedPbx()
    await pbx.play(trace('01-inbound-answered'))
    const c = await client(port)
    await c.login()
    // Anything sent before the Pong has arrived by then.
    await c.ping()
    expect(c.events().map(f => fieldValue(f, 'Event'))).toEqual(['FullyBooted'])
  })

  it('filters replayed events by the login Events mask', async () => {
    const { pbx, port, clock } = await startClockedPbx()
    const c = await pacingClient(port, clock)
    c.send(['Action', 'Login'], ['ActionID', 'L'], ['Username', 'screenpop'], ['Secret', 'screenpop-secret'], ['Events', 'call'])
    await c.until(() => c.frames.length > 0)
    // Resolves once the client has read everything the replay sent it.
    await pbx.play(trace('04-inbound-busy'))
    expect(c.events().length).toBeGreaterThan(0)
    const privileges = new Set(c.events().map(f => fieldValue(f, 'Privilege')))
    expect([...privileges]).toEqual(['call,all'])
  })
})

describe('fake PBX actions', () => {
  it('speaks Login, Ping (any ActionID case, CRLF or bare LF), unknown actions and Logoff', async () => {
    const { pbx, port } = await startPbx()
    const c = await client(port)
    c.socket.write('Action: Ping\nActionID: early\n\n')
    await c.until(() => c.frames.length === 1)
    expect(c.frames[0]).toEqual([['Response', 'Error'], ['ActionID', 'early'], ['Message', 'Permission denied']])
    await c.login()
    expect(c.frames.find(f => fieldValue(f, 'Event') === 'FullyBooted')).toBeDefined()
    c.socket.write('action: ping\nactionid: p1\n\n')
    c.send(['Action', 'NoSuchAction'], ['ActionID', 'x'])
    c.send(['Action', 'Logoff'], ['ActionID', 'bye'])
    await c.until(() => c.closed)
    const byId = (id: string): TraceField[] | undefined => c.frames.find(f => fieldValue(f, 'ActionID') === id)
    expect(byId('p1')?.slice(0, 3)).toEqual([['Response', 'Success'], ['ActionID', 'p1'], ['Ping', 'Pong']])
    expect(fieldValue(byId('p1')!, 'Timestamp')).toMatch(/^\d+\.\d{6}$/)
    expect(fieldValue(byId('x')!, 'Message')).toMatch(/^Invalid\/unknown command: NoSuchAction/)
    expect(byId('bye')).toEqual([['Response', 'Goodbye'], ['ActionID', 'bye'], ['Message', 'Thanks for all the fish.']])
    expect(pbx.received.map(r => r.action)).toEqual(['Ping', 'Login', 'ping', 'NoSuchAction', 'Logoff'])
    expect(pbx.received[1]!.fields).toContainEqual(['Secret', '***'])
    expect(() => pbx.verify()).toThrow(/unknown action\(s\) received: NoSuchAction/)
  })

  it('answers a wrong secret with Authentication failed after the delay, then closes', async () => {
    const { pbx, port } = await startPbx({ loginFailDelayMs: 80 })
    const c = await client(port)
    const t0 = Date.now()
    c.send(['Action', 'Login'], ['ActionID', 'L'], ['Username', 'screenpop'], ['Secret', 'wrong'])
    await c.until(() => c.closed)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(70)
    expect(c.frames).toEqual([[['Response', 'Error'], ['ActionID', 'L'], ['Message', 'Authentication failed']]])
    await expect(pbx.waitForLogin(1, 50)).rejects.toThrow(/login #1 did not happen/)
  })

  it('verify() fails loudly, naming the scripted actions that never happened', async () => {
    const { pbx, port } = await startPbx()
    pbx.expect(['Login', 'CoreShowChannels'])
    expect(() => pbx.verify()).toThrow('fake PBX: expected action(s) never received: Login, CoreShowChannels; received: nothing')
    const c = await client(port)
    await c.login()
    expect(() => pbx.verify()).toThrow('expected action(s) never received: CoreShowChannels')
    c.send(['Action', 'CoreShowChannels'], ['ActionID', 'c'])
    await c.until(() => c.frames.some(f => fieldValue(f, 'EventList') === 'Complete'))
    expect(() => pbx.verify()).not.toThrow()
  })

  it('restart() refuses connections while down, then comes back on the same port with Uptime 0', async () => {
    const { pbx, port } = await startPbx()
    const c = await client(port)
    await c.login()
    const restarting = pbx.restart({ downMs: 150 })
    await c.until(() => c.closed)
    await expect(RawClient.open(port)).rejects.toThrow(/ECONNREFUSED/)
    await restarting
    expect(pbx.address().port).toBe(port)
    const c2 = await client(port)
    await c2.login()
    const booted = c2.frames.find(f => fieldValue(f, 'Event') === 'FullyBooted')!
    expect(fieldValue(booted, 'Uptime')).toBe('0')
    await pbx.waitForLogin(2, 100)
  })

  it('dropConnections() and sendRaw() act on live sockets only', async () => {
    const { pbx, port } = await startPbx()
    const c = await client(port)
    await c.login()
    expect(pbx.sendRaw('Event: Junk\r\n\r\n')).toBe(1)
    await c.until(() => c.frames.some(f => fieldValue(f, 'Event') === 'Junk'))
    pbx.dropConnections()
    await c.until(() => c.closed)
    expect(pbx.sendRaw('x')).toBe(0)
  })

  it('loops traces for the demo, each with its own rewrite', async () => {
    const { port } = await startPbx({
      loop: { items: [{ trace: trace('04-inbound-busy'), rewrite: { '+4915112345678': '+4930111' } }], pauseMs: 10, speed: 200 }
    })
    const c = await client(port)
    await c.login()
    const hangups = (): number => c.events().filter(f => fieldValue(f, 'Event') === 'Hangup').length
    const perRun = replayableFrames(trace('04-inbound-busy')).filter(f => fieldValue(f.fields, 'Event') === 'Hangup').length
    await c.until(() => hangups() >= perRun * 2, 5000)
    expect(JSON.stringify(c.events())).toContain('+4930111')
    expect(JSON.stringify(c.events())).not.toContain('+4915112345678')
  })
})
