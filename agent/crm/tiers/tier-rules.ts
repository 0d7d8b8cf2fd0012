/**
 * The tier rule engine: reads the configured rules, decides a customer's
 * tier from their purchase figures, and words why.
 *
 * Rules are written `name:condition,condition;name:…`, best tier first:
 * ```
 * gold:volume>=10000,count>=10,ontime>=0.9;silver:volume>=2000,count>=3,ontime>=0.75;bronze:count>=1
 * ```
 * A condition is `metric>=number`: `volume` (purchase volume over the window,
 * in whole units of the tier currency), `count` (purchases over the window)
 * or `ontime` (share of purchases with a known payment that were paid on
 * time, `0.9` or `90%`). The first rule whose conditions all hold names the
 * tier; when none holds the customer has no tier. An `ontime` condition does
 * not hold while no payment in the window is known.
 */
import type { PurchaseStats } from '../../model/purchase.js'
import type { TierCondition, TierMetric, TierPolicy, TierRule } from '../../model/tier.js'
import { currencyDigits, formatMoney } from '../purchases/money.js'

/** The rules when `RINGCARD_TIERS` is not set. */
export const DEFAULT_TIER_RULES = 'gold:volume>=10000,count>=10,ontime>=0.9;silver:volume>=2000,count>=3,ontime>=0.75;bronze:count>=1'

/** A tier name: letters (any script), digits, space, `_` and `-`, 1–40 characters. */
export const TIER_NAME = /^[\p{L}\p{N}_ -]{1,40}$/u

const CONDITION = /^(volume|count|ontime)\s*>=\s*(\d+(?:\.\d+)?)(%?)$/

/**
 * Reads a rule list.
 * @throws Error naming the part that is wrong (config.ts turns it into RC_ERR_CONFIG_INVALID).
 */
export function parseTierRules (text: string): TierRule[] {
  const parts = text.split(';').map(s => s.trim()).filter(s => s !== '')
  if (parts.length === 0) throw new Error('expected at least one tier as name:condition,…')
  const rules: TierRule[] = []
  for (const part of parts) {
    const colon = part.indexOf(':')
    const name = (colon < 0 ? part : part.slice(0, colon)).trim()
    if (colon < 0 || !TIER_NAME.test(name)) throw new Error(`"${part}" is not name:condition,… (names: letters, digits, space, _ or -)`)
    if (rules.some(r => r.name.toLowerCase() === name.toLowerCase())) throw new Error(`tier "${name}" is listed twice`)
    const conditions = part.slice(colon + 1).split(',').map(s => s.trim()).filter(s => s !== '').map((c): TierCondition => {
      const m = CONDITION.exec(c)
      if (m === null) throw new Error(`"${c}" in tier "${name}" is not volume>=N, count>=N or ontime>=R`)
      const metric = m[1] as TierMetric
      const value = Number(m[2]) / (m[3] === '%' ? 100 : 1)
      if (m[3] === '%' && metric !== 'ontime') throw new Error(`"${c}": only ontime takes a percentage`)
      if (metric === 'ontime' && value > 1) throw new Error(`"${c}": ontime is a share from 0 to 1 (or 0% to 100%)`)
      if (metric === 'count' && !Number.isInteger(value)) throw new Error(`"${c}": count is a whole number`)
      return { metric, min: value }
    })
    if (conditions.length === 0) throw new Error(`tier "${name}" has no condition (use count>=0 for everyone)`)
    rules.push({ name, conditions })
  }
  return rules
}

/** The share of known payments that were on time, 0–1; null when no payment is known. */
export function onTimeRatio (stats: PurchaseStats): number | null {
  return stats.rated === 0 ? null : stats.onTime / stats.rated
}

function holds (condition: TierCondition, stats: PurchaseStats): boolean {
  switch (condition.metric) {
    case 'volume': return stats.volumeMinor >= Math.round(condition.min * 10 ** currencyDigits(stats.currency))
    case 'count': return stats.count >= condition.min
    case 'ontime': {
      const ratio = onTimeRatio(stats)
      return ratio !== null && ratio >= condition.min
    }
  }
}

/** The first rule all of whose conditions hold, by name; null when none does. */
export function tierFor (rules: readonly TierRule[], stats: PurchaseStats): string | null {
  return rules.find(rule => rule.conditions.every(c => holds(c, stats)))?.name ?? null
}

/** "12 months" for whole years of days, "90 days" otherwise. */
export function windowText (days: number): string {
  if (days % 365 === 0) return `${(days / 365) * 12} months`
  return days === 1 ? '1 day' : `${days} days`
}

/**
 * Why the figures give the tier they give, in one line:
 * "€12,400 in 12 months, 96% paid on time". Without a known payment the
 * second half says so; without purchases it reads "no purchases in 12 months".
 */
export function tierReason (stats: PurchaseStats, policy: Pick<TierPolicy, 'windowDays'>, locale: string): string {
  const window = windowText(policy.windowDays)
  if (stats.count === 0) return `no purchases in ${window}`
  const volume = `${formatMoney(stats.volumeMinor, stats.currency, locale)} in ${window}`
  const ratio = onTimeRatio(stats)
  if (ratio === null) return `${volume}, no payment record yet`
  return `${volume}, ${Math.floor(ratio * 100)}% paid on time`
}
