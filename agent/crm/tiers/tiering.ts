/**
 * Keeps customers' tiers in line with the tier rules: one customer when a
 * purchase changes, every customer nightly, and the figures the card shows.
 *
 * The rules own a customer's tier when they set it (`source` `rules`) or
 * when there is none. Any other tier is an override and is never touched
 * here: one set by hand (`manual`), or one the customer came with (an import,
 * the customer record) and nobody has handed to the rules. Clearing an
 * override hands the customer back to the rules.
 */
import type { Logger } from 'pino'
import type { PurchaseSummary, TierView } from '../../contracts/timeline.js'
import type { CrmRepos, CrmUnitOfWork } from '../crm-repos.js'
import type { PurchaseStats } from '../../model/purchase.js'
import type { TierPolicy, TierState } from '../../model/tier.js'
import { formatMoney } from '../purchases/money.js'
import { emptyStats, type PurchaseWindow } from '../purchases/purchase-repo.js'
import type { TierWrite } from './tier-repo.js'
import { onTimeRatio, tierFor, tierReason, windowText } from './tier-rules.js'

export interface TieringOptions {
  readonly policy: TierPolicy
  /** BCP 47 locale amounts are worded in. */
  readonly locale: string
  /** Epoch ms. */
  readonly now: () => number
  readonly logger: Pick<Logger, 'info' | 'warn'>
  /** Customers per page (and per transaction) of {@link Tiering.recomputeAll}. */
  readonly batchSize?: number
  /** Audit changes of tier (`tier.rules`); default true. Seeding turns it off: the customers are being created with these tiers. */
  readonly audit?: boolean
}

/** A customer's purchase volume over the tier window, for the card. */
export interface PurchaseVolume {
  readonly amountMinor: number
  readonly currency: string
  readonly windowDays: number
  /** "€12,400 in 12 months" */
  readonly text: string
}

/** What the card shows about a customer's tier besides its name. */
export interface TierCardFacts {
  /** Why the customer has their tier; null without a tier. */
  readonly tierWhy: string | null
  /** Null when they bought nothing in the window. */
  readonly purchaseVolume: PurchaseVolume | null
}

/** How a nightly run went. */
export interface RecomputeSummary {
  readonly customers: number
  /** Customers whose tier or reason changed. */
  readonly changed: number
}

const DAY_MS = 86_400_000

/** True when the tier rules decide this customer's tier (see the module doc). */
export function rulesOwn (state: Pick<TierState, 'tier' | 'source'>): boolean {
  return state.source === 'rules' || (state.source === null && state.tier === null)
}

/** The tier rules applied to stored purchases (see the module doc). */
export class Tiering {
  readonly #uow: Pick<CrmUnitOfWork, 'repos' | 'run'>
  readonly #opts: TieringOptions

  /** @param uow where to read and write; `recompute` uses only the repositories it is given. */
  constructor (uow: Pick<CrmUnitOfWork, 'repos' | 'run'>, opts: TieringOptions) {
    this.#uow = uow
    this.#opts = opts
  }

  /** The configured tier names, best first. */
  get names (): readonly string[] {
    return this.#opts.policy.rules.map(r => r.name)
  }

  get policy (): TierPolicy {
    return this.#opts.policy
  }

