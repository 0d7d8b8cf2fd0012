/**
 * The REST contract of a customer's history and standing: the timeline
 * (calls, meetings, e-mails, SMS, notes), issues, purchases and payments, and
 * the tier. Merged into `Routes` (`./rest.ts`); the widget imports the types
 * with `import type`.
 *
 * Who may do what is the use cases' business: anyone at the desk who may
 * read a customer's file may add to its timeline, issues and purchases;
 * only supervisors and admins override a tier.
 */
import { Type, type Static } from '@sinclair/typebox'
import { IsoTime, Nullable, RowId, Text, bearer, errors, type Frozen } from './common.js'

const CustomerIdParams = Type.Object({ id: RowId({ description: 'Customer id' }) })
const IssueIdParams = Type.Object({ id: RowId({ description: 'Issue id' }) })
const PurchaseIdParams = Type.Object({ id: RowId({ description: 'Purchase id' }) })

const Direction = Type.Union([Type.Literal('inbound'), Type.Literal('outbound')])
const IssueStatus = Type.Union([Type.Literal('open'), Type.Literal('resolved')])

/** Every kind of contact on the timeline. Calls are logged by the agent; the others are added by hand. */
export const TimelineKind = Type.Union([Type.Literal('call'), Type.Literal('meeting'), Type.Literal('email'), Type.Literal('sms'), Type.Literal('note')])
/** The kinds an operator adds by hand. */
export const ManualKind = Type.Union([Type.Literal('meeting'), Type.Literal('email'), Type.Literal('sms'), Type.Literal('note')])

// ── timeline ──────────────────────────────────────────────────────────────

export const TimelineEntry = Type.Object({
  id: RowId(),
  kind: TimelineKind,
  direction: Nullable(Direction),
  occurredAt: IsoTime(),
  operatorName: Nullable(Type.String({ description: 'Who did it: the operator who handled the call or added the entry; null when nobody is recorded' })),
  subject: Nullable(Type.String({ description: 'An e-mail\'s subject, a meeting\'s title' })),
  note: Nullable(Type.String()),
  outcome: Nullable(Type.String({ description: 'What came of it: a call\'s wrap-up disposition (its label), the outcome given for other entries' })),
  callResult: Nullable(Type.String({ description: 'Calls: answered, missed, busy, abandoned, failed, unknown' })),
  talkSeconds: Nullable(Type.Number({ minimum: 0 })),
  resolved: Nullable(Type.Boolean({ description: 'Whether this contact solved its issue; null when not recorded' })),
  issue: Nullable(Type.Object({ id: RowId(), title: Type.String(), status: IssueStatus }, { description: 'The issue this contact belongs to' }))
})
export type TimelineEntry = Frozen<Static<typeof TimelineEntry>>

export const TimelineQuery = Type.Object({
  before: Type.Optional(Type.String({
    minLength: 1,
    maxLength: 80,
    description: 'Where the page starts: the `next` of the previous page, or an ISO time (entries strictly before it)'
  })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 }))
}, { additionalProperties: false })
export type TimelineQuery = Frozen<Static<typeof TimelineQuery>>

export const TimelinePage = Type.Object({
  entries: Type.Array(TimelineEntry, { description: 'Newest first' }),
  next: Nullable(Type.String({ description: 'Pass as `before` for the next, older page; null on the last page' }))
})
export type TimelinePage = Frozen<Static<typeof TimelinePage>>

export const NewTimelineEntryBody = Type.Object({
  kind: ManualKind,
  occurredAt: Type.Optional(IsoTime({ description: 'When it happened; default now' })),
  direction: Type.Optional(Direction),
  subject: Type.Optional(Text(200)),
  note: Type.Optional(Text(4000)),
  outcome: Type.Optional(Text(200, 0, { description: 'What came of it, in a few words' })),
  issueId: Type.Optional(RowId({ description: 'The customer\'s issue this contact is about' })),
  newIssueTitle: Type.Optional(Text(200, 1, { description: 'Open a new issue on this contact (instead of issueId)' })),
  resolved: Type.Optional(Type.Boolean({ description: 'This contact solved its issue (needs issueId or newIssueTitle): the issue is resolved' }))
}, { additionalProperties: false })
export type NewTimelineEntryBody = Frozen<Static<typeof NewTimelineEntryBody>>

// ── issues ────────────────────────────────────────────────────────────────

export const IssueView = Type.Object({
  id: RowId(),
  customerId: RowId(),
  title: Type.String(),
  description: Nullable(Type.String()),
  status: IssueStatus,
  openedAt: IsoTime(),
  openedByName: Nullable(Type.String()),
  resolvedAt: Nullable(IsoTime()),
  resolvedByName: Nullable(Type.String()),
  resolvedOnFirstContact: Nullable(Type.Boolean({
    description: 'Resolved on the first contact linked to it, with no other contact about it within RINGCARD_FCR_WINDOW_DAYS; null while open'
  })),
  contacts: Type.Array(Type.Object({
    id: RowId(),
    kind: TimelineKind,
    occurredAt: IsoTime(),
    resolved: Nullable(Type.Boolean())
  }), { description: 'The contacts linked to it, oldest first' })
})
export type IssueView = Frozen<Static<typeof IssueView>>

