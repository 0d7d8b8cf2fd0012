/**
 * Customer tiers ("gold", "silver", "bronze" by default): what a tier rule
 * says, and what a customer's tier is and why.
 * Plain data, no I/O.
 */

/** What a tier condition measures over the tier window. */
export type TierMetric =
  /** Purchase volume in the tier currency, in major units (euros, not cents). */
  | 'volume'
  /** Number of purchases. */
  | 'count'
  /** Share of purchases with a known payment that were paid on time, 0–1. */
  | 'ontime'

/** `metric >= min`. */
export interface TierCondition {
  readonly metric: TierMetric
  readonly min: number
}

/** A tier and what it takes: every condition must hold. */
export interface TierRule {
  readonly name: string
  readonly conditions: readonly TierCondition[]
}

/** How tiers are decided: the first rule whose conditions all hold names the tier. */
export interface TierPolicy {
  /** Best tier first. */
  readonly rules: readonly TierRule[]
  /** Purchases of the last this many days count. */
  readonly windowDays: number
  /** ISO 4217 code volumes are summed and compared in. */
  readonly currency: string
}

/** Who set a customer's tier. */
export type TierSource = 'rules' | 'manual'

/** A customer's tier as stored. */
export interface TierState {
  readonly customerId: number
  readonly tier: string | null
  /** Null when no tier was ever set. */
  readonly source: TierSource | null
  /** The rules' figures, or the reason given for a manual override. */
  readonly reason: string | null
  readonly updatedAt: string | null
}
