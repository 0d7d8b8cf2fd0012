import { describe, expect, it } from 'vitest'
import { hasInternationalPrefix, normalizePhone } from '../../../../agent/crm/customers/phone-number.js'
import { digitsSuffix, foldDigits } from '../../../../agent/crm/customers/phone-digits.js'

const berlin = { kind: 'number', e164: '+49301234567', national: '301234567', suffix: '01234567', display: '+49 30 1234567' }

describe('normalizePhone', () => {
  it.each([
    ['030 1234567'],
    ['+49 30 1234567'],
    ['0049301234567'],
    ['۰۳۰۱۲۳۴۵۶۷'],
    ['٠٣٠١٢٣٤٥٦٧'],
    ['030/123-45 67'],
    ['(030) 123 4567'],
    ['030.123.45.67'],
    ['  +49 (0)30 1234567 '],
    ['0049 30 123 45 67'],
    ['+۴۹ ۳۰ ۱۲۳۴۵۶۷']
  ])('reads %j as the Berlin number', (raw) => {
    expect(normalizePhone(raw, 'DE')).toEqual(berlin)
  })

  it('accepts the numbers from the recorded traces', () => {
    expect(normalizePhone('+4915112345678', 'DE')).toEqual({
      kind: 'number', e164: '+4915112345678', national: '15112345678', suffix: '12345678', display: '+49 1511 2345678'
    })
    expect(normalizePhone('+4930123456', 'DE')).toMatchObject({ kind: 'number', e164: '+4930123456', suffix: '30123456' })
    expect(normalizePhone('0301234567', 'DE')).toMatchObject({ kind: 'number', e164: '+49301234567' })
  })

  it.each([
    ['01511234567', 'DE'],
    ['+1 187 215 5230', 'DE'],
    ['+1 187 215 5230', 'US'],
    ['0912 123 456', 'IR']
  ])('keeps %j (invalid for its region in %s) raw as implausible, never as a number', (raw, country) => {
    expect(normalizePhone(raw, country as 'DE')).toEqual({ kind: 'implausible', raw, reason: expect.any(String) })
  })

  it.each([
    ['soft hyphen', '030 123\u00AD4567'],
    ['zero-width space', '030\u200B1234567'],
    ['zero-width non-joiner and joiner', '030\u200C123\u200D4567'],
    ['word joiner', '030\u20601234567'],
    ['byte order mark', '\uFEFF030 1234567'],
    ['LRM and RLM', '\u200E030 1234567\u200F'],
    ['LRE, RLE, PDF, LRO, RLO', '\u202A\u202B030\u202C \u202D1234567\u202E'],
    ['LRI, RLI, FSI, PDI', '\u2066+49 \u206730\u2068 1234567\u2069'],
    ['Persian digits between RLMs', '\u200F۰۳۰ ۱۲۳۴۵۶۷\u200F']
  ])('strips invisible format characters (%s) before parsing', (_what, raw) => {
    expect(normalizePhone(raw, 'DE')).toEqual(berlin)
  })

  it('strips invisible characters before deciding withheld or internal', () => {
    expect(normalizePhone('\u200Eanonymous\u200E', 'DE')).toEqual({ kind: 'none' })
    expect(normalizePhone('\u2066*97\u2069', 'DE')).toMatchObject({ kind: 'internal' })
  })

  it('reads 00 as international only where 00 is the exit code', () => {
    expect(normalizePhone('0049 30 1234567', 'DE')).toEqual(berlin)
    expect(normalizePhone('0049 30 1234567', 'IR')).toEqual(berlin)
    expect(normalizePhone('011 49 30 1234567', 'US')).toEqual(berlin)
    expect(normalizePhone('011 49 30 1234567', 'CA')).toEqual(berlin)
    // In North America 00 is no exit code: this is no German number.
    expect(normalizePhone('0049 30 1234567', 'US')).not.toMatchObject({ kind: 'number', e164: '+49301234567' })
    expect(normalizePhone('011 49 30 1234567', 'DE')).not.toMatchObject({ kind: 'number', e164: '+49301234567' })
  })

  it('reads national numbers in the default country', () => {
    expect(normalizePhone('086 123 4567', 'IE')).toMatchObject({ kind: 'number', e164: '+353861234567' })
    expect(normalizePhone('0912 123 4567', 'IR')).toMatchObject({ kind: 'number', e164: '+989121234567' })
    expect(normalizePhone('+353 86 123 4567', 'DE')).toMatchObject({ kind: 'number', e164: '+353861234567', display: '+353 86 123 4567' })
  })

  it.each([['<unknown>'], ['anonymous'], ['Anonymous'], ['ANONYMOUS'], ['unknown'], [''], ['   '], ['\t'], ['Restricted']])(
    'treats %j as withheld', (raw) => {
      expect(normalizePhone(raw, 'DE')).toEqual({ kind: 'none' })
    })

  it.each([['1001'], ['2000'], ['12345'], ['*97'], ['#31#'], ['*31#0301234567'], ['۱۰۰۱']])(
    'treats %j as internal, never to be looked up', (raw) => {
      expect(normalizePhone(raw, 'DE')).toEqual({ kind: 'internal', raw: raw.trim() })
    })

  it.each([
    ['x'.repeat(200)],
    ['1'.repeat(200)],
    ['hello'],
    ['1-800-FLOWERS'],
    ['+49 30 abc'],
    ['030 1234567 ext 5'],
    ['+123'],
    ['+0049301234567'],
    ['49+301234567'],
    ['123456789012345678901234'],
    ['+98 912 123 456']
  ])('rejects %j as invalid', (raw) => {
    const result = normalizePhone(raw, 'DE')
    expect(result.kind).toBe('invalid')
    expect(result).toHaveProperty('reason', expect.any(String))
  })
})

describe('phone digits', () => {
  it('folds Persian and Arabic-Indic digits and nothing else', () => {
    expect(foldDigits('۰۱۲۳۴۵۶۷۸۹ ٠١٢٣٤٥٦٧٨٩ abc 42')).toBe('0123456789 0123456789 abc 42')
  })

  it('takes the last digits of any notation', () => {
    expect(digitsSuffix('+49 (151) 1234-5678')).toBe('12345678')
    expect(digitsSuffix('۰۳۰ ۱۲۳۴۵۶۷')).toBe('01234567')
    expect(digitsSuffix('1001')).toBe('1001')
  })

  it('tells international notation from national, by the region\'s exit code', () => {
    expect(hasInternationalPrefix('+49 30 1', 'DE')).toBe(true)
    expect(hasInternationalPrefix(' 0049 30 1', 'DE')).toBe(true)
    expect(hasInternationalPrefix('\u200F+49 30 1', 'IR')).toBe(true)
    expect(hasInternationalPrefix('030 1', 'DE')).toBe(false)
    expect(hasInternationalPrefix('4930123456', 'DE')).toBe(false)
    expect(hasInternationalPrefix('011 49 30 1', 'US')).toBe(true)
    expect(hasInternationalPrefix('0049 30 1', 'US')).toBe(false)
    expect(hasInternationalPrefix('011 49 30 1', 'DE')).toBe(false)
  })
})