export const IssueQuery = Type.Object({
  status: Type.Optional(Type.Union([IssueStatus, Type.Literal('all')], { default: 'all' }))
}, { additionalProperties: false })
export type IssueQuery = Frozen<Static<typeof IssueQuery>>

export const IssueList = Type.Object({ issues: Type.Array(IssueView, { description: 'Open ones first (oldest first), then resolved ones (latest first)' }) })
export type IssueList = Frozen<Static<typeof IssueList>>

export const NewIssueBody = Type.Object({
  title: Text(200, 1),
  description: Type.Optional(Text(4000)),
  interactionId: Type.Optional(RowId({ description: 'The contact on which it came up (one of this customer\'s), linked to it' }))
}, { additionalProperties: false })
export type NewIssueBody = Frozen<Static<typeof NewIssueBody>>

export const IssuePatchBody = Type.Object({
  title: Type.Optional(Text(200, 1)),
  description: Type.Optional(Nullable(Text(4000))),
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved')], { description: '`resolved` resolves it, `open` reopens it' }))
}, { additionalProperties: false, minProperties: 1 })
export type IssuePatchBody = Frozen<Static<typeof IssuePatchBody>>

export const IssueAnswer = Type.Object({ issue: IssueView })
export type IssueAnswer = Frozen<Static<typeof IssueAnswer>>

export const TimelineEntryAdded = Type.Object({
  entry: TimelineEntry,
  issue: Nullable(IssueView)
})
export type TimelineEntryAdded = Frozen<Static<typeof TimelineEntryAdded>>

// ── purchases and tiers ───────────────────────────────────────────────────

const PaymentMethod = Type.Union([Type.Literal('cash'), Type.Literal('credit'), Type.Literal('instalments')])
const Amount = (description: string) => Type.String({ pattern: '^\\d{1,15}(\\.\\d{1,4})?$', description })

export const PurchaseView = Type.Object({
  id: RowId(),
  customerId: RowId(),
  purchasedAt: IsoTime(),
  amount: Amount('Decimal, e.g. "1249.99"'),
  amountMinor: Type.Integer({ minimum: 0, description: 'The same amount in whole minor units of currency (cents)' }),
  currency: Type.String({ description: 'ISO 4217' }),
  product: Nullable(Type.String()),
  category: Nullable(Type.String()),
  paymentMethod: PaymentMethod,
  paidOnTime: Nullable(Type.Boolean({ description: 'Null while unknown' })),
  createdByName: Nullable(Type.String())
})
export type PurchaseView = Frozen<Static<typeof PurchaseView>>

export const PurchaseSummary = Type.Object({
  windowDays: Type.Integer({ minimum: 1, description: 'RINGCARD_TIER_WINDOW_DAYS' }),
  currency: Type.String({ description: 'RINGCARD_TIER_CURRENCY: the volume is summed in it' }),
  volumeMinor: Type.Integer({ minimum: 0 }),
  volume: Type.String({ description: 'Worded: "€12,400 in 12 months"' }),
  count: Type.Integer({ minimum: 0, description: 'Purchases in the window, in any currency' }),
  onTimeRatio: Nullable(Type.Number({ minimum: 0, maximum: 1, description: 'Share of purchases with a known payment that were paid on time; null when none is known' }))
}, { description: 'The figures tier rules look at, over the tier window ending now' })
export type PurchaseSummary = Frozen<Static<typeof PurchaseSummary>>

export const TierView = Type.Object({
  tier: Nullable(Type.String()),
  source: Nullable(Type.Union([Type.Literal('rules'), Type.Literal('manual')], { description: '`manual`: an override the rules leave alone' })),
  reason: Nullable(Type.String({ description: 'The rules\' figures, or the reason given for the override' })),
  why: Nullable(Type.String({ description: 'The card\'s line: the figures, or "set by hand: …"' })),
  updatedAt: Nullable(IsoTime()),
  tiers: Type.Array(Type.String(), { description: 'The configured tier names, best first' })
})
export type TierView = Frozen<Static<typeof TierView>>

export const PurchaseList = Type.Object({
  purchases: Type.Array(PurchaseView, { description: 'Latest first' }),
  summary: PurchaseSummary,
  tier: TierView
})
export type PurchaseList = Frozen<Static<typeof PurchaseList>>

export const PurchaseQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 }))
}, { additionalProperties: false })
export type PurchaseQuery = Frozen<Static<typeof PurchaseQuery>>

