/**
 * The WebSocket contract between the agent and `<ringcard-pop>`: TypeBox
 * schemas, with the TypeScript types derived from them (`Static`), so the
 * shape is written once. The REST contract (`./rest.ts`) reuses the card
 * schemas. The widget imports this module with `import type` only, and its
 * constants from `./ws-codes.ts`, so no schema code reaches the bundle.
 *
 * Flow:
 * ```
 * client                                server
 *   ── open wss://…/ws ───────────────────►   Origin not allowed: close 4403
 *   ── {type:'auth', v:1, token} ─────────►
 *   ◄── {type:'welcome', operator, …} ────   or {type:'error', code} + close 4401
 *   ◄── {type:'snapshot', calls:[…]} ─────   the operator's live calls
 *   ◄── {type:'call', call} ──────────────   every change of a call on their extensions
 *   ── {type:'ping'} ─────────────────────►
 *   ◄── {type:'pong'} ────────────────────
 * ```
 * Every server message carries `v` (protocol version) and `seq`, which grows
 * by one per message on a connection, so a client can tell it missed one.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { IsoTime, Nullable, RowId, type Frozen } from './common.js'
import { PROTOCOL_VERSION } from './ws-codes.js'
import type { MatchConfidence as ModelMatchConfidence } from '../model/customer.js'

export { CloseCode, PROTOCOL_VERSION } from './ws-codes.js'

/** Confidence of a caller-ID match, best first. */
export const MatchConfidence = Type.Union([Type.Literal('exact'), Type.Literal('national'), Type.Literal('suffix')])
export type MatchConfidence = Static<typeof MatchConfidence>
// The wire and the model name the same confidences; this line stops compiling if they drift.
const sameConfidences: [MatchConfidence, ModelMatchConfidence] extends [ModelMatchConfidence, MatchConfidence] ? true : never = true
void sameConfidences

/** One contact in a customer's history, as the card and the file list it. */
export const CardContact = Type.Object({
  id: RowId(),
  kind: Type.Union([Type.Literal('call'), Type.Literal('meeting'), Type.Literal('email'), Type.Literal('sms'), Type.Literal('note')]),
  direction: Nullable(Type.Union([Type.Literal('inbound'), Type.Literal('outbound')])),
  occurredAt: IsoTime(),
  callResult: Nullable(Type.String({ description: 'PBX result: answered, missed, busy, abandoned …' })),
  disposition: Nullable(Type.String({ description: 'The operator\'s disposition label, e.g. "Support"' })),
  note: Nullable(Type.String()),
  resolved: Nullable(Type.Boolean({ description: 'Whether the problem was solved; null when nobody recorded it' })),
  operatorName: Nullable(Type.String())
})
export type CardContact = Frozen<Static<typeof CardContact>>

export const CardIssue = Type.Object({
  id: RowId(),
  title: Type.String(),
  openedAt: IsoTime()
})
export type CardIssue = Frozen<Static<typeof CardIssue>>

/** The sales funnel: lead → prospect → customer, and inactive for a customer who stopped buying. */
export const Stage = Type.Union([Type.Literal('lead'), Type.Literal('prospect'), Type.Literal('customer'), Type.Literal('inactive')])
export type Stage = Static<typeof Stage>

/** Everything the operator needs to greet the caller and pick up the last problem. */
export const CustomerCard = Type.Object({
  customerId: RowId(),
  displayName: Type.String(),
  salutation: Type.String({ description: 'Ready-made greeting form, e.g. "Ms Doe" or "Jane Doe"' }),
  honorific: Nullable(Type.String()),
  company: Nullable(Type.String()),
  stage: Stage,
  tier: Nullable(Type.String()),
  tierWhy: Nullable(Type.String({ description: 'Why the customer has their tier: "€12,400 in 12 months, 96% paid on time", or "set by hand: …" for an override; null without a tier' })),
  purchaseVolume: Nullable(Type.Object({
    amountMinor: Type.Integer({ minimum: 0, description: 'Minor units (cents) of currency' }),
    currency: Type.String({ description: 'ISO 4217: the tier currency (RINGCARD_TIER_CURRENCY)' }),
    windowDays: Type.Integer({ minimum: 1 }),
    text: Type.String({ description: 'Worded for the card: "€12,400 in 12 months"' })
  }, { description: 'Purchase volume over the tier window; null when the customer bought nothing in it' })),
  birthdayToday: Type.Boolean({ description: 'Today (in the agent\'s time zone, RINGCARD_TIME_ZONE) is the customer\'s birthday; 29 February birthdays fall on 28 February in other years' }),
  groups: Type.Array(Type.String()),
  ownerName: Nullable(Type.String()),
  sourceCampaign: Nullable(Type.String()),
  language: Nullable(Type.String()),
  openIssues: Type.Array(CardIssue),
  lastContacts: Type.Array(CardContact),
  confidence: MatchConfidence,
  why: Type.String({ description: 'One line explaining the match, e.g. "exact number +49 151 12345678"; empty when the file was opened directly' })
})
export type CustomerCard = Frozen<Static<typeof CustomerCard>>

