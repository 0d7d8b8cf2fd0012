/**
 * Campaigns: where customers come from (name, channel, start, end, cost), so
 * they can be compared. Everyone at the desk reads them; supervisors and
 * admins manage them. Every change is audited (entity `campaign`).
 */
import type { CampaignBody, CampaignPatch } from '../../contracts/customers.js'
import type { Campaign } from '../../model/customer-file.js'
import type { Operator } from '../../model/operator.js'
import { RingcardError } from '../../errors.js'
import type { CrmUnitOfWork } from '../crm-repos.js'
import { requireStaff } from '../operators/role-access.js'
import { requireManager } from '../customers/customer-access.js'
import type { CampaignFields } from './campaign-repo.js'

export class Campaigns {
  readonly #uow: CrmUnitOfWork

  constructor (uow: CrmUnitOfWork) {
    this.#uow = uow
  }

  /** @throws RingcardError RC_ERR_AUTH_FORBIDDEN */
  async list (actor: Operator): Promise<Campaign[]> {
    requireStaff(actor)
    return await this.#uow.repos.campaigns.list()
  }

  /** @throws RingcardError RC_ERR_AUTH_FORBIDDEN, RC_ERR_CAMPAIGN_EXISTS, RC_ERR_API_BAD_BODY */
  async create (actor: Operator, body: CampaignBody): Promise<Campaign> {
    requireManager(actor)
    const fields = { name: '', channel: null, startsOn: null, endsOn: null, costMinor: null, currency: null, ...clean(body) }
    checkDates(fields)
    return await this.#uow.run(async (repos) => {
      const campaign = await repos.campaigns.create(fields)
      await repos.audit.write({ actorId: actor.id, action: 'campaign.create', entity: 'campaign', entityId: campaign.id, detail: {} })
      return campaign
    })
  }

  /** @throws RingcardError RC_ERR_AUTH_FORBIDDEN, RC_ERR_CAMPAIGN_NOT_FOUND, RC_ERR_CAMPAIGN_EXISTS, RC_ERR_API_BAD_BODY */
  async update (actor: Operator, campaignId: number, patch: CampaignPatch): Promise<Campaign> {
    requireManager(actor)
    return await this.#uow.run(async (repos) => {
      const current = await repos.campaigns.get(campaignId)
      if (current === null) throw new RingcardError('RC_ERR_CAMPAIGN_NOT_FOUND')
      const fields = clean(patch)
      checkDates({ ...current, ...fields })
      const campaign = await repos.campaigns.update(campaignId, fields)
      if (campaign === null) throw new RingcardError('RC_ERR_CAMPAIGN_NOT_FOUND')
      await repos.audit.write({ actorId: actor.id, action: 'campaign.update', entity: 'campaign', entityId: campaignId, detail: { fields: Object.keys(patch) } })
      return campaign
    })
  }

  /** Deletes a campaign; its customers keep none. @throws RingcardError RC_ERR_AUTH_FORBIDDEN, RC_ERR_CAMPAIGN_NOT_FOUND */
  async delete (actor: Operator, campaignId: number): Promise<void> {
    requireManager(actor)
    await this.#uow.run(async (repos) => {
      if (!await repos.campaigns.delete(campaignId)) throw new RingcardError('RC_ERR_CAMPAIGN_NOT_FOUND')
      await repos.audit.write({ actorId: actor.id, action: 'campaign.delete', entity: 'campaign', entityId: campaignId, detail: {} })
    })
  }
}

/** Trimmed text (blank channel: none), upper-case currency; absent keys stay absent. */
function clean (body: CampaignPatch): Partial<CampaignFields> {
  const out: { -readonly [K in keyof CampaignFields]?: CampaignFields[K] } = {}
  if (body.name !== undefined) {
    out.name = body.name.trim()
    if (out.name === '') throw new RingcardError('RC_ERR_API_BAD_BODY', 'name must not be blank')
  }
  if (body.channel !== undefined) out.channel = body.channel?.trim() || null
  if (body.startsOn !== undefined) out.startsOn = body.startsOn
  if (body.endsOn !== undefined) out.endsOn = body.endsOn
  if (body.costMinor !== undefined) out.costMinor = body.costMinor
  if (body.currency !== undefined) out.currency = body.currency?.toUpperCase() ?? null
  return out
}

/** @throws RingcardError RC_ERR_API_BAD_BODY when a date is not a real day or the campaign ends before it starts */
function checkDates (c: Pick<CampaignFields, 'startsOn' | 'endsOn' | 'costMinor' | 'currency'>): void {
  for (const day of [c.startsOn, c.endsOn]) {
    if (day !== null && day !== undefined && Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw new RingcardError('RC_ERR_API_BAD_BODY', `${day} is not a real day`)
  }
  if (c.startsOn != null && c.endsOn != null && c.endsOn < c.startsOn) throw new RingcardError('RC_ERR_API_BAD_BODY', 'endsOn is before startsOn')
  if (c.costMinor != null && c.currency == null) throw new RingcardError('RC_ERR_API_BAD_BODY', 'costMinor needs a currency')
}
