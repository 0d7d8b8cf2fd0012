/**
 * The REST contract of the caller lookup, `GET /api/lookup`: who is calling,
 * for integrators and for Asterisk's dialplan (`CURL()` + `JSON_DECODE()`).
 * Merged into `Routes` (`./rest.ts`).
 *
 * The dialplan reads fields with `JSON_DECODE`, which turns a JSON `null`
 * into the text `null`; so the fields a dialplan uses (`displayName`,
 * `ownerExtension`, `tier`) are strings, empty when there is nothing to say.
 */
import { Type, type Static } from '@sinclair/typebox'
import { Nullable, RowId, Text, bearer, errors, type Frozen } from './common.js'
import { MatchConfidence } from './ws.js'

export const LookupQuery = Type.Object({
  number: Text(64, 0, {
    description: 'The caller ID as the PBX has it (`${CALLERID(num)}`): E.164, national, an extension, or empty/`anonymous` when withheld. URL-encode it (`${URIENCODE(…)}`): a bare `+` in a query string reads as a space'
  }),
  country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166 alpha-2 country of a national number; default RINGCARD_DEFAULT_COUNTRY' }))
}, { additionalProperties: false })
export type LookupQuery = Frozen<Static<typeof LookupQuery>>

export const LookupCandidate = Type.Object({
  customerId: RowId(),
  displayName: Type.String(),
  confidence: MatchConfidence,
  why: Type.String({ description: 'One line explaining the match, e.g. "exact number +49 1511 2345678"' }),
  tier: Nullable(Type.String())
})
export type LookupCandidate = Frozen<Static<typeof LookupCandidate>>

export const LookupAnswer = Type.Object({
  number: Type.String({ description: 'The normalized number: E.164 for `e164`, the digits for `extension`, empty for `withheld`, the input (trimmed) for `invalid`' }),
  kind: Type.Union([Type.Literal('e164'), Type.Literal('extension'), Type.Literal('withheld'), Type.Literal('invalid')], {
    description: '`invalid` also covers numbers libphonenumber calls invalid for their region: they are never looked up'
  }),
  match: Type.Union([Type.Literal('single'), Type.Literal('several'), Type.Literal('possible'), Type.Literal('none')], {
    description: '`single`: one customer has this number; `several`: a shared number (an operator chooses); `possible`: only a legacy number that could not be read shares the last digits (never a certain match); `none`'
  }),
  candidates: Type.Array(LookupCandidate, { description: 'Best first; an operator\'s last pick for this number comes first' }),
  displayName: Type.String({ description: 'For CALLERID(name): the customer\'s name on a `single` match, else empty' }),
  ownerExtension: Type.String({ description: 'The extension of the customer\'s owner on a `single` match (route to the owner), else empty' }),
  tier: Type.String({ description: 'The customer\'s tier on a `single` match (e.g. `gold` for a VIP queue), else empty' })
})
export type LookupAnswer = Frozen<Static<typeof LookupAnswer>>

/** The lookup's route schema, merged into `Routes`. */
export const LookupRoutes = {
  'GET /api/lookup': {
    summary: 'Who is calling: the number normalized, the candidates, and for a single match name, owner extension and tier',
    description: 'For integrators and Asterisk\'s dialplan. Integration tokens (role `integration`) may call this route and nothing else; operators, supervisors and admins may call it too.',
    tags: ['lookup'], security: bearer,
    querystring: LookupQuery,
    response: { 200: LookupAnswer, ...errors() }
  }
} as const
