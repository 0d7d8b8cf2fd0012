/**
 * "Birthday today" on the card: the customer's birthday (`YYYY-MM-DD`,
 * year ignored) is today's date in the agent's time zone.
 */
import { zonedParts } from '../model/zoned-time.js'

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

function isLeapYear (year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

/**
 * True when `birthday` falls on the day `nowMs` is in `timeZone`. Someone
 * born on 29 February celebrates on 28 February in other years.
 */
export function isBirthdayToday (birthday: string | null, nowMs: number, timeZone: string): boolean {
  const m = birthday === null ? null : ISO_DATE.exec(birthday)
  if (m === null || m === undefined) return false
  const today = zonedParts(nowMs, timeZone)
  let month = Number(m[2])
  let day = Number(m[3])
  if (month === 2 && day === 29 && !isLeapYear(today.year)) {
    month = 2
    day = 28
  }
  return today.month === month && today.day === day
}
