import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { decodeEvent, frameFromFields, header, unescapeC } from '../../../../agent/telephony/ami/events.js'
import type { AmiFrame, ChannelEvent } from '../../../../agent/telephony/ami/events.js'
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
    const escaped: AmiFrame = { ...real, calleridname: "O\\'Brien, Pat", connectedlinename: 'Say \\"hi\\" \\\\ bye' }
    const e = decodeEvent(escaped) as ChannelEvent
    expect(e.channel.callerName).toBe("O'Brien, Pat")
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
