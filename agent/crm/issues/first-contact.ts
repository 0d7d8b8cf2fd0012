/**
 * "Resolved on first contact", per issue, as `docs/contact-center-metrics.md`
 * defines first-contact resolution: the issue was resolved on the contact
 * that opened it (the first one linked to it, marked resolved), and no other
 * contact about it followed within the FCR window.
 */
import type { Issue } from '../../model/issue.js'

const DAY_MS = 86_400_000

/** A contact linked to the issue, as far as the derivation needs it. */
export interface LinkedContact {
  readonly occurredAt: string
  readonly resolved: boolean | null
}

/**
 * True when `issue` was resolved on its first contact; false when it was
 * resolved otherwise (on a later contact, by hand with no contact, or a
 * further contact came within `windowDays`); null while it is open.
 * @param contacts the contacts linked to the issue, oldest first.
 */
export function resolvedOnFirstContact (issue: Pick<Issue, 'status'>, contacts: readonly LinkedContact[], windowDays: number): boolean | null {
  if (issue.status !== 'resolved') return null
  const [first, ...later] = contacts
  if (first === undefined || first.resolved !== true) return false
  const until = Date.parse(first.occurredAt) + windowDays * DAY_MS
  return !later.some(c => Date.parse(c.occurredAt) <= until)
}