/** What the pop shows for one call. */
export const CallMatch = Type.Union([
  Type.Object({
    kind: Type.Literal('customer'),
    card: CustomerCard,
    number: Type.Optional(Type.String({ description: 'Caller number, formatted for display' }))
  }),
  Type.Object({
    kind: Type.Literal('choose'),
    candidates: Type.Array(CustomerCard, { description: 'The one an operator picked last time for this number comes first' }),
    number: Type.Optional(Type.String()),
    e164: Type.Optional(Type.String({ description: 'The caller\'s number, E.164' })),
    chosenId: Type.Optional(RowId({ description: 'The candidate the operator picked, once picked' }))
  }),
  Type.Object({
    kind: Type.Literal('possible'),
    candidates: Type.Array(CustomerCard, {
      description: 'Customers with a legacy number that could not be read as E.164 and shares the caller\'s last digits; confidence `suffix`'
    }),
    number: Type.Optional(Type.String()),
    e164: Type.Optional(Type.String({ description: 'The caller\'s number, E.164' })),
    chosenId: Type.Optional(RowId({ description: 'The candidate an operator confirmed (PUT /api/calls/:callId/customer); until then the call is filed on nobody' }))
  }, { description: 'A possible match: shown as "possible match, press Enter to confirm", never as the customer\'s card' }),
  Type.Object({ kind: Type.Literal('unknown'), number: Type.String(), e164: Nullable(Type.String()) }),
  Type.Object({
    kind: Type.Literal('withheld'),
    reason: Type.Union([Type.Literal('withheld'), Type.Literal('absent')], {
      description: '`withheld` when the caller hid the number (CLIR, anonymous), `absent` when the PBX had none'
    })
  })
])
export type CallMatch = Frozen<Static<typeof CallMatch>>

export const CallView = Type.Object({
  id: Type.String(),
  direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')]),
  state: Type.Union([Type.Literal('queued'), Type.Literal('ringing'), Type.Literal('connected'), Type.Literal('ended')]),
  myLeg: Nullable(Type.Union(['ringing', 'answered', 'cancelled', 'noanswer', 'busy', 'ended'].map(s => Type.Literal(s)), {
    description: 'This operator\'s own leg'
  })),
  answeredBy: Nullable(Type.String({ description: 'Extension that answered, when it is not this operator' })),
  answeredByName: Nullable(Type.String()),
  queue: Nullable(Type.String()),
  callerName: Nullable(Type.String({ description: 'Caller name as the PBX sent it (may be attacker-controlled text)' })),
  number: Nullable(Type.String({ description: 'Display number, null when withheld or absent' })),
  startedAt: IsoTime(),
  answeredAt: Nullable(IsoTime()),
  endedAt: Nullable(IsoTime()),
  result: Nullable(Type.String({ description: 'How the call ended (answered, missed, busy, abandoned, failed, unknown); null while live' })),
  match: CallMatch,
  wrappedUp: Type.Boolean({ description: 'True once an outcome has been saved for this call' }),
  unverified: Type.Optional(Type.Boolean({ description: 'True while the PBX link is down and this live call could not be confirmed since' }))
})
export type CallView = Frozen<Static<typeof CallView>>

/** `integration`: a machine token (Asterisk's dialplan) that may call `GET /api/lookup` and nothing else. */
export const Role = Type.Union([Type.Literal('operator'), Type.Literal('supervisor'), Type.Literal('admin'), Type.Literal('integration')])

export const OperatorInfo = Type.Object({
  id: RowId(),
  login: Type.String(),
  displayName: Type.String(),
  role: Role,
  extensions: Type.Array(Type.String())
})
export type OperatorInfo = Frozen<Static<typeof OperatorInfo>>

export const DispositionOption = Type.Object({
  key: Type.Integer({ minimum: 1, maximum: 9, description: '1–9: the key that picks it in the wrap-up form' }),
  code: Type.String(),
  label: Type.String()
})
export type DispositionOption = Frozen<Static<typeof DispositionOption>>

const PbxStatus = Type.Union([Type.Literal('connected'), Type.Literal('disconnected')])

/** A server message: `v` and `seq` plus the message's own fields. */
const server = <K extends string, T extends Record<string, TSchema>>(type: K, fields: T) => Type.Object({
  type: Type.Literal(type),
  v: Type.Literal(PROTOCOL_VERSION),
  seq: Type.Integer({ minimum: 1 }),
  ...fields
})

export const ServerMessage = Type.Union([
  server('welcome', { operator: OperatorInfo, dispositions: Type.Array(DispositionOption), pbx: PbxStatus }),
  server('snapshot', { calls: Type.Array(CallView) }),
  server('call', { call: CallView }),
  server('pbx', { status: PbxStatus }),
  server('pong', {}),
  server('error', { code: Type.String(), message: Type.String() })
])
export type ServerMessage = Frozen<Static<typeof ServerMessage>>

export const ClientMessage = Type.Union([
  Type.Object({ type: Type.Literal('auth'), v: Type.Integer(), token: Type.String({ minLength: 1, maxLength: 200 }) }),
  Type.Object({ type: Type.Literal('ping') })
])
export type ClientMessage = Frozen<Static<typeof ClientMessage>>
