/**
 * Turns whatever a PBX or an operator calls a phone number into one of five
 * kinds: nothing (withheld), an internal extension or feature code, garbage,
 * a number libphonenumber calls invalid for its region (kept raw), or a real
 * number with its E.164 form. Parsing is libphonenumber's; this module only
 * cleans the input first and decides what never gets looked up.
 */
import { Metadata, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max'
import { digitsSuffix, foldDigits, stripInvisible } from './phone-digits.js'

/** The result of {@link normalizePhone}. */
export type NormalizedPhone =
  /** Withheld or absent: empty, `<unknown>`, `anonymous` … */
  | { readonly kind: 'none' }
  /** Extension (≤ 5 digits) or feature code (`*97`, `#31#`); never looked up. */
  | { readonly kind: 'internal'; readonly raw: string }
  /** Not readable as a phone number. `reason` is for logs, not for end users. */
  | { readonly kind: 'invalid'; readonly reason: string }
  /**
   * Digits that parse, but libphonenumber calls them invalid for their region
   * (`+1 187 215 5230`, a 9-digit Iranian mobile). Kept as given (trimmed),
   * never looked up as a number: an E.164 form of it would be a guess.
   */
  | { readonly kind: 'implausible'; readonly raw: string; readonly reason: string }
  | {
    readonly kind: 'number'
    /** `+4915112345678` */
    readonly e164: string
    /** Digits of the national significant number, e.g. `15112345678`. */
    readonly national: string
    /** Last 8 digits of the E.164 number, for the suffix rung of matching. */
    readonly suffix: string
    /** International format for people, e.g. `+49 1511 2345678`. */
    readonly display: string
  }

/** A phone number that reads as a valid number. */
export type PhoneNumber = Extract<NormalizedPhone, { kind: 'number' }>

/** Caller IDs that mean "no number", compared lower-case. Asterisk sends the first three. */
const WITHHELD = new Set(['<unknown>', 'unknown', 'anonymous', '<anonymous>', 'private', 'restricted', 'unavailable', 'withheld'])

/** Longer input is not a phone number; E.164 has at most 15 digits and people add separators. */
const MAX_INPUT_LENGTH = 40
const MAX_INTERNAL_DIGITS = 5

/** Spaces (incl. no-break and thin), slashes, dashes (incl. Unicode ones), dots and parentheses. */
const SEPARATORS = /[\s\u00A0\u2000-\u200A\u202F/\-\u2010-\u2015.()]/g

/** Invisible characters gone, digits folded to ASCII, a full-width plus made `+`, trimmed. */
function clean (raw: string): string {
  return foldDigits(stripInvisible(raw)).replace(/\uFF0B/g, '+').trim()
}

const exitCodes = new Map<CountryCode, RegExp>()

/**
 * The region's international call prefix (exit code) as libphonenumber's
 * metadata gives it: `00` in DE and IR, `011` in North America, `810` in RU.
 */
function exitCode (country: CountryCode): RegExp {
  let re = exitCodes.get(country)
  if (re === undefined) {
    const metadata = new Metadata()
    metadata.selectNumberingPlan(country)
    const idd = metadata.numberingPlan?.IDDPrefix() ?? '00'
    re = new RegExp(`^(?:${idd})`)
    exitCodes.set(country, re)
  }
  return re
}

/**
 * `+` and the country code for digits dialled with the region's exit code
 * (`0049…` in DE, `01149…` in the US), or null when they carry none.
 * Country codes never start with 0, so `000…` is no exit code plus a number.
 */
function afterExitCode (digits: string, country: CountryCode): string | null {
  const m = exitCode(country).exec(digits)
  if (m === null) return null
  const rest = digits.slice(m[0].length)
  return rest === '' || rest.startsWith('0') ? null : `+${rest}`
}

/**
 * Normalizes a phone number.
 *
 * - Invisible format characters (soft hyphen, zero-width, bidi marks) are
 *   stripped, Persian (۰–۹) and Arabic-Indic (٠–٩) digits folded to ASCII.
 * - Separators are dropped; the region's exit code (`00` in DE, `011` in
 *   North America) becomes `+`; a national number (`030 1234567`) is read
 *   in `defaultCountry`.
 * - A number libphonenumber calls invalid for its region is `implausible`,
 *   not a `number`: it must never match someone else's valid number.
 */
export function normalizePhone (raw: string, defaultCountry: CountryCode): NormalizedPhone {
  const text = clean(raw)
  if (text === '' || WITHHELD.has(text.toLowerCase())) return { kind: 'none' }
  if (text.length > MAX_INPUT_LENGTH) return { kind: 'invalid', reason: `longer than ${MAX_INPUT_LENGTH} characters` }
  if (/[*#]/.test(text)) return { kind: 'internal', raw: raw.trim() }

  const compact = text.replace(SEPARATORS, '')
  if (!/^\+?\d+$/.test(compact)) return { kind: 'invalid', reason: 'contains characters other than digits and separators' }

  const hasPlus = compact.startsWith('+')
  const digits = hasPlus ? compact.slice(1) : compact
  if (digits.length <= MAX_INTERNAL_DIGITS) {
    return hasPlus ? { kind: 'invalid', reason: 'too short for an international number' } : { kind: 'internal', raw: raw.trim() }
  }

  const international = hasPlus ? compact : (afterExitCode(digits, defaultCountry) ?? digits)
  const parsed = parsePhoneNumberFromString(international, defaultCountry)
  if (parsed === undefined) return { kind: 'invalid', reason: 'not a phone number' }
  if (!parsed.isPossible()) return { kind: 'invalid', reason: 'wrong length for its country' }
  if (!parsed.isValid()) return { kind: 'implausible', raw: raw.trim(), reason: 'not a valid number in its region' }
  return {
    kind: 'number',
    e164: parsed.number,
    national: parsed.nationalNumber,
    suffix: digitsSuffix(parsed.number),
    display: parsed.formatInternational()
  }
}

/**
 * The caller ID read as an international number whose `+` the PBX dropped
 * (`4915112345678`), or null when it has a `+`, an exit code or a trunk
 * `0`, or does not read as a valid number that way.
 */
export function withoutPlusReading (raw: string, defaultCountry: CountryCode): PhoneNumber | null {
  const compact = clean(raw).replace(SEPARATORS, '')
  if (!/^[1-9]\d{6,14}$/.test(compact) || afterExitCode(compact, defaultCountry) !== null) return null
  const reading = normalizePhone(`+${compact}`, defaultCountry)
  return reading.kind === 'number' ? reading : null
}

/** National format of an E.164 number for people (`030 1234567`), or the input when unparseable. */
export function formatNational (e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatNational() ?? e164
}

/** International format of an E.164 number for people (`+49 30 1234567`), or the input when unparseable. */
export function formatInternational (e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164
}

/**
 * True when a raw number carries its country code explicitly: `+…`, or the
 * exit code of `country` (`00…` in DE, `011…` in the US).
 */
export function hasInternationalPrefix (raw: string, country: CountryCode): boolean {
  const compact = clean(raw).replace(SEPARATORS, '')
  return compact.startsWith('+') || (/^\d+$/.test(compact) && afterExitCode(compact, country) !== null)
}
