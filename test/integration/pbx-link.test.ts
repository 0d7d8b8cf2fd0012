/**
 * PbxLink over real AMI/TCP: a small scripted Asterisk answers the resync's
 * actions (or refuses them), a real AmiAdapter and CallTracker sit behind the
 * link, and the assertions read what an operator would see: the link's
 * up/down/status, the calls it resynced, and coded log lines.
 */
import { createServer } from 'node:net'
import type { AddressInfo, Server, Socket } from 'node:net'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { AmiAdapter } from '../../agent/telephony/ami/ami-adapter.js'
import { AmiErrorCode } from '../../agent/telephony/ami/ami-error.js'
import { ActionReader } from '../../agent/fake-pbx/action-reader.js'
import { fieldValue, formatFrame } from '../../agent/fake-pbx/trace.js'
import type { TraceField } from '../../agent/fake-pbx/trace.js'
import { CallTracker } from '../../agent/telephony/calls/call-tracker.js'
import { PbxLink, type PbxDown, type PbxUp } from '../../agent/telephony/pbx-link.js'

const SECRET = 'screenpop-secret'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

async function until (ok: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise(resolve => setTimeout(resolve, 5))
  }
}

/** How the scripted PBX answers; every field can change between logins. */
interface Script {
  refuseLogin: boolean
  coreStatus: 'ok' | 'denied'
  coreShowChannels: 'ok' | 'error'
}

/** One inbound SIP call up: the trunk leg dialed 1001, which answered. */
const LIVE_CALL: TraceField[][] = [
  [['Event', 'CoreShowChannel'], ['Channel', 'PJSIP/trunk-00000001'], ['ChannelState', '6'], ['ChannelStateDesc', 'Up'],
    ['CallerIDNum', '+4930111'], ['CallerIDName', 'Jane Doe'], ['Uniqueid', 'b-1.1'], ['Linkedid', 'b-1.1'],
    ['Application', 'Dial'], ['Duration', '00:00:05'], ['BridgeId', 'br-1']],
  [['Event', 'CoreShowChannel'], ['Channel', 'PJSIP/1001-00000002'], ['ChannelState', '6'], ['ChannelStateDesc', 'Up'],
    ['CallerIDNum', '1001'], ['Uniqueid', 'b-1.2'], ['Linkedid', 'b-1.1'],
    ['Application', 'AppDial'], ['Duration', '00:00:04'], ['BridgeId', 'br-1']]
]

