/**
 * A real TCP server that speaks AMI like Asterisk 22 and replays recorded
 * traces on a timeline of its own, independent of who is connected. Used by
 * tests, by demo mode and by `npm run fake-pbx`. It fails loudly: `verify()`
 * names every scripted action that never arrived and every unknown one.
 *
 * **Time.** Replays run on a {@link ReplayClock}. With the default
 * {@link realClock} a frame recorded at `t_ms` goes out `t_ms / speed` after
 * the replay's first frame, in wall time. Tests pass a test clock instead
 * (`test/support/test-clock.ts`), which makes the replay deterministic and
 * as fast as the client:
 *
 * ```
 * for each distinct recorded time t (the frames recorded at t form one write):
 *   clock.until(start + t / speed)
 *     1. settle: wait until the client has handled every frame sent so far
 *        (the agent harness sends an AMI Ping over the same TCP connection
 *        and awaits the Pong, which Asterisk, and this server, answer in
 *        order, then awaits the pipeline's settled())
 *     2. hold: if the test set a hold point before this time, wait for release()
 *     3. set the clock to start + t / speed
 *   write the batch to every logged-in client (real TCP, real AMI adapter)
 * ```
 * The client reads the same clock, so every event it handles sees exactly the
 * frame's recorded time: ring, talk and wait durations equal the recorded
 * ones. The clock never advances while a frame is unhandled, and nothing is
 * sent while the clock is behind, so the order of events and clock readings
 * is the same on every run. Restart and close abort a waiting replay. The
 * login-failure delay, restart downtime and demo-loop pauses stay in wall
 * time: they pace the client's own (real) reconnect timers.
 */
import { createServer } from 'node:net'
import type { AddressInfo, Server, Socket } from 'node:net'
import { pino } from 'pino'
import type { Logger } from 'pino'
import { ActionLog } from './action-log.js'
import type { ReceivedAction } from './action-log.js'
import { ActionReader } from './action-reader.js'
import { PbxState } from './pbx-state.js'
import { realClock } from './replay-clock.js'
import type { ReplayClock } from './replay-clock.js'
import { fieldValue, formatFrame, maxIdSequence, renumberIds, replayableFrames, rewriteFields } from './trace.js'
import type { Trace, TraceField } from './trace.js'

/** One trace of a demo loop, with its own number rewrite. */
export interface FakePbxLoopItem {
  readonly trace: Trace
  readonly rewrite?: Readonly<Record<string, string>>
}

/** Demo mode: replay `items` forever, `pauseMs` (default 3000) between them. */
export interface FakePbxLoop {
  readonly items: readonly FakePbxLoopItem[]
  readonly pauseMs?: number
  readonly speed?: number
}

/** Options of {@link FakePbx}. */
export interface FakePbxOptions {
  /** AMI user. Default `screenpop`. */
  user?: string
  /** AMI secret. Default `screenpop-secret`. */
  secret?: string
  /** Delay before `Authentication failed` (Asterisk sleeps 1 s). Default 1000. */
  loginFailDelayMs?: number
  /** Greeting line. Default `Asterisk Call Manager/11.0.0`. */
  banner?: string
  logger?: Logger
  /** What replays, uptime, CoreStatus, Duration and Wait run on. Default {@link realClock}. */
  clock?: ReplayClock
  /** Started by {@link FakePbx.listen}. */
  loop?: FakePbxLoop
}

/** How {@link FakePbx.play} replays a trace. */
export interface PlayOptions {
  /** Time compression: 10 plays a 5 s trace in 0.5 s of clock time. Default 1. */
  speed?: number
  /** Number → number, applied to every value that equals or contains the key. */
  rewrite?: Readonly<Record<string, string>>
}

interface Conn {
  readonly id: number
  readonly socket: Socket
  readonly reader: ActionReader
  loggedIn: boolean
  mask: 'all' | 'none' | ReadonlySet<string>
}

