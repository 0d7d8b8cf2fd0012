import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { decodeEvent, frameFromFields, header, unescapeC } from '../../../../agent/telephony/ami/events.js'
import type { AmiFrame, ChannelEvent, DialEvent, HangupEvent } from '../../../../agent/telephony/ami/events.js'
import { loadTrace } from '../../../../agent/fake-pbx/trace.js'
import type { Trace } from '../../../../agent/fake-pbx/trace.js'

const dir = fileURLToPath(new URL('../../../fixtures/ami/', import.meta.url))
const files = readdirSync(dir).filter(f => f.endsWith('.jsonl') && !f.endsWith('.sent.jsonl')).sort()
const traces: Trace[] = await Promise.all(files.map(f => loadTrace(dir + f)))

function eventFrames (trace: Trace): AmiFrame[] {
  return trace.frames.map(f => frameFromFields(f.fields)).filter(f => header(f, 'Event') !== undefined)
}

function firstEvent (traceName: string, event: string): AmiFrame {
  const trace = traces.find(t => t.name === traceName)
  const frame = trace === undefined ? undefined : eventFrames(trace).find(f => header(f, 'Event') === event)
  if (frame === undefined) throw new Error(`${traceName} has no ${event}`)
  return frame
}

describe('decodeEvent over the recorded Asterisk 22 traffic', () => {
  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(12)
    expect(traces.reduce((n, t) => n + eventFrames(t).length, 0)).toBeGreaterThan(1900)
  })

  it.each(files.map((f, i) => [f, traces[i]!] as const))('%s: no event frame decodes as Malformed', (_name, trace) => {
    const malformed = eventFrames(trace)
      .map(frame => ({ frame, decoded: decodeEvent(frame) }))
      .filter(x => x.decoded.type === 'Malformed')
      .map(x => `${header(x.frame, 'Event')}: ${x.decoded.type === 'Malformed' ? x.decoded.reason : ''}`)
    expect(malformed).toEqual([])
  })

  it('decodes the modelled events, not just Other', () => {
    const types = new Set(traces.flatMap(t => eventFrames(t).map(f => decodeEvent(f).type)))
    for (const t of ['Newchannel', 'NewCallerid', 'Hangup', 'DialBegin', 'DialEnd', 'BridgeEnter', 'QueueCallerJoin',
      'AgentConnect', 'AgentComplete', 'BlindTransfer', 'CoreShowChannel', 'QueueEntry', 'QueueMember',
      'FullyBooted', 'OriginateResponse', 'Other']) {
      expect(types, t).toContain(t)
    }
  })

  it('turns the literal <unknown> into null (Newchannel before NewCallerid)', () => {
    const e = decodeEvent(firstEvent('01-inbound-answered', 'Newchannel')) as ChannelEvent
    expect(e.type).toBe('Newchannel')
    expect(e.channel.callerNum).toBeNull()
    expect(e.channel.callerName).toBeNull()
    expect(e.channel.connectedNum).toBeNull()
  })

  it('C-unescapes names (O\\\'Brien) and leaves plain names alone', () => {
    const real = firstEvent('01-inbound-answered', 'NewCallerid')
    const escaped: AmiFrame = { ...real, calleridname: 'O\\\'Brien, Pat', connectedlinename: 'Say \\"hi\\" \\\\ bye' }
    const e = decodeEvent(escaped) as ChannelEvent
    expect(e.channel.callerName).toBe('O\'Brien, Pat')
    expect(e.channel.connectedName).toBe('Say "hi" \\ bye')
    expect((decodeEvent(real) as ChannelEvent).channel.callerName).toBe('Jane Doe')
    expect(unescapeC('Zoë Ångström')).toBe('Zoë Ångström')
  })

  it('C-unescapes every escaped name that occurs in the fixtures', () => {
    // The README's O'Brien scenario is not among the shipped traces; this still guards any later one.
    for (const trace of traces) {
      for (const frame of eventFrames(trace)) {
        const raw = header(frame, 'CallerIDName') ?? ''
        if (!raw.includes('\\')) continue
        const decoded = decodeEvent(frame)
        if ('channel' in decoded && decoded.channel !== null && typeof decoded.channel === 'object') {
          expect(decoded.channel.callerName).toBe(unescapeC(raw))
        }
      }
    }
  })

  it('07-anonymous: NewCallerid with CID-CallingPres 35 is restricted, 0 is not', () => {
    const calls = eventFrames(traces.find(t => t.name === '07-anonymous')!)
      .filter(f => header(f, 'Event') === 'NewCallerid')
      .map(f => ({ pres: header(f, 'CID-CallingPres') ?? '', e: decodeEvent(f) as ChannelEvent }))
    const restricted = calls.filter(c => c.e.presentationRestricted === true)
    expect(restricted.length).toBe(2)
    for (const c of restricted) expect(c.pres).toMatch(/^35 \(Presentation Prohibited/)
    for (const c of calls.filter(c => c.pres.startsWith('0 '))) expect(c.e.presentationRestricted).toBe(false)
    // CLIR hides nothing on the wire: the number is still there (07c).
    expect(restricted.some(c => c.e.channel.callerNum === '+4930123456')).toBe(true)
  })

  it('reports a known event without its required headers as Malformed, never throws', () => {
    expect(decodeEvent({ event: 'Hangup', channel: 'Local/1@x-1;1' })).toMatchObject({ type: 'Malformed', name: 'Hangup' })
    expect(decodeEvent({ response: 'Success' })).toMatchObject({ type: 'Malformed' })
  })
})

