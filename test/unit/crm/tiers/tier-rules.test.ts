import { describe, expect, it } from 'vitest'
import { DEFAULT_TIER_RULES, onTimeRatio, parseTierRules, tierFor, tierReason, windowText } from '../../../../agent/crm/tiers/tier-rules.js'
import type { PurchaseStats } from '../../../../agent/model/purchase.js'

/** Figures in EUR; `volume` in whole euros. */
function stats (volume: number, count: number, onTime = count, rated = count, currency = 'EUR'): PurchaseStats {
  return { volumeMinor: Math.round(volume * 100), currency, count, onTime, rated }
}

describe('tier rules', () => {
  const rules = parseTierRules(DEFAULT_TIER_RULES)

  it('reads the default rules: gold, silver, bronze, best first', () => {
    expect(rules).toEqual([
      { name: 'gold', conditions: [{ metric: 'volume', min: 10000 }, { metric: 'count', min: 10 }, { metric: 'ontime', min: 0.9 }] },
      { name: 'silver', conditions: [{ metric: 'volume', min: 2000 }, { metric: 'count', min: 3 }, { metric: 'ontime', min: 0.75 }] },
      { name: 'bronze', conditions: [{ metric: 'count', min: 1 }] }
    ])
  })

  it('every condition of a tier must hold, and the first tier that holds wins', () => {
    expect(tierFor(rules, stats(12_400, 12, 12))).toBe('gold')
    // Volume and count of gold, but one late payment in ten is 90%: still gold; two are not.
    expect(tierFor(rules, stats(10_000, 10, 9))).toBe('gold')
    expect(tierFor(rules, stats(10_000, 10, 8))).toBe('silver')
    expect(tierFor(rules, stats(9_999.99, 10, 10))).toBe('silver')
    expect(tierFor(rules, stats(50_000, 9, 9))).toBe('silver')
    expect(tierFor(rules, stats(2_000, 3, 3))).toBe('silver')
    expect(tierFor(rules, stats(1_999.99, 3, 3))).toBe('bronze')
    expect(tierFor(rules, stats(5, 1, 0))).toBe('bronze')
    expect(tierFor(rules, stats(0, 0))).toBeNull()
  })

  it('the volume threshold is in whole units of the currency, whatever its minor digits', () => {
    const yen = parseTierRules('vip:volume>=1000000')
    expect(tierFor(yen, { volumeMinor: 1_000_000, currency: 'JPY', count: 1, rated: 0, onTime: 0 })).toBe('vip')
    expect(tierFor(yen, { volumeMinor: 999_999, currency: 'JPY', count: 1, rated: 0, onTime: 0 })).toBeNull()
  })

  it('the on-time ratio counts only purchases whose payment is known, and an unknown ratio meets no ontime condition', () => {
    expect(onTimeRatio(stats(100, 4, 3, 4))).toBe(0.75)
    expect(onTimeRatio(stats(100, 4, 3, 3))).toBe(1)
    expect(onTimeRatio(stats(100, 4, 0, 0))).toBeNull()
    expect(tierFor(rules, stats(20_000, 20, 0, 0))).toBe('bronze')
    expect(tierFor(parseTierRules('anyone:ontime>=0'), stats(10, 1, 0, 0))).toBeNull()
  })

  it('names and thresholds are configurable: any script, percentages, count>=0 for everyone', () => {
    const custom = parseTierRules(' platinum : volume>=50000 , ontime>=95% ; طلایی:count>=5;Basic Club:count>=0 ')
    expect(custom.map(r => r.name)).toEqual(['platinum', 'طلایی', 'Basic Club'])
    expect(custom[0]!.conditions).toEqual([{ metric: 'volume', min: 50000 }, { metric: 'ontime', min: 0.95 }])
    expect(tierFor(custom, stats(60_000, 6, 6))).toBe('platinum')
    expect(tierFor(custom, stats(60_000, 6, 5))).toBe('طلایی')
    expect(tierFor(custom, stats(0, 0))).toBe('Basic Club')
  })

  it.each([
    ['', 'at least one tier'],
    ['gold', 'name:condition'],
    ['gold:', 'no condition'],
    ['gold:volume>10', 'volume>=N'],
    ['gold:spend>=10', 'volume>=N'],
    ['gold:count>=1.5', 'whole number'],
    ['gold:volume>=10%', 'only ontime'],
    ['gold:ontime>=1.5', '0 to 1'],
    ['gold:count>=1;Gold:count>=2', 'twice'],
    ['go/ld:count>=1', 'name:condition']
  ])('refuses %j (%s)', (text, why) => {
    expect(() => parseTierRules(text)).toThrow(why)
  })

  it('words why: "€12,400 in 12 months, 96% paid on time"', () => {
    expect(tierReason(stats(12_400, 25, 24, 25), { windowDays: 365 }, 'en')).toBe('€12,400 in 12 months, 96% paid on time')
    // 99.5% is not "100%".
    expect(tierReason(stats(100, 200, 199, 200), { windowDays: 90 }, 'en')).toBe('€100 in 90 days, 99% paid on time')
    expect(tierReason(stats(1_234.56, 2, 0, 0), { windowDays: 730 }, 'en')).toBe('€1,235 in 24 months, no payment record yet')
    expect(tierReason(stats(0, 0), { windowDays: 365 }, 'en')).toBe('no purchases in 12 months')
    expect(tierReason(stats(12_400, 1, 1, 1), { windowDays: 365 }, 'de')).toMatch(/^12\.400\s€ in 12 months, 100% paid on time$/)
  })

  it('names the window in months for whole years, in days otherwise', () => {
    expect(windowText(365)).toBe('12 months')
    expect(windowText(1095)).toBe('36 months')
    expect(windowText(30)).toBe('30 days')
    expect(windowText(1)).toBe('1 day')
  })
})
