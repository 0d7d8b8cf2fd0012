import { describe, expect, it } from 'vitest'
import { AmiErrorCode } from '../../../../agent/telephony/ami/ami-error.js'
import { frameFromLib, parseAmiUrl, toLibAction } from '../../../../agent/telephony/ami/lib-codec.js'

describe('parseAmiUrl', () => {
  it('parses user, secret, host and port, and redacts the secret', () => {
    const e = parseAmiUrl('ami://screenpop:s%40cr%3At@pbx.example:5039')
    expect(e).toEqual({ host: 'pbx.example', port: 5039, username: 'screenpop', secret: 's@cr:t', redacted: 'ami://screenpop:***@pbx.example:5039' })
    expect(parseAmiUrl('ami://u:p@[::1]').port).toBe(5038)
    expect(parseAmiUrl('ami://u:p@[::1]').host).toBe('::1')
  })

  it.each(['http://u:p@h:1', 'not a url', 'ami://:p@h', 'ami://u:p%0d%0aAction:x@h'])('rejects %s without echoing the secret', (url) => {
    expect(() => parseAmiUrl(url)).toThrow(expect.objectContaining({ code: AmiErrorCode.BadUrl }))
    try { parseAmiUrl(url) } catch (err) { expect(String((err as Error).message)).not.toContain('p%0d') }
  })
})

describe('toLibAction', () => {
  it('lower-cases keys and turns NAME=value arrays into one header per item', () => {
    expect(toLibAction({ Action: 'Originate', Channel: 'Local/1@x', Variable: ['A=1', 'B=x=y'] }))
      .toEqual({ action: 'Originate', channel: 'Local/1@x', variable: { A: '1', B: 'x=y' } })
  })

  it.each([
    [{ Action: 'UserEvent', Data: 'a\r\n\r\nAction: Command' }],
    [{ Action: 'Ping\n' }],
    [{ Action: 'X', Variable: ['A=1\r'] }],
    [{ Action: 'X', 'Bad Key': 'v' }],
    [{ Action: 'X', ActionID: 'mine' }],
    [{ Action: 'X', action: 'Y' }],
    [{ Channel: 'no action' }],
    [{ Action: 'X', Codecs: ['ulaw', 'alaw'] }]
  ])('refuses %j with RC_ERR_AMI_BAD_ACTION_VALUE', (action) => {
    expect(() => toLibAction(action)).toThrow(expect.objectContaining({ code: AmiErrorCode.BadActionValue }))
  })
})

describe('frameFromLib', () => {
  it('turns chanvariable objects back into NAME=value strings', () => {
    expect(frameFromLib({ event: 'Newstate', chanvariable: { SCENARIO: '01', DIRECTION: '' } }))
      .toEqual({ event: 'Newstate', chanvariable: ['SCENARIO=01', 'DIRECTION='] })
    expect(frameFromLib({ event: 'Status', variable: { X: 'a=b' } })).toEqual({ event: 'Status', variable: 'X=a=b' })
  })

  it('gives VarSet its variable name back (the library made it an object key)', () => {
    expect(frameFromLib({ event: 'VarSet', variable: { SCENARIO: '' }, value: 'x' }))
      .toEqual({ event: 'VarSet', variable: 'SCENARIO', value: 'x' })
  })

  it('keeps arrays and drops non-string junk from inherited-name collisions', () => {
    expect(frameFromLib({ response: 'Success', output: ['a', 'b'], constructor: [Object, 'x'] }))
      .toEqual({ response: 'Success', output: ['a', 'b'], constructor: ['x'] })
    expect(frameFromLib(null)).toBeNull()
    expect(frameFromLib({})).toBeNull()
  })
})