async function scriptedPbx (script: Script): Promise<{ port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>()
  const server: Server = createServer(socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    socket.setEncoding('utf8')
    const reader = new ActionReader()
    socket.write('Asterisk Call Manager/11.0.0\r\n')
    socket.on('data', (text: string) => {
      for (const fields of reader.push(text)) {
        const id = fieldValue(fields, 'ActionID') ?? ''
        const reply = (...frames: TraceField[][]): void => { socket.write(frames.map(f => formatFrame(f)).join('')) }
        const list = (items: TraceField[][], complete: string): void => reply(
          [['Response', 'Success'], ['ActionID', id], ['EventList', 'start'], ['Message', 'will follow']],
          ...items.map((f): TraceField[] => [...f, ['ActionID', id]]),
          [['Event', complete], ['ActionID', id], ['EventList', 'Complete'], ['ListItems', String(items.length)]])
        switch (fieldValue(fields, 'Action')?.toLowerCase()) {
          case 'login':
            if (script.refuseLogin) {
              reply([['Response', 'Error'], ['ActionID', id], ['Message', 'Authentication failed']])
              socket.end()
              break
            }
            reply([['Response', 'Success'], ['ActionID', id], ['Message', 'Authentication accepted']],
              [['Event', 'FullyBooted'], ['Privilege', 'system,all'], ['Uptime', '7'], ['LastReload', '7'], ['Status', 'Fully Booted']])
            break
          case 'corestatus':
            if (script.coreStatus === 'denied') reply([['Response', 'Error'], ['ActionID', id], ['Message', 'Permission denied']])
            else reply([['Response', 'Success'], ['ActionID', id], ['CoreStartupDate', '2026-12-03'], ['CoreStartupTime', '18:10:00'], ['CoreCurrentCalls', '1']])
            break
          case 'coreshowchannels':
            if (script.coreShowChannels === 'error') reply([['Response', 'Error'], ['ActionID', id], ['Message', 'Permission denied']])
            else list(LIVE_CALL, 'CoreShowChannelsComplete')
            break
          case 'queuestatus':
            list([], 'QueueStatusComplete')
            break
          default:
            reply([['Response', 'Success'], ['ActionID', id]])
        }
      }
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => new Promise<void>(resolve => {
    for (const s of sockets) s.destroy()
    server.close(() => resolve())
  }))
  return { port: (server.address() as AddressInfo).port, sockets }
}

interface LogLine { level: number; msg: string; code?: string; pbxId?: string }

async function rig (script: Script) {
  const { port, sockets } = await scriptedPbx(script)
  const lines: LogLine[] = []
  const logger = pino({ level: 'debug' }, { write: (s: string) => { lines.push(JSON.parse(s) as LogLine) } })
  const ami = new AmiAdapter({ url: `ami://screenpop:${SECRET}@127.0.0.1:${port}`, logger, pingIntervalMs: 60_000, actionTimeoutMs: 1000, reconnectMinMs: 20, reconnectMaxMs: 40 })
  const tracker = new CallTracker({ pbxId: 'b', now: () => Date.now(), logger })
  const timeline: string[] = []
  tracker.onChange(change => { timeline.push(change.kind) })
  const link = new PbxLink({ pbxId: 'b', ami, tracker, logger })
  const ups: PbxUp[] = []
  const downs: PbxDown[] = []
  link.on('event', event => { tracker.apply(event) })
  link.on('up', up => { ups.push(up); timeline.push('up') })
  // As the pipeline wires it: calls are unconfirmed while the link is down.
  link.on('down', down => { downs.push(down); timeline.push('down'); tracker.linkDown() })
  cleanups.push(() => link.stop())
  return { link, tracker, timeline, ups, downs, lines, sockets }
}

describe('PbxLink', () => {
  it('resyncs after login, then says up: the live call pops with a PBX-qualified id on the exact boot', async () => {
    const r = await rig({ refuseLogin: false, coreStatus: 'ok', coreShowChannels: 'ok' })
    expect(r.link.status).toBe('disconnected')
    r.link.start()
    await until(() => r.ups.length === 1)
    expect(r.ups).toEqual([{ pbxId: 'b', epoch: 1, resynced: true }])
    expect(r.link.status).toBe('connected')
    const [call] = r.tracker.calls()
    expect(call).toMatchObject({ id: 'b:20261203T181000:b-1.1', pbxId: 'b', state: 'connected', answeredBy: '1001', remote: { number: '+4930111' } })
    // The pop came before `up`: a widget told "connected" already has the call.
    expect(r.timeline).toEqual(['ringing', 'answered', 'up'])
    expect(r.lines.filter(l => l.level >= 40)).toEqual([])
  })

  it('CoreStatus refused: a coded warning, ids fall back to the uptime, and the resync still completes', async () => {
    const r = await rig({ refuseLogin: false, coreStatus: 'denied', coreShowChannels: 'ok' })
    r.link.start()
    await until(() => r.ups.length === 1)
    expect(r.ups[0]?.resynced).toBe(true)
    expect(r.lines.filter(l => l.level === 40)).toMatchObject([{ code: AmiErrorCode.ActionFailed, pbxId: 'b', msg: expect.stringContaining('CoreStatus') }])
    expect(r.tracker.calls()[0]?.id).toMatch(/^b:\d+:b-1\.1$/)
  })

  it('a failed resync is logged with its code; the link is up with live calls unconfirmed', async () => {
    const r = await rig({ refuseLogin: false, coreStatus: 'ok', coreShowChannels: 'error' })
    r.link.start()
    await until(() => r.ups.length === 1)
    expect(r.ups).toEqual([{ pbxId: 'b', epoch: 1, resynced: false }])
    expect(r.link.status).toBe('connected')
    expect(r.lines.filter(l => l.level === 40)).toMatchObject([{ code: AmiErrorCode.ActionFailed, msg: expect.stringContaining('resync') }])
    expect(r.tracker.calls()).toEqual([])
  })

  it('says down once per lost session, however many reconnects fail, and up again after the next resync', async () => {
    const script: Script = { refuseLogin: false, coreStatus: 'ok', coreShowChannels: 'ok' }
    const r = await rig(script)
    r.link.start()
    await until(() => r.ups.length === 1)
    const id = r.tracker.calls()[0]?.id
    script.refuseLogin = true
    for (const s of r.sockets) s.destroy()
    await until(() => r.lines.filter(l => l.code === AmiErrorCode.LoginFailed).length >= 3)
    expect(r.downs).toEqual([{ pbxId: 'b', reason: 'closed by peer', code: AmiErrorCode.Disconnected }])
    expect(r.link.status).not.toBe('connected')
    expect(r.tracker.calls()[0]?.unverified).toBe(true)
    script.refuseLogin = false
    await until(() => r.ups.length === 2)
    expect(r.ups[1]).toMatchObject({ pbxId: 'b', resynced: true })
    expect(r.downs).toHaveLength(1)
    // Same Asterisk run: the call survived the outage under the same id.
    expect(r.tracker.calls().map(c => [c.id, c.unverified ?? false])).toEqual([[id, false]])
    expect(r.timeline).toEqual(['ringing', 'answered', 'up', 'down', 'updated', 'updated', 'up'])
  })
})
