import { describe, expect, it } from 'vitest'
import { currencyDigits, formatMoney, fromMinorUnits, isCurrency, toMinorUnits } from '../../../../agent/crm/purchases/money.js'

describe('money in minor units', () => {
  it('knows ISO 4217 codes and their minor digits', () => {
    expect(isCurrency('EUR')).toBe(true)
    expect(isCurrency('eur')).toBe(false)
    expect(isCurrency('XYZ')).toBe(false)
    expect([currencyDigits('EUR'), currencyDigits('JPY'), currencyDigits('KWD')]).toEqual([2, 0, 3])
  })

  it('reads decimal text into whole minor units, exactly', () => {
    expect(toMinorUnits('1249.99', 'EUR')).toBe(124999)
    expect(toMinorUnits('0.1', 'EUR')).toBe(10)
    expect(toMinorUnits('12.500', 'EUR')).toBe(1250)
    expect(toMinorUnits('1500', 'JPY')).toBe(1500)
    expect(toMinorUnits('1.234', 'KWD')).toBe(1234)
  })

  it.each([['12.345', 'EUR'], ['1.5', 'JPY'], ['-3', 'EUR'], ['1e3', 'EUR'], ['', 'EUR'], ['99999999999999999', 'EUR']])('refuses %j %s', (amount, currency) => {
    expect(toMinorUnits(amount, currency)).toBeNull()
  })

  it('writes minor units back as decimal text and words them for people', () => {
    expect(fromMinorUnits(124999, 'EUR')).toBe('1249.99')
    expect(fromMinorUnits(5, 'EUR')).toBe('0.05')
    expect(fromMinorUnits(1500, 'JPY')).toBe('1500')
    expect(formatMoney(1_240_000, 'EUR', 'en')).toBe('€12,400')
    expect(formatMoney(124_999, 'EUR', 'en', true)).toBe('€1,249.99')
  })
})