describe('decodeCoreStatusBoot', () => {
  it('reads the exact boot time from a recorded CoreStatus response, and null when it is missing', async () => {
    const { decodeCoreStatusBoot, frameFromFields } = await import('../../../../agent/telephony/ami/events.js')
    const { readFileSync } = await import('node:fs')
    const lines = readFileSync(new URL('../../../fixtures/ami/14-misc-actions.jsonl', import.meta.url), 'utf8').trim().split('\n')
    const response = lines.map(l => JSON.parse(l) as { fields: Array<[string, string]> })
      .find(m => m.fields.some(([k]) => k === 'CoreStartupDate'))
    expect(response).toBeDefined()
    expect(decodeCoreStatusBoot(frameFromFields(response!.fields))).toBe('20261122T192559')
    expect(decodeCoreStatusBoot(frameFromFields([['Response', 'Error'], ['Message', 'Permission denied']]))).toBeNull()
  })
})

describe('named facts instead of wire numbers', () => {
  const all = traces.flatMap(t => eventFrames(t).map(frame => ({ frame, event: decodeEvent(frame) })))

  it('names every ChannelState the traces use and keeps the number for logs', () => {
    const seen = new Map<string, string>()
    for (const { frame, event } of all) {
      if (!('channel' in event) || event.channel === null || typeof event.channel !== 'object') continue
      seen.set(header(frame, 'ChannelState') ?? '', event.channel.state)
      expect(event.channel.stateCode).toBe(Number(header(frame, 'ChannelState')))
    }
    expect(Object.fromEntries(seen)).toMatchObject({ 0: 'down', 4: 'ring', 5: 'ringing', 6: 'up' })
    const odd = decodeEvent({ ...firstEvent('01-inbound-answered', 'Newchannel'), channelstate: '42' }) as ChannelEvent
    expect(odd.channel).toMatchObject({ state: 'unknown', stateCode: 42 })
    const none = decodeEvent({ event: 'Newstate', channel: 'PJSIP/1001-00000001', uniqueid: '1.1' }) as ChannelEvent
    expect(none.channel).toMatchObject({ state: 'unknown', stateCode: null })
  })

  it('groups Hangup causes: 16 normal, 17 busy (04), 26 answered elsewhere (05), the number kept', () => {
    const hangups = (trace: string): HangupEvent[] => eventFrames(traces.find(t => t.name === trace)!)
      .map(frame => decodeEvent(frame)).filter((e): e is HangupEvent => e.type === 'Hangup')
    expect(hangups('04-inbound-busy').map(e => [e.cause, e.category])).toContainEqual([17, 'busy'])
    expect(hangups('05-queue-answered').map(e => [e.cause, e.category])).toContainEqual([26, 'answered_elsewhere'])
    expect(hangups('01-inbound-answered').map(e => [e.cause, e.category])).toContainEqual([16, 'normal'])
    const hangup = (cause: string): HangupEvent => decodeEvent({ event: 'Hangup', channel: 'PJSIP/1001-00000001', uniqueid: '1.1', cause }) as HangupEvent
    expect([18, 19, 21, 34, 42, 127, 0].map(c => hangup(String(c)).category)).toEqual(['no_answer', 'no_answer', 'rejected', 'congestion', 'congestion', 'other', 'other'])
    expect(decodeEvent({ event: 'Hangup', channel: 'PJSIP/1001-00000001', uniqueid: '1.1' })).toMatchObject({ category: 'other', cause: null })
  })

  it('names DialStatus, AgentComplete reasons and transfer results', () => {
    const statuses = new Set(all.flatMap(x => x.event.type === 'DialEnd' || x.event.type === 'DialState' ? [x.event.status] : []))
    expect([...statuses].sort()).toEqual(['answer', 'busy', 'cancel', 'noanswer', 'ringing'])
    const dial = (status: string): DialEvent => decodeEvent({ event: 'DialEnd', destchannel: 'PJSIP/1001-00000001', destuniqueid: '1.1', dialstatus: status }) as DialEvent
    expect(['CHANUNAVAIL', 'CONGESTION', 'PROGRESS', 'TORTURE'].map(s => dial(s).status)).toEqual(['unavailable', 'congestion', 'progress', 'other'])
    const reasons = all.flatMap(x => x.event.type === 'AgentComplete' ? [x.event.reason] : [])
    expect(reasons.length).toBeGreaterThan(0)
    expect(reasons.every(r => r === 'caller' || r === 'agent')).toBe(true)
    const transfer = all.find(x => x.event.type === 'BlindTransfer')?.event
    expect(transfer).toMatchObject({ succeeded: true, result: 'Success' })
  })

  it('marks the dialed side of a CoreShowChannels row (AppDial, AppQueue), keeping the application for logs', () => {
    const rows = all.flatMap(x => x.event.type === 'CoreShowChannel' ? [x.event] : [])
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) expect(row.dialed).toBe(/^App(Dial2?|Queue)$/.test(row.application ?? ''))
    expect(rows.some(r => r.dialed)).toBe(true)
    expect(rows.some(r => !r.dialed)).toBe(true)
  })
})
