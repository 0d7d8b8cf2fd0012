/**
 * The tier use cases: read a customer's tier with the figures behind it,
 * override it by hand, and hand it back to the rules. Overrides are for
 * supervisors and admins, and each is audited (without its reason, which is
 * free text about the customer and stays on the customer's row).
 */
import type { TierAnswer, TierOverrideBody } from '../../contracts/timeline.js'
import type { Operator, Role } from '../../model/operator.js'
import type { TierState } from '../../model/tier.js'
import { RingcardError } from '../../errors.js'
import type { CrmRepos, CrmUnitOfWork } from '../crm-repos.js'
import { requireFile, type FileAccess } from '../file-access.js'
import { requireRole } from '../operators/role-access.js'
import { rulesOwn, type Tiering } from './tiering.js'

/** Who may override a tier. */
export const TIER_OVERRIDE_ROLES: readonly Role[] = ['supervisor', 'admin']

export interface TierDeskDeps {
  readonly uow: CrmUnitOfWork
  readonly access: FileAccess
  readonly tiering: Tiering
}

/** Reads a customer's tier; supervisors and admins override and clear it. */
export class TierDesk {
  readonly #deps: TierDeskDeps

  constructor (deps: TierDeskDeps) {
    this.#deps = deps
  }

  /** @throws RingcardError RC_ERR_CUSTOMER_NOT_FOUND, RC_ERR_AUTH_FORBIDDEN */
  async get (actor: Operator, customerId: number): Promise<TierAnswer> {
    await requireFile(this.#deps.access, this.#deps.uow.repos.customers, actor, customerId, 'tier')
    return await this.#answer(this.#deps.uow.repos, await this.#deps.uow.repos.tiers.get(customerId))
  }

  /**
   * Sets the tier by hand; the rules leave it alone until {@link clear}.
   * @throws RingcardError RC_ERR_AUTH_FORBIDDEN (not a supervisor or admin), RC_ERR_TIER_UNKNOWN, RC_ERR_CUSTOMER_NOT_FOUND
   */
  async override (actor: Operator, customerId: number, body: TierOverrideBody): Promise<TierAnswer> {
    requireRole(actor, TIER_OVERRIDE_ROLES)
    const wanted = body.tier.trim().toLowerCase()
    const tier = this.#deps.tiering.names.find(n => n.toLowerCase() === wanted)
    if (tier === undefined) {
      throw new RingcardError('RC_ERR_TIER_UNKNOWN', `No tier "${body.tier}"; the tiers are ${this.#deps.tiering.names.join(', ')}`)
    }
    await requireFile(this.#deps.access, this.#deps.uow.repos.customers, actor, customerId)
    return await this.#deps.uow.run(async (repos) => {
      const current = await repos.tiers.lock(customerId)
      if (current === null) throw new RingcardError('RC_ERR_CUSTOMER_NOT_FOUND')
      const written = await repos.tiers.write(current, { tier, source: 'manual', reason: body.reason.trim() })
      await repos.audit.write({
        actorId: actor.id,
        action: 'tier.override',
        entity: 'customer',
        entityId: customerId,
        detail: { from: current.tier, fromSource: current.source, to: tier }
      })
      return await this.#answer(repos, written)
    })
  }

  /**
   * Clears an override (a manual tier, or one the customer came with): the
   * rules decide again, at once. A tier the rules set stays as it is (and is
   * recomputed).
   * @throws RingcardError RC_ERR_AUTH_FORBIDDEN (not a supervisor or admin), RC_ERR_CUSTOMER_NOT_FOUND
   */
  async clear (actor: Operator, customerId: number): Promise<TierAnswer> {
    requireRole(actor, TIER_OVERRIDE_ROLES)
    await requireFile(this.#deps.access, this.#deps.uow.repos.customers, actor, customerId)
    return await this.#deps.uow.run(async (repos) => {
      const current = await repos.tiers.lock(customerId)
      if (current === null) throw new RingcardError('RC_ERR_CUSTOMER_NOT_FOUND')
      if (!rulesOwn(current)) {
        await repos.tiers.write(current, { tier: null, source: null, reason: null })
        await repos.audit.write({
          actorId: actor.id, action: 'tier.clear', entity: 'customer', entityId: customerId, detail: { from: current.tier }
        })
      }
      return await this.#answer(repos, await this.#deps.tiering.recompute(repos, customerId, actor.id))
    })
  }

  async #answer (repos: CrmRepos, state: TierState | null): Promise<TierAnswer> {
    if (state === null) throw new RingcardError('RC_ERR_CUSTOMER_NOT_FOUND')
    const { tiering } = this.#deps
    return { tier: tiering.view(state), summary: tiering.summary(await repos.purchases.stats(state.customerId, tiering.window())) }
  }
}