export const NewPurchaseBody = Type.Object({
  amount: Amount('Decimal with at most the currency\'s minor digits: "1249.99" EUR, "1500" JPY (a JSON number is read as its decimal text)'),
  currency: Type.String({ pattern: '^[A-Za-z]{3}$', description: 'ISO 4217' }),
  purchasedAt: Type.Optional(IsoTime({ description: 'Default now' })),
  product: Type.Optional(Text(200)),
  category: Type.Optional(Text(120)),
  paymentMethod: PaymentMethod,
  paidOnTime: Type.Optional(Nullable(Type.Boolean({ description: 'Omit or null while unknown' })))
}, { additionalProperties: false })
export type NewPurchaseBody = Frozen<Static<typeof NewPurchaseBody>>

export const PurchasePatchBody = Type.Object({
  paidOnTime: Nullable(Type.Boolean())
}, { additionalProperties: false })
export type PurchasePatchBody = Frozen<Static<typeof PurchasePatchBody>>

export const PurchaseAnswer = Type.Object({ purchase: PurchaseView, tier: TierView })
export type PurchaseAnswer = Frozen<Static<typeof PurchaseAnswer>>

export const TierOverrideBody = Type.Object({
  tier: Text(40, 1, { description: 'One of the configured tier names' }),
  reason: Text(300, 1, { description: 'Why; shown on the card as "set by hand: …"' })
}, { additionalProperties: false })
export type TierOverrideBody = Frozen<Static<typeof TierOverrideBody>>

export const TierAnswer = Type.Object({ tier: TierView, summary: PurchaseSummary })
export type TierAnswer = Frozen<Static<typeof TierAnswer>>

const tags = ['timeline']

/** Route schemas of this area, merged into `Routes`. */
export const TimelineRoutes = {
  'GET /api/customers/:id/timeline': {
    summary: 'A customer\'s timeline: calls, meetings, e-mails, SMS and notes, newest first, paged', tags, security: bearer,
    params: CustomerIdParams,
    querystring: TimelineQuery,
    response: { 200: TimelinePage, ...errors(404) }
  },
  'POST /api/customers/:id/timeline': {
    summary: 'Add a meeting, e-mail, SMS or note to a customer\'s timeline',
    description: 'Optionally about an issue (issueId, or newIssueTitle to open one); with resolved: true the issue is resolved on this contact.',
    tags, security: bearer,
    params: CustomerIdParams,
    body: NewTimelineEntryBody,
    response: { 201: TimelineEntryAdded, ...errors(404, 422) }
  },
  'GET /api/customers/:id/issues': {
    summary: 'A customer\'s issues with their contacts and whether each was resolved on first contact', tags: ['issues'], security: bearer,
    params: CustomerIdParams,
    querystring: IssueQuery,
    response: { 200: IssueList, ...errors(404) }
  },
  'POST /api/customers/:id/issues': {
    summary: 'Open an issue', tags: ['issues'], security: bearer,
    params: CustomerIdParams,
    body: NewIssueBody,
    response: { 201: IssueAnswer, ...errors(404) }
  },
  'PATCH /api/issues/:id': {
    summary: 'Resolve, reopen or edit an issue', tags: ['issues'], security: bearer,
    params: IssueIdParams,
    body: IssuePatchBody,
    response: { 200: IssueAnswer, ...errors(404) }
  },
  'GET /api/customers/:id/purchases': {
    summary: 'A customer\'s purchases, their volume and payment behaviour over the tier window, and the tier', tags: ['purchases'], security: bearer,
    params: CustomerIdParams,
    querystring: PurchaseQuery,
    response: { 200: PurchaseList, ...errors(404) }
  },
  'POST /api/customers/:id/purchases': {
    summary: 'Record a purchase; the tier is recomputed at once', tags: ['purchases'], security: bearer,
    params: CustomerIdParams,
    body: NewPurchaseBody,
    response: { 201: PurchaseAnswer, ...errors(404, 422) }
  },
  'PATCH /api/purchases/:id': {
    summary: 'Record whether a purchase was paid on time; the tier is recomputed at once', tags: ['purchases'], security: bearer,
    params: PurchaseIdParams,
    body: PurchasePatchBody,
    response: { 200: PurchaseAnswer, ...errors(404) }
  },
  'GET /api/customers/:id/tier': {
    summary: 'A customer\'s tier, where it comes from, and the figures behind it', tags: ['tiers'], security: bearer,
    params: CustomerIdParams,
    response: { 200: TierAnswer, ...errors(404) }
  },
  'PUT /api/customers/:id/tier': {
    summary: 'Override the tier by hand (supervisors and admins); the rules leave it alone until the override is cleared', tags: ['tiers'], security: bearer,
    params: CustomerIdParams,
    body: TierOverrideBody,
    response: { 200: TierAnswer, ...errors(404, 422) }
  },
  'DELETE /api/customers/:id/tier': {
    summary: 'Clear a manual tier (supervisors and admins): the rules decide again, at once', tags: ['tiers'], security: bearer,
    params: CustomerIdParams,
    response: { 200: TierAnswer, ...errors(404) }
  }
} as const
