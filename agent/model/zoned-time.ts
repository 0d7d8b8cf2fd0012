/**
 * Wall-clock time in a named IANA time zone, for what happens "today" or "at
 * 03:00" where the agent runs (birthdays, the nightly tier run). Times are
 * stored in UTC; only these questions need a zone. Pure, built on `Intl`.
 */

/** Calendar date and time of day of an instant in a zone. */
export interface ZonedParts {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
}

const formats = new Map<string, Intl.DateTimeFormat>()

function formatFor (timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone)
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric'
    })
    formats.set(timeZone, format)
  }
  return format
}

/** True when `Intl` knows the zone (`Europe/Berlin`, `Asia/Tehran`, `UTC` …). */
export function isTimeZone (timeZone: string): boolean {
  if (timeZone === '') return false
  try {
    formatFor(timeZone)
    return true
  } catch {
    return false
  }
}

/** The zone the process runs in (the `TZ` environment variable, else the system's). */
export function systemTimeZone (): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone
}

/** The date and time of day of `epochMs` in `timeZone`. */
export function zonedParts (epochMs: number, timeZone: string): ZonedParts {
  const out: Record<string, number> = {}
  for (const part of formatFor(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') out[part.type] = Number(part.value)
  }
  return {
    year: out['year'] ?? 1970,
    month: out['month'] ?? 1,
    day: out['day'] ?? 1,
    hour: out['hour'] ?? 0,
    minute: out['minute'] ?? 0,
    second: out['second'] ?? 0
  }
}

/** How far the zone's clock is ahead of UTC at `epochMs`, in ms. */
function offsetAt (epochMs: number, timeZone: string): number {
  const whole = Math.floor(epochMs / 1000) * 1000
  const p = zonedParts(whole, timeZone)
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - whole
}

/**
 * The instant the zone's clocks show `year-month-day hour:00`. On the night a
 * zone springs forward that hour may not exist; the instant returned is then
 * the one an hour-based clock would show next.
 */
export function zonedHourToEpoch (year: number, month: number, day: number, hour: number, timeZone: string): number {
  const asUtc = Date.UTC(year, month - 1, day, hour)
  const first = asUtc - offsetAt(asUtc, timeZone)
  const second = asUtc - offsetAt(first, timeZone)
  return second
}
