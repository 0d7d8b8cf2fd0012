import { describe, expect, it } from 'vitest'
import { dialedNumberOf, extensionOf, localPairKey } from '../../../../agent/telephony/calls/channel-name.js'

describe('extensionOf', () => {
  it.each([
    ['Local/1001@agents-00000001;1', '1001'],
    ['Local/1002@agents-0000001c;2', '1002'],
    ['Local/1001@from-queue-0000000a;1', '1001'],
    ['Local/1001@agents/n', '1001'],
    ['Local/800@inbound-00000008;2', '800'],
    ['PJSIP/1001-0000001a', '1001'],
    ['PJSIP/my-phone-0000001a', 'my-phone'],
    ['PJSIP/1001', '1001'],
    ['SIP/alice-0000000b', 'alice'],
    ['DAHDI/1-1', '1-1']
  ])('%s → %s', (name, ext) => {
    expect(extensionOf(name)).toBe(ext)
  })

  it('returns null for what is not a channel name', () => {
    expect(extensionOf('')).toBeNull()
    expect(extensionOf('garbage')).toBeNull()
  })
})

describe('localPairKey', () => {
  it('gives both halves of a Local pair the same key, and nothing else one', () => {
    expect(localPairKey('Local/1001@agents-00000001;1')).toBe('Local/1001@agents-00000001')
    expect(localPairKey('Local/1001@agents-00000001;2')).toBe('Local/1001@agents-00000001')
    expect(localPairKey('Local/1001@agents/n')).toBeNull()
    expect(localPairKey('PJSIP/1001-0000001a')).toBeNull()
  })
})

describe('dialedNumberOf', () => {
  it.each([
    ['0301234567@pstn-callee', '0301234567'],
    ['trunk/0301234567', '0301234567'],
    ['Local/1002@agents/n', '1002'],
    ['', null]
  ])('%s → %s', (dial, number) => {
    expect(dialedNumberOf(dial)).toBe(number)
  })
})
