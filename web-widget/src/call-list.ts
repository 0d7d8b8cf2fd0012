import type { CallView, CardIssue, CustomerCard } from '../../agent/contracts/ws.js'
import { IDLE, type SaveState } from './save-state.js'

/**
 * What the pop does with a call, derived from the server's `CallView`:
 * - `live`: ringing or in progress → the card;
 * - `answered-elsewhere`: a colleague took it → a short notice, gone after {@link ANSWERED_ELSEWHERE_MS};
 * - `missed`: rang here, nobody here answered → stays until dismissed;
 * - `wrap-up`: this operator talked and the call ended → card + wrap-up form;
 * - `done`: wrapped up → removed (after a moment of "saved ✓" when saved here).
 */
export type CallPhase = 'live' | 'answered-elsewhere' | 'missed' | 'wrap-up' | 'done'

export const ANSWERED_ELSEWHERE_MS = 4_000
export const SAVED_LINGER_MS = 1_500

export interface CallEntry {
  /** The server's view, with a lead created here standing in for an `unknown` match. */
  readonly call: CallView
  readonly phase: CallPhase
  readonly chosenId: number | null
  readonly leadState: SaveState
  readonly saveState: SaveState
}

interface Slot {
  call: CallView
  chosenId: number | null
  lead: CustomerCard | null
  leadState: SaveState
  saveState: SaveState
  idempotencyKey: string | null
  /** The outcome body the key was made for. */
  keyContent: string | null
  /** When the entry leaves the list on its own, in ms. */
  removeAt: number | null
}

export function phaseOf (call: CallView): CallPhase {
  if (call.answeredBy !== null && call.myLeg !== 'answered') return 'answered-elsewhere'
  if (call.myLeg === 'noanswer' || call.myLeg === 'busy' || call.myLeg === 'cancelled') return 'missed'
  if (call.state !== 'ended') return 'live'
  if (call.wrappedUp) return 'done'
  return call.answeredAt !== null ? 'wrap-up' : 'missed'
}

function isRinging (call: CallView): boolean {
  return call.state === 'ringing' || call.state === 'queued'
}

/**
 * The operator's calls plus everything the pop knows about them locally
 * (chosen candidate, created lead, wrap-up progress and its idempotency key).
 * Pure state: no DOM, no network, time passed in.
 */
export class CallList {
  private readonly slots = new Map<string, Slot>()

  constructor (private readonly now: () => number, private readonly newKey: () => string) {}

  /**
   * A `snapshot` replaces the live calls. Calls the operator still owes work on
   * (wrap-up, missed) survive even when the server no longer lists them, and a
   * call that was connected here and vanished during a reconnect is taken as ended.
   * @returns ids of calls that started ringing here and were not known before
   */
  replaceAll (calls: readonly CallView[]): string[] {
    const incoming = new Set(calls.map((c) => c.id))
    for (const [id, slot] of this.slots) {
      if (incoming.has(id)) continue
      const phase = phaseOf(slot.call)
      if (phase === 'live' && slot.call.state === 'connected') {
        slot.call = { ...slot.call, state: 'ended', endedAt: new Date(this.now()).toISOString() }
      } else if (phase !== 'wrap-up' && phase !== 'missed') {
        this.slots.delete(id)
      }
    }
    return calls.flatMap((c) => (this.upsert(c) ? [c.id] : []))
  }

  /** @returns true when this call newly rings for the operator (worth announcing). */
  upsert (call: CallView): boolean {
    const slot = this.slots.get(call.id)
    const announce = (!slot || !isRinging(slot.call)) && isRinging(call) && phaseOf(call) === 'live'
      && call.direction === 'inbound'
    if (!slot) {
      this.slots.set(call.id, {
        call, chosenId: null, lead: null, leadState: IDLE, saveState: IDLE, idempotencyKey: null, keyContent: null, removeAt: null
      })
    } else {
      slot.call = call
    }
    this.schedule(call.id)
    return announce
  }

  get (callId: string): CallEntry | undefined {
    const slot = this.slots.get(callId)
    return slot ? this.entry(slot) : undefined
  }

