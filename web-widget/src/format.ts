import type { CallView, CardContact } from '../../agent/contracts/ws.js'

const dateFormat = new Intl.DateTimeFormat(undefined, { day: '2-digit', month: 'short', year: 'numeric' })
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  day: '2-digit', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit'
})

function parse (iso: string): Date | null {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? null : date
}

/** "07 Mar 2025", or the raw text when it is not a date. */
export function formatDate (iso: string): string {
  const date = parse(iso)
  return date ? dateFormat.format(date) : iso
}

export function formatDateTime (iso: string): string {
  const date = parse(iso)
  return date ? dateTimeFormat.format(date) : iso
}

/** "mm:ss" (or "h:mm:ss") between two instants; never negative. */
export function formatDuration (fromIso: string, nowMs: number): string {
  const from = parse(fromIso)
  const total = from ? Math.max(0, Math.floor((nowMs - from.getTime()) / 1000)) : 0
  const seconds = String(total % 60).padStart(2, '0')
  const minutes = Math.floor(total / 60) % 60
  const hours = Math.floor(total / 3600)
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${String(minutes).padStart(2, '0')}:${seconds}`
}

/** "call in", "email out", "meeting" … */
export function contactKind (contact: CardContact): string {
  const direction = contact.direction === 'inbound' ? ' in' : contact.direction === 'outbound' ? ' out' : ''
  return `${contact.kind}${direction}`
}

/** The call state line: "ringing…", "connected 02:13", "ended"; flagged while the PBX link is down. */
export function callStateText (call: CallView, nowMs: number): string {
  const text = stateText(call, nowMs)
  return call.unverified === true && call.state !== 'ended' ? `${text} (unconfirmed: PBX link down)` : text
}

function stateText (call: CallView, nowMs: number): string {
  switch (call.state) {
    case 'queued': return 'in queue…'
    case 'ringing': return 'ringing…'
    case 'connected': return `connected ${formatDuration(call.answeredAt ?? call.startedAt, nowMs)}`
    case 'ended': return 'ended'
    default: return assertNever(call.state)
  }
}

export function assertNever (value: never): never {
  throw new Error(`unexpected value ${String(value)}`)
}

/**
 * Who is on the line, in a few words: "Ms Doe (ACME)", "+49 30 1234", "Number withheld".
 * Caller ID names from the PBX are used only when nothing better is known.
 */
export function callerLabel (call: CallView, chosenId: number | null = null): string {
  const match = call.match
  switch (match.kind) {
    case 'customer':
      return match.card.company ? `${match.card.salutation} (${match.card.company})` : match.card.salutation
    case 'choose': {
      const chosen = match.candidates.find((c) => c.customerId === chosenId)
      if (chosen) return chosen.salutation
      return `${call.number ?? 'unknown number'} (${match.candidates.length} possible customers)`
    }
    case 'possible': {
      const confirmed = match.candidates.find((c) => c.customerId === chosenId)
      if (confirmed) return confirmed.salutation
      return `${call.number ?? 'unknown number'} (possible match, unconfirmed)`
    }
    case 'unknown':
      return call.callerName ? `${call.callerName}, ${match.number}` : `unknown caller ${match.number}`
    case 'withheld':
      return match.reason === 'absent' ? 'No caller ID' : 'Number withheld'
    default:
      return assertNever(match)
  }
}
