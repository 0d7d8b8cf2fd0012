/**
 * The REST contract of the people at the desk, as the widget offers them
 * when a customer is handed to someone. Merged into `Routes` (`./rest.ts`);
 * the widget imports the types with `import type`.
 */
import { Type, type Static } from '@sinclair/typebox'
import { RowId, bearer, errors, type Frozen } from './common.js'
import { Role } from './ws.js'

/** One person a customer can be given to: never a login, token or extension. */
export const OperatorListing = Type.Object({
  id: RowId(),
  displayName: Type.String(),
  role: Role
})
export type OperatorListing = Frozen<Static<typeof OperatorListing>>

export const OperatorList = Type.Object({
  operators: Type.Array(OperatorListing, { description: 'Operators, supervisors and admins, by name; integrations are nobody\'s owner and are not listed' })
})
export type OperatorList = Frozen<Static<typeof OperatorList>>

/** The operators' routes, keyed by `METHOD path`; merged into `Routes`. */
export const OperatorRoutes = {
  'GET /api/operators': {
    summary: 'The people a customer can be handed to: id, name and role (operators, supervisors and admins)',
    description: 'For the owner picker. An integration token gets 403 RC_ERR_AUTH_FORBIDDEN.',
    tags: ['operators'], security: bearer,
    response: { 200: OperatorList, ...errors() }
  }
} as const
