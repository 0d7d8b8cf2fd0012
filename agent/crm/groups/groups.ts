/**
 * Groups: free tags with a colour ("VIP", "troublesome"…) that operators,
 * supervisors and admins create; their creator, supervisors and admins may
 * rename, recolour or delete them. Every change is audited (entity `group`).
 */
import type { GroupBody, GroupPatch } from '../../contracts/customers.js'
import type { GroupWithUse } from '../../model/customer-file.js'
import type { Operator } from '../../model/operator.js'
import { RingcardError } from '../../errors.js'
import type { CrmUnitOfWork } from '../crm-repos.js'
import { requireStaff } from '../operators/role-access.js'
import { mayManage } from '../customers/customer-access.js'

/** The colour of a group made without one. */
export const DEFAULT_GROUP_COLOUR = '#6b7280'

export class Groups {
  readonly #uow: CrmUnitOfWork

  constructor (uow: CrmUnitOfWork) {
    this.#uow = uow
  }

  /** @throws RingcardError RC_ERR_AUTH_FORBIDDEN */
  async list (actor: Operator): Promise<GroupWithUse[]> {
    requireStaff(actor)
    return await this.#uow.repos.groups.list()
  }

  /** @throws RingcardError RC_ERR_AUTH_FORBIDDEN, RC_ERR_GROUP_EXISTS, RC_ERR_API_BAD_BODY */
  async create (actor: Operator, body: GroupBody): Promise<GroupWithUse> {
    requireStaff(actor)
    const name = groupName(body.name)
    return await this.#uow.run(async (repos) => {
      const group = await repos.groups.create(name, (body.colour ?? DEFAULT_GROUP_COLOUR).toLowerCase(), actor.id)
      await repos.audit.write({ actorId: actor.id, action: 'group.create', entity: 'group', entityId: group.id, detail: {} })
      return group
    })
  }

  /** @throws RingcardError RC_ERR_AUTH_FORBIDDEN, RC_ERR_GROUP_NOT_FOUND, RC_ERR_GROUP_EXISTS, RC_ERR_API_BAD_BODY */
  async update (actor: Operator, groupId: number, patch: GroupPatch): Promise<GroupWithUse> {
    await this.#requireManaged(actor, groupId)
    return await this.#uow.run(async (repos) => {
      const group = await repos.groups.update(groupId, {
        name: patch.name === undefined ? undefined : groupName(patch.name),
        colour: patch.colour?.toLowerCase()
      })
      if (group === null) throw new RingcardError('RC_ERR_GROUP_NOT_FOUND')
      await repos.audit.write({ actorId: actor.id, action: 'group.update', entity: 'group', entityId: groupId, detail: { fields: Object.keys(patch) } })
      return group
    })
  }

  /** Deletes a group; its customers stay. @throws RingcardError RC_ERR_AUTH_FORBIDDEN, RC_ERR_GROUP_NOT_FOUND */
  async delete (actor: Operator, groupId: number): Promise<void> {
    const group = await this.#requireManaged(actor, groupId)
    await this.#uow.run(async (repos) => {
      if (!await repos.groups.delete(groupId)) throw new RingcardError('RC_ERR_GROUP_NOT_FOUND')
      await repos.audit.write({ actorId: actor.id, action: 'group.delete', entity: 'group', entityId: groupId, detail: { customers: group.customers } })
    })
  }

  async #requireManaged (actor: Operator, groupId: number): Promise<GroupWithUse> {
    requireStaff(actor)
    const group = await this.#uow.repos.groups.get(groupId)
    if (group === null) throw new RingcardError('RC_ERR_GROUP_NOT_FOUND')
    if (!mayManage(actor, group.createdBy)) throw new RingcardError('RC_ERR_AUTH_FORBIDDEN', 'Only its creator, supervisors and admins change a group')
    return group
  }
}

function groupName (text: string): string {
  const name = text.trim()
  if (name === '') throw new RingcardError('RC_ERR_API_BAD_BODY', 'name must not be blank')
  return name
}