/** A wall-time wait (restart downtime, demo-loop pause); woken early by close. */
interface Sleeper {
  readonly timer: NodeJS.Timeout
  readonly wake: () => void
}

function parseMask (value: string | undefined): Conn['mask'] {
  const v = (value ?? 'on').trim().toLowerCase()
  if (v === 'on' || v === 'yes' || v === 'true' || v === 'all') return 'all'
  if (v === 'off' || v === 'no' || v === 'false' || v === '') return 'none'
  return new Set(v.split(',').map(s => s.trim()))
}

function wants (mask: Conn['mask'], privilege: string | undefined): boolean {
  if (mask === 'all') return true
  if (mask === 'none') return false
  if (privilege === undefined) return true
  return privilege.split(',').some(c => c !== 'all' && mask.has(c.trim()))
}

/** The fake Asterisk. Call {@link listen}, then {@link play} traces; {@link close} when done. */
export class FakePbx {
  readonly #opts: Required<Omit<FakePbxOptions, 'logger' | 'loop' | 'clock'>>
  readonly #clock: ReplayClock
  readonly #log: Logger
  readonly #loop: FakePbxLoop | undefined
  readonly #state: PbxState
  readonly #server: Server
  readonly #conns = new Set<Conn>()
  readonly #actions = new ActionLog()
  readonly #timers = new Set<NodeJS.Timeout>()
  readonly #sleepers = new Set<Sleeper>()
  readonly #loginWaiters = new Set<{ count: number; resolve: () => void; reject: (err: Error) => void }>()
  #logins = 0
  #connSeq = 0
  #port = 0
  #bootAt: number
  /** Aborted by restart/close: plays started under it stop. */
  #timeline = new AbortController()
  /** Next Uniqueid sequence number; restarts at 0 with the PBX, like Asterisk's. */
  #nextIdSeq = 0
  #listening = false
  #closed = false

