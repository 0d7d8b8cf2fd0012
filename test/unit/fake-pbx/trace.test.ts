import { describe, expect, it } from 'vitest'
import { formatFrame, parseTrace, replayableFrames, rewriteFields } from '../../../agent/fake-pbx/trace.js'

const text = [
  '{"t_ms": 0.3, "banner": "Asterisk Call Manager/11.0.0", "fields": []}',
  '{"t_ms": 0.6, "fields": [["Response", "Success"], ["ActionID", "a-1"], ["Message", "Authentication accepted"]]}',
  '{"t_ms": 0.6, "fields": [["Event", "FullyBooted"], ["Privilege", "system,all"], ["Uptime", "5"]]}',
  '{"t_ms": 0.6, "fields": [["Event", "SuccessfulAuth"], ["Privilege", "security,all"]]}',
  '{"t_ms": 500, "fields": [["Event", "Newchannel"], ["ChanVariable", "A="], ["ChanVariable", "B="], ["Odd line", null]]}',
  '{"t_ms": 501, "fields": [["Event", "OriginateResponse"], ["ActionID", "a-2"], ["Response", "Success"]]}',
  '{"t_ms": 502, "fields": [["Event", "FullyBooted"], ["Privilege", "system,all"]]}',
  '{"t_ms": 503, "event": "socket marker"}',
  ''
].join('\n')

describe('trace format', () => {
  it('keeps key order and duplicates, the banner and null values', () => {
    const t = parseTrace(text, 'x')
    expect(t.banner).toBe('Asterisk Call Manager/11.0.0')
    expect(t.frames).toHaveLength(6)
    expect(t.frames[3]!.fields).toEqual([['Event', 'Newchannel'], ['ChanVariable', 'A='], ['ChanVariable', 'B='], ['Odd line', null]])
  })

  it('replays events only: no responses, no ActionID frames, no post-login FullyBooted/SuccessfulAuth', () => {
    const names = replayableFrames(parseTrace(text)).map(f => f.fields[0]![1])
    expect(names).toEqual(['Newchannel', 'FullyBooted'])
  })

  it('names the line of a broken trace', () => {
    expect(() => parseTrace('{"t_ms":1,"fields":[]}\nnope', 'bad')).toThrow('bad:2: not JSON')
    expect(() => parseTrace('{"t_ms":1,"fields":[["a",1]]}', 'bad')).toThrow('bad:1:')
  })

  it('rewrites numbers inside values in one pass', () => {
    expect(rewriteFields([['CallerIDNum', '+4915112345678'], ['CallerID', '"J" <+4915112345678>'], ['X', null]],
      { '+4915112345678': '+4930999', '+4930999': 'never' }))
      .toEqual([['CallerIDNum', '+4930999'], ['CallerID', '"J" <+4930999>'], ['X', null]])
  })

  it('formats frames with CRLF and a blank line', () => {
    expect(formatFrame([['Event', 'X'], ['Raw', null]])).toBe('Event: X\r\nRaw\r\n\r\n')
  })
})

describe('renumberIds', () => {
  it('shifts only the sequence of Uniqueid/Linkedid-like values, so a replay is a new call', async () => {
    const { renumberIds, maxIdSequence } = await import('../../../agent/fake-pbx/trace.js')
    const fields = [['Uniqueid', '1795375396.3'], ['Linkedid', '1795375396.0'], ['DestUniqueid', '1795375396.10'],
      ['BridgeUniqueid', 'c10a134d-832b'], ['CallerIDNum', '1795375396.3']] as const
    expect(renumberIds(fields, 11)).toEqual([['Uniqueid', '1795375396.14'], ['Linkedid', '1795375396.11'], ['DestUniqueid', '1795375396.21'],
      ['BridgeUniqueid', 'c10a134d-832b'], ['CallerIDNum', '1795375396.3']])
    expect(maxIdSequence([{ tMs: 0, fields }])).toBe(10)
  })
})
