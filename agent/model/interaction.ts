/**
 * Contacts in a customer's file: calls (logged automatically), meetings, e-mails, SMS, notes, and the operator's wrap-up.
 * Plain data, no I/O: times are ISO-8601 strings in UTC.
 */
import type { Issue } from './issue.js'

export type InteractionKind = 'call' | 'meeting' | 'email' | 'sms' | 'note'
export type Direction = 'inbound' | 'outbound'

export interface Interaction {
  readonly id: number
  readonly customerId: number | null
  readonly kind: InteractionKind
  readonly direction: Direction | null
  readonly occurredAt: string
  readonly operatorId: number | null
  /** Operator extension that handled the call. */
  readonly extension: string | null
  readonly callId: string | null
  readonly queue: string | null
  /** Remote number as raw / E.164, for calls from unknown numbers. */
  readonly remoteNumber: string | null
  readonly ringSeconds: number | null
  readonly talkSeconds: number | null
  /** answered | missed | busy | abandoned | failed | unknown (from the PBX). */
  readonly callResult: string | null
  /** Operator's wrap-up disposition code, e.g. `sale`, `support`; null until wrapped up. */
  readonly disposition: string | null
  readonly note: string | null
  /** Whether the customer's problem was solved on this contact; null = not recorded. */
  readonly resolved: boolean | null
  readonly issueId: number | null
  /** An e-mail's subject, a meeting's title; null for calls. */
  readonly subject: string | null
  /** What came of a manual contact, in a few words; a call's is its disposition. */
  readonly outcome: string | null
}

/** What the tracker knows when a call ends, for the automatic call log. */
export interface CallLogEntry {
  readonly callId: string
  readonly customerId: number | null
  readonly direction: Direction
  readonly occurredAt: string
  readonly extension: string | null
  readonly operatorId: number | null
  readonly queue: string | null
  readonly remoteNumber: string | null
  readonly ringSeconds: number | null
  readonly talkSeconds: number | null
  readonly callResult: string
}

/** The operator's wrap-up for one call. */
export interface OutcomeInput {
  readonly callId: string
  readonly idempotencyKey: string
  readonly operatorId: number
  /** Defaults to the customer the call was matched to. */
  readonly customerId: number | null
  readonly disposition: string
  readonly note: string
  /** The problem on this contact was solved. */
  readonly resolved: boolean
  /** Resolve this existing open issue. */
  readonly resolveIssueId: number | null
  /** Open a new issue with this title (when not resolved). */
  readonly newIssueTitle: string | null
  /** Call facts, used when the call log row does not exist yet. */
  readonly call: Omit<CallLogEntry, 'callId' | 'customerId' | 'operatorId'> | null
}

export interface OutcomeResult {
  readonly interaction: Interaction
  readonly issue: Issue | null
  /** True when this idempotency key was seen before and the stored result is returned. */
  readonly replayed: boolean
}

/** An interaction as listed in a customer's history, with the handling operator's name. */
export interface InteractionWithOperator extends Interaction {
  /** Display name of `operatorId`; null when no operator is recorded (or was deleted). */
  readonly operatorName: string | null
}

/** A contact that is not a PBX call (meeting, e-mail, SMS, note), or a historical call for imports and seeding. */
export interface NewInteractionInput {
  readonly customerId: number
  readonly kind: InteractionKind
  readonly direction: Direction | null
  readonly occurredAt: string
  readonly operatorId: number | null
  readonly disposition: string | null
  readonly note: string | null
  readonly resolved: boolean | null
  readonly issueId: number | null
  readonly subject?: string | null
  readonly outcome?: string | null
}
