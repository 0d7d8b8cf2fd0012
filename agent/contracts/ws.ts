/**
 * The WebSocket contract between the agent and `<ringcard-pop>`.
 * The widget imports this file with `import type` only, so no server code
 * reaches the bundle.
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

export const PROTOCOL_VERSION = 1

/** Confidence of a caller-ID match, best first. */
export type MatchConfidence = 'exact' | 'national' | 'suffix'

export interface CardContact {
  readonly id: number
  readonly kind: 'call' | 'meeting' | 'email' | 'note'
  readonly direction: 'inbound' | 'outbound' | null
  readonly occurredAt: string
  /** PBX result: answered, missed, busy, abandoned … */
  readonly callResult: string | null
  /** Operator's disposition label, e.g. "Support". */
  readonly disposition: string | null
  readonly note: string | null
  /** Whether the problem was solved; null when nobody recorded it. */
  readonly resolved: boolean | null
  readonly operatorName: string | null
}

export interface CardIssue {
  readonly id: number
  readonly title: string
  readonly openedAt: string
}

/** Everything the operator needs to greet the caller and pick up the last problem. */
export interface CustomerCard {
  readonly customerId: number
  readonly displayName: string
  /** Ready-made greeting form, e.g. "Ms Doe" or "Jane Doe". */
  readonly salutation: string
  readonly honorific: string | null
  readonly company: string | null
  readonly stage: 'lead' | 'prospect' | 'customer'
  readonly tier: string | null
  readonly groups: readonly string[]
  readonly ownerName: string | null
  readonly sourceCampaign: string | null
  readonly language: string | null
  readonly openIssues: readonly CardIssue[]
  readonly lastContacts: readonly CardContact[]
  readonly confidence: MatchConfidence
  /** One line explaining the match, e.g. "exact number +49 151 12345678"; empty when the file was opened directly. */
  readonly why: string
}

/** What the pop shows for one call. */
export type CallMatch =
  | { readonly kind: 'customer'; readonly card: CustomerCard; /** Caller number, formatted for display. */ readonly number?: string }
  | { readonly kind: 'choose'; readonly candidates: readonly CustomerCard[]; readonly number?: string; /** The candidate the operator picked, once picked. */ readonly chosenId?: number }
  | { readonly kind: 'unknown'; readonly number: string; readonly e164: string | null }
  /** No number to look up: `withheld` when the caller hid it (CLIR, anonymous), `absent` when the PBX had none. */
  | { readonly kind: 'withheld'; readonly reason: 'withheld' | 'absent' }

export interface CallView {
  readonly id: string
  readonly direction: 'inbound' | 'outbound'
  readonly state: 'queued' | 'ringing' | 'connected' | 'ended'
  /** This operator's own leg: ringing, answered, cancelled … */
  readonly myLeg: 'ringing' | 'answered' | 'cancelled' | 'noanswer' | 'busy' | 'ended' | null
  /** Extension that answered, when it is not this operator: "answered by 1002". */
  readonly answeredBy: string | null
  readonly answeredByName: string | null
  readonly queue: string | null
  /** Caller name as the PBX sent it (may be attacker-controlled text). */
  readonly callerName: string | null
  /** Display number, null when withheld or absent. */
  readonly number: string | null
  readonly startedAt: string
  readonly answeredAt: string | null
  readonly endedAt: string | null
  /** How the call ended (answered, missed, busy, abandoned, failed, unknown); null while live. */
  readonly result: string | null
  readonly match: CallMatch
  /** True once an outcome has been saved for this call. */
  readonly wrappedUp: boolean
  /** True while the PBX link is down and this live call could not be confirmed since. */
  readonly unverified?: boolean
}

export interface OperatorInfo {
  readonly id: number
  readonly login: string
  readonly displayName: string
  readonly role: 'operator' | 'supervisor' | 'admin'
  readonly extensions: readonly string[]
}

export interface DispositionOption {
  /** 1–9: the key that picks it in the wrap-up form. */
  readonly key: number
  readonly code: string
  readonly label: string
}

interface Envelope { readonly v: typeof PROTOCOL_VERSION; readonly seq: number }

export type ServerMessage =
  | Envelope & { readonly type: 'welcome'; readonly operator: OperatorInfo; readonly dispositions: readonly DispositionOption[]; readonly pbx: 'connected' | 'disconnected' }
  | Envelope & { readonly type: 'snapshot'; readonly calls: readonly CallView[] }
  | Envelope & { readonly type: 'call'; readonly call: CallView }
  | Envelope & { readonly type: 'pbx'; readonly status: 'connected' | 'disconnected' }
  | Envelope & { readonly type: 'pong' }
  | Envelope & { readonly type: 'error'; readonly code: string; readonly message: string }

export type ClientMessage =
  | { readonly type: 'auth'; readonly v: number; readonly token: string }
  | { readonly type: 'ping' }

/** Close codes the server uses (4000–4999 are application-defined). */
export const CloseCode = {
  /** Auth missing, wrong or too late. Do not retry with the same token. */
  Unauthorized: 4401,
  /** The page's Origin is not in RINGCARD_ALLOWED_ORIGINS. Sent right after the upgrade. */
  ForbiddenOrigin: 4403,
  /** Unsupported protocol version. */
  BadVersion: 4400,
  /** Server shutting down; reconnect later. */
  GoingAway: 1001,
  /** A passing server problem (database unreachable); reconnect later with the same token. */
  TryAgainLater: 1013
} as const

/** REST: POST /api/calls/:callId/outcome body. */
export interface OutcomeBody {
  readonly disposition: string
  readonly note?: string
  readonly resolved: boolean
  /** Defaults to the matched customer; required when the pop offered a chooser. */
  readonly customerId?: number
  readonly resolveIssueId?: number
  readonly newIssueTitle?: string
}

/** REST: POST /api/customers body (create lead from an unknown caller). */
export interface NewLeadBody {
  readonly displayName: string
  readonly phone: string
  readonly honorific?: string
  readonly company?: string
  readonly sourceCampaign?: string
  /** Link this call to the new lead. */
  readonly callId?: string
}