  choose (callId: string, customerId: number | null): void {
    const slot = this.slots.get(callId)
    if (slot) slot.chosenId = customerId
  }

  setLead (callId: string, state: SaveState, card: CustomerCard | null = null): void {
    const slot = this.slots.get(callId)
    if (!slot) return
    slot.leadState = state
    if (card) slot.lead = card
  }

  /**
   * One key per wrap-up content, reused for every retry of the same content so
   * the agent stores it once. When the operator edits the form after a failed
   * save, the edited outcome gets a new key: the agent then stores it as a
   * correction instead of replaying the first attempt.
   */
  outcomeKey (callId: string, content: string): string {
    const slot = this.slots.get(callId)
    if (!slot) return this.newKey()
    if (slot.idempotencyKey === null || slot.keyContent !== content) {
      slot.idempotencyKey = this.newKey()
      slot.keyContent = content
    }
    return slot.idempotencyKey
  }

  setSave (callId: string, state: SaveState): void {
    const slot = this.slots.get(callId)
    if (!slot) return
    slot.saveState = state
    this.schedule(callId)
  }

  dismiss (callId: string): void {
    this.slots.delete(callId)
  }

  clear (): void {
    this.slots.clear()
  }

  /** Drops entries whose time is up. @returns true when something was removed. */
  expire (): boolean {
    const now = this.now()
    let removed = false
    for (const [id, slot] of this.slots) {
      if (slot.removeAt !== null && slot.removeAt <= now) {
        this.slots.delete(id)
        removed = true
      }
    }
    return removed
  }

  /** Newest first, ringing calls on top; `done` calls are never listed. */
  entries (): CallEntry[] {
    return [...this.slots.values()]
      .map((slot) => this.entry(slot))
      .filter((e) => e.phase !== 'done')
      .sort((a, b) => {
        const ringing = Number(isRinging(b.call) && b.phase === 'live') - Number(isRinging(a.call) && a.phase === 'live')
        return ringing !== 0 ? ringing : Date.parse(b.call.startedAt) - Date.parse(a.call.startedAt)
      })
  }

  private entry (slot: Slot): CallEntry {
    const call = slot.lead && (slot.call.match.kind === 'unknown' || slot.call.match.kind === 'possible')
      ? { ...slot.call, match: { kind: 'customer' as const, card: slot.lead } }
      : slot.call
    // The hub announces wrappedUp before the POST that caused it returns: a wrap-up being
    // saved here stays (same element, focus and form state) and lingers as "saved ✓".
    const phase = savingOrSaved(slot) && phaseOf(call) === 'done' ? 'wrap-up' : phaseOf(call)
    const picked = call.match.kind === 'choose' || call.match.kind === 'possible' ? call.match.chosenId ?? null : null
    return { call, phase, chosenId: slot.chosenId ?? picked, leadState: slot.leadState, saveState: slot.saveState }
  }

  private schedule (callId: string): void {
    const slot = this.slots.get(callId)
    if (!slot) return
    const phase = phaseOf(slot.call)
    if (slot.saveState.state === 'saved') slot.removeAt ??= this.now() + SAVED_LINGER_MS
    else if (phase === 'answered-elsewhere') slot.removeAt ??= this.now() + ANSWERED_ELSEWHERE_MS
    else if (phase === 'done' && !savingOrSaved(slot)) slot.removeAt = this.now()
    else slot.removeAt = null
  }
}

function savingOrSaved (slot: Slot): boolean {
  return slot.saveState.state === 'saving' || slot.saveState.state === 'saved'
}

/** The customer an outcome is filed under, when the pop knows one. */
export function customerOf (entry: CallEntry): CustomerCard | null {
  const match = entry.call.match
  if (match.kind === 'customer') return match.card
  if (match.kind === 'choose' || match.kind === 'possible') return match.candidates.find((c) => c.customerId === entry.chosenId) ?? null
  return null
}

export function openIssuesOf (entry: CallEntry): readonly CardIssue[] {
  return customerOf(entry)?.openIssues ?? []
}