  /** The tier window ending now. */
  window (): PurchaseWindow {
    const now = this.#opts.now()
    return {
      since: new Date(now - this.#opts.policy.windowDays * DAY_MS).toISOString(),
      until: new Date(now).toISOString(),
      currency: this.#opts.policy.currency
    }
  }

  /** What the rules make of these figures: the tier, and the reason when there is one. */
  decide (stats: PurchaseStats): TierWrite {
    const tier = tierFor(this.#opts.policy.rules, stats)
    return tier === null
      ? { tier: null, source: null, reason: null }
      : { tier, source: 'rules', reason: tierReason(stats, this.#opts.policy, this.#opts.locale) }
  }

  /**
   * Recomputes one customer's tier from their purchases, on `repos` (pass a
   * unit of work's transaction: the customer's row is held until it ends). A
   * change of tier is audited as `tier.rules`. An override stays.
   * @returns the customer's tier now; null when the customer does not exist.
   */
  async recompute (repos: CrmRepos, customerId: number, actorId: number | null): Promise<TierState | null> {
    const current = await repos.tiers.lock(customerId)
    if (current === null || !rulesOwn(current)) return current
    const next = this.decide(await repos.purchases.stats(customerId, this.window()))
    return await this.#apply(repos, current, next, actorId)
  }

  /**
   * Recomputes every customer whose tier the rules may change: those the
   * rules gave a tier (it may lapse as the window moves on), and those
   * without a tier who bought in the window. Nobody else can change, so a
   * million customers without purchases cost two index lookups. A page at a
   * time, each page's writes in one transaction; a customer whose tier an
   * operator changed meanwhile is left as the operator set it.
   */
  async recomputeAll (): Promise<RecomputeSummary> {
    const batch = this.#opts.batchSize ?? 500
    const window = this.window()
    const { repos } = this.#uow
    let customers = 0
    let changed = 0
    const recompute = async (page: readonly TierState[]): Promise<void> => {
      customers += page.length
      const stats = await repos.purchases.statsFor(page.map(s => s.customerId), window)
      const writes = page
        .map(current => ({ current, next: this.decide(stats.get(current.customerId) ?? emptyStats(window.currency)) }))
        .filter(({ current, next }) => differs(current, next))
      if (writes.length === 0) return
      await this.#uow.run(async (trx) => {
        for (const { current, next } of writes) {
          if (await this.#apply(trx, current, next, null) !== null) changed++
        }
      })
    }
    // Pages are keyed by id, so a customer whose tier lapses (and leaves `rules`) shifts no later page.
    for (let afterId = 0; ;) {
      const page = await repos.tiers.pageBySource('rules', afterId, batch)
      if (page.length === 0) break
      afterId = page[page.length - 1]!.customerId
      await recompute(page)
    }
    for (let afterId = 0; ;) {
      const ids = await repos.purchases.buyers(window, afterId, batch)
      if (ids.length === 0) break
      afterId = ids[ids.length - 1]!
      // Those with a rules tier were done above; those with an override stay as they are.
      await recompute((await repos.tiers.getMany(ids)).filter(s => s.source === null && s.tier === null))
    }
    this.#opts.logger.info({ customers, changed }, 'tiers recomputed')
    return { customers, changed }
  }

  /** A stored tier as the API shows it. */
  view (state: TierState): TierView {
    return {
      tier: state.tier,
      source: state.source,
      reason: state.reason,
      why: tierWhy(state),
      updatedAt: state.updatedAt,
      tiers: [...this.names]
    }
  }

  /** Purchase figures as the API shows them. */
  summary (stats: PurchaseStats): PurchaseSummary {
    const { windowDays } = this.#opts.policy
    return {
      windowDays,
      currency: stats.currency,
      volumeMinor: stats.volumeMinor,
      volume: `${formatMoney(stats.volumeMinor, stats.currency, this.#opts.locale)} in ${windowText(windowDays)}`,
      count: stats.count,
      onTimeRatio: onTimeRatio(stats)
    }
  }

  /** The card's tier reason and purchase volume. */
  async cardFacts (customerId: number): Promise<TierCardFacts> {
    const window = this.window()
    const [state, stats] = await Promise.all([
      this.#uow.repos.tiers.get(customerId),
      this.#uow.repos.purchases.stats(customerId, window)
    ])
    const { windowDays } = this.#opts.policy
    return {
      tierWhy: state === null ? null : tierWhy(state),
      purchaseVolume: stats.count === 0
        ? null
        : { amountMinor: stats.volumeMinor, currency: stats.currency, windowDays, text: this.summary(stats).volume }
    }
  }

  async #apply (repos: CrmRepos, current: TierState, next: TierWrite, actorId: number | null): Promise<TierState | null> {
    if (!differs(current, next)) return current
    const written = await repos.tiers.write(current, next)
    if (written !== null && written.tier !== current.tier && this.#opts.audit !== false) {
      await repos.audit.write({
        actorId,
        action: 'tier.rules',
        entity: 'customer',
        entityId: current.customerId,
        detail: { from: current.tier, to: written.tier }
      })
    }
    return written
  }
}

function differs (current: TierState, next: TierWrite): boolean {
  return current.tier !== next.tier || current.source !== next.source || current.reason !== next.reason
}

/** The card's "why" line for a stored tier: the rules' figures, or the override's reason. */
export function tierWhy (state: Pick<TierState, 'tier' | 'source' | 'reason'>): string | null {
  if (state.tier === null) return null
  if (state.source === 'manual') return state.reason === null || state.reason === '' ? 'set by hand' : `set by hand: ${state.reason}`
  return state.reason
}