  constructor (opts: FakePbxOptions = {}) {
    this.#opts = {
      user: opts.user ?? 'screenpop',
      secret: opts.secret ?? 'screenpop-secret',
      loginFailDelayMs: opts.loginFailDelayMs ?? 1000,
      banner: opts.banner ?? 'Asterisk Call Manager/11.0.0'
    }
    this.#clock = opts.clock ?? realClock
    this.#log = opts.logger ?? pino({ level: 'silent' })
    this.#loop = opts.loop
    this.#state = new PbxState(() => this.#clock.now())
    this.#bootAt = this.#clock.now()
    this.#server = createServer(socket => this.#accept(socket))
  }

  /** Listens on 127.0.0.1 (`port` 0 picks a free one) and starts the demo loop, if any. */
  async listen (port = 0): Promise<AddressInfo> {
    await this.#bind(port)
    if (this.#loop !== undefined) {
      this.#runLoop(this.#loop).catch((err: unknown) => this.#log.error({ err }, 'fake PBX demo loop stopped'))
    }
    return this.address()
  }

  /** The bound address; stable across {@link restart}. */
  address (): AddressInfo {
    return { address: '127.0.0.1', family: 'IPv4', port: this.#port }
  }

  /** Every action received so far, in arrival order. */
  get received (): readonly ReceivedAction[] {
    return this.#actions.received
  }

  /** The clock replays run on. */
  get clock (): ReplayClock {
    return this.#clock
  }

  /** Open client connections, logged in or not. */
  get connectionCount (): number {
    return this.#conns.size
  }

  /** Live channels right now (what CoreShowChannels would list). */
  get channelCount (): number {
    return this.#state.channelCount
  }

  /**
   * Replays a trace's events at `t_ms / speed` (from its first event) on the
   * clock, to every logged-in client whose event mask wants them, updating
   * the live state. Frames whose time has come go out in one write.
   * Resolves when done (with a test clock: once the client has handled the
   * last frame), or early when {@link restart} or {@link close} stops the timeline.
   */
  async play (trace: Trace, options: PlayOptions = {}): Promise<void> {
    const speed = options.speed ?? 1
    if (!(speed > 0)) throw new Error('play speed must be > 0')
    const frames = replayableFrames(trace)
    const first = frames[0]
    if (first === undefined) return
    const stop = this.#timeline.signal
    // Each replay continues the PBX's Uniqueid counter, so replays are distinct calls.
    const idOffset = this.#nextIdSeq
    this.#nextIdSeq += maxIdSequence(frames) + 1
    const timeline = await this.#clock.replay()
    let completed = false
    try {
      this.#log.info({ trace: trace.name, frames: frames.length, speed }, 'fake PBX replay started')
      let i = 0
      while (i < frames.length) {
        await timeline.until(timeline.start + (frames[i]!.tMs - first.tMs) / speed, stop)
        if (stop.aborted || this.#closed) return
        const elapsed = (this.#clock.now() - timeline.start) * speed + first.tMs
        const batch: TraceField[][] = []
        // The frame waited for always goes, even if rounding puts `elapsed` a hair before it.
        do {
          const fields = renumberIds(frames[i]!.fields, idOffset)
          batch.push(options.rewrite === undefined ? fields : rewriteFields(fields, options.rewrite))
          i++
        } while (i < frames.length && frames[i]!.tMs <= Math.max(elapsed, frames[i - 1]!.tMs))
        this.#broadcast(batch)
      }
      completed = true
      this.#log.info({ trace: trace.name }, 'fake PBX replay done')
    } finally {
      await timeline.end(completed)
    }
  }

  /** Destroys every client socket mid-stream; the server keeps listening and the timeline keeps running. */
  dropConnections (): void {
    for (const conn of this.#conns) conn.socket.destroy()
    this.#conns.clear()
  }

  /**
   * Simulates an Asterisk restart: stops running replays, drops clients,
   * refuses connections for `downMs`, forgets all channels and queue state,
   * resets uptime, then listens again on the same port.
   */
  async restart ({ downMs = 100 }: { downMs?: number } = {}): Promise<void> {
    this.#stopTimeline()
    this.dropConnections()
    await new Promise<void>(resolve => this.#server.close(() => resolve()))
    this.#listening = false
    this.#state.reset()
    this.#nextIdSeq = 0
    await this.#sleep(downMs)
    if (this.#closed) return
    this.#bootAt = this.#clock.now()
    await this.#bind(this.#port)
  }

  /** Writes raw bytes to every connected client (malformed-frame tests). Returns how many got them. */
  sendRaw (bytes: string | Uint8Array): number {
    for (const conn of this.#conns) conn.socket.write(bytes)
    return this.#conns.size
  }

  /** Resolves once `count` logins in total have succeeded (race-free: earlier logins count). */
  async waitForLogin (count = 1, timeoutMs = 5000): Promise<void> {
    if (this.#logins >= count) return
    await new Promise<void>((resolve, reject) => {
      const waiter = {
        count,
        resolve: () => { clearTimeout(timer); resolve() },
        reject: (err: Error) => { clearTimeout(timer); reject(err) }
      }
      const timer = setTimeout(() => {
        this.#loginWaiters.delete(waiter)
        reject(new Error(`fake PBX: login #${count} did not happen within ${timeoutMs} ms (${this.#logins} so far)`))
      }, timeoutMs)
      this.#loginWaiters.add(waiter)
    })
  }

  /** Scripts actions that must arrive, in this order (other actions may come in between). */
  expect (actions: readonly string[]): this {
    this.#actions.expect(actions)
    return this
  }

  /** @throws Error naming every expected action that never arrived and every unknown action received. */
  verify (): void {
    this.#actions.verify()
  }

  /** Stops replays and timers, drops clients and closes the listener. */
  async close (): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#stopTimeline()
    for (const sleeper of [...this.#sleepers]) sleeper.wake()
    for (const timer of this.#timers) clearTimeout(timer)
    this.#timers.clear()
    for (const waiter of this.#loginWaiters) waiter.reject(new Error('fake PBX closed before the login'))
    this.#loginWaiters.clear()
    this.dropConnections()
    if (this.#listening) await new Promise<void>(resolve => this.#server.close(() => resolve()))
    this.#listening = false
  }

  async #bind (port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => reject(err)
      this.#server.once('error', onError)
      this.#server.listen({ port, host: '127.0.0.1' }, () => {
        this.#server.off('error', onError)
        resolve()
      })
    })
    this.#listening = true
    this.#port = (this.#server.address() as AddressInfo).port
    this.#log.info({ port: this.#port }, 'fake PBX listening')
  }

  async #runLoop (loop: FakePbxLoop): Promise<void> {
    while (!this.#closed && loop.items.length > 0) {
      for (const item of loop.items) {
        if (this.#closed) return
        await this.play(item.trace, { speed: loop.speed ?? 1, ...(item.rewrite === undefined ? {} : { rewrite: item.rewrite }) })
        if (this.#closed) return
        await this.#sleep(loop.pauseMs ?? 3000)
      }
    }
  }

  #accept (socket: Socket): void {
    if (this.#closed) {
      socket.destroy()
      return
    }
    const conn: Conn = { id: ++this.#connSeq, socket, reader: new ActionReader(), loggedIn: false, mask: 'all' }
    this.#conns.add(conn)
    socket.setNoDelay(true)
    socket.setEncoding('utf8')
    socket.on('error', (err) => this.#log.debug({ conn: conn.id, err: err.message }, 'fake PBX client socket error'))
    socket.on('close', () => this.#conns.delete(conn))
    socket.on('data', (text: string) => {
      try {
        for (const fields of conn.reader.push(text)) this.#onAction(conn, fields)
      } catch (err) {
        this.#log.warn({ conn: conn.id, err }, 'fake PBX dropped a client')
        socket.destroy()
      }
    })
    socket.write(`${this.#opts.banner}\r\n`)
  }

  #onAction (conn: Conn, fields: TraceField[]): void {
    const action = fieldValue(fields, 'Action') ?? ''
    const actionId = fieldValue(fields, 'ActionID')
    const verb = action.toLowerCase()
    const entry = this.#actions.record(conn.id, fields, action)
    this.#log.debug({ conn: conn.id, action }, 'fake PBX action')
    const resp = (kind: string, ...rest: TraceField[]): TraceField[] =>
      [['Response', kind], ...(actionId === undefined ? [] : [['ActionID', actionId] as const]), ...rest]
    const send = (...frames: TraceField[][]): void => { conn.socket.write(frames.map(formatFrame).join('')) }

    if (verb === '') {
      entry.markUnknown()
      return send(resp('Error', ['Message', 'Missing action in request']))
    }
    if (verb === 'login') return this.#login(conn, fields, resp, send)
    if (!conn.loggedIn && verb !== 'logoff') return send(resp('Error', ['Message', 'Permission denied']))
    switch (verb) {
      case 'ping': {
        const ms = Date.now()
        return send(resp('Success', ['Ping', 'Pong'], ['Timestamp', `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000).padStart(6, '0')}`]))
      }
      case 'events':
        conn.mask = parseMask(fieldValue(fields, 'EventMask'))
        return send(resp('Success', ['Events', conn.mask === 'none' ? 'Off' : 'On']))
      case 'logoff':
        send(resp('Goodbye', ['Message', 'Thanks for all the fish.']))
        conn.socket.end()
        return
      case 'coreshowchannels': {
        const items = this.#state.coreShowChannels(actionId)
        return send(resp('Success', ['EventList', 'start'], ['Message', 'Channels will follow']), ...items,
          this.#complete('CoreShowChannelsComplete', actionId, items.length))
      }
      case 'corestatus': {
        const boot = new Date(this.#bootAt)
        const two = (n: number): string => String(n).padStart(2, '0')
        return send(resp('Success',
          ['CoreStartupDate', `${boot.getFullYear()}-${two(boot.getMonth() + 1)}-${two(boot.getDate())}`],
          ['CoreStartupTime', `${two(boot.getHours())}:${two(boot.getMinutes())}:${two(boot.getSeconds())}`],
          ['CoreReloadDate', `${boot.getFullYear()}-${two(boot.getMonth() + 1)}-${two(boot.getDate())}`],
          ['CoreReloadTime', `${two(boot.getHours())}:${two(boot.getMinutes())}:${two(boot.getSeconds())}`],
          ['CoreCurrentCalls', String(this.#state.channelCount)]))
      }
      case 'queuestatus': {
        const items = this.#state.queueStatus(actionId, fieldValue(fields, 'Queue'))
        return send(resp('Success', ['EventList', 'start'], ['Message', 'Queue status will follow']), ...items,
          this.#complete('QueueStatusComplete', actionId, items.length))
      }
      default:
        entry.markUnknown()
        this.#log.warn({ conn: conn.id, action }, 'fake PBX got an unknown action')
        return send(resp('Error', ['Message', `Invalid/unknown command: ${action}. Use Action: ListCommands to show available commands.`]))
    }
  }

  #login (conn: Conn, fields: TraceField[], resp: (kind: string, ...rest: TraceField[]) => TraceField[], send: (...frames: TraceField[][]) => void): void {
    if (conn.loggedIn) return send(resp('Success', ['Message', 'Already authenticated']))
    const ok = fieldValue(fields, 'Username') === this.#opts.user && fieldValue(fields, 'Secret') === this.#opts.secret
    if (!ok) {
      this.#later(this.#opts.loginFailDelayMs, () => {
        if (conn.socket.destroyed) return
        send(resp('Error', ['Message', 'Authentication failed']))
        conn.socket.end()
      })
      return
    }
    conn.loggedIn = true
    conn.mask = parseMask(fieldValue(fields, 'Events'))
    const frames = [resp('Success', ['Message', 'Authentication accepted'])]
    if (wants(conn.mask, 'system,all')) {
      const uptime = String(Math.floor((this.#clock.now() - this.#bootAt) / 1000))
      frames.push([['Event', 'FullyBooted'], ['Privilege', 'system,all'], ['Uptime', uptime], ['LastReload', uptime], ['Status', 'Fully Booted']])
    }
    send(...frames)
    this.#logins++
    for (const waiter of this.#loginWaiters) {
      if (this.#logins < waiter.count) continue
      this.#loginWaiters.delete(waiter)
      waiter.resolve()
    }
  }

  #complete (event: string, actionId: string | undefined, count: number): TraceField[] {
    return [['Event', event], ...(actionId === undefined ? [] : [['ActionID', actionId] as const]),
      ['EventList', 'Complete'], ['ListItems', String(count)]]
  }

  #broadcast (frames: TraceField[][]): void {
    for (const fields of frames) this.#state.apply(fields)
    for (const conn of this.#conns) {
      if (!conn.loggedIn || conn.socket.destroyed) continue
      const text = frames.filter(f => wants(conn.mask, fieldValue(f, 'Privilege'))).map(formatFrame).join('')
      if (text !== '') conn.socket.write(text)
    }
  }

  #later (ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer)
      fn()
    }, ms)
    this.#timers.add(timer)
  }

  #sleep (ms: number): Promise<void> {
    return new Promise<void>(resolve => {
      const sleeper: Sleeper = {
        timer: setTimeout(() => sleeper.wake(), ms),
        wake: () => {
          clearTimeout(sleeper.timer)
          this.#sleepers.delete(sleeper)
          resolve()
        }
      }
      this.#sleepers.add(sleeper)
    })
  }

  #stopTimeline (): void {
    this.#timeline.abort()
    this.#timeline = new AbortController()
  }
}
