/**
 * Turns whatever a PBX or an operator calls a phone number into one of four
 * kinds: nothing (withheld), an internal extension or feature code, garbage,
 * or a real number with its E.164 form. Parsing is libphonenumber's; this
 * module only cleans the input first and decides what never gets looked up.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import type { CountryCode } from 'libphonenumber-js'
import { digitsSuffix, foldDigits } from './phone-digits.js'

/** The result of {@link normalizePhone}. */
export type NormalizedPhone =
  /** Withheld or absent: empty, `<unknown>`, `anonymous` … */
  | { readonly kind: 'none' }
  /** Extension (≤ 5 digits) or feature code (`*97`, `#31#`); never looked up. */
  | { readonly kind: 'internal'; readonly raw: string }
  /** Not readable as a phone number. `reason` is for logs, not for end users. */
  | { readonly kind: 'invalid'; readonly reason: string }
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

/** Caller IDs that mean "no number", compared lower-case. Asterisk sends the first three. */
const WITHHELD = new Set(['<unknown>', 'unknown', 'anonymous', '<anonymous>', 'private', 'restricted', 'unavailable', 'withheld'])

/** Longer input is not a phone number; E.164 has at most 15 digits and people add separators. */
const MAX_INPUT_LENGTH = 40
const MAX_INTERNAL_DIGITS = 5

/** Spaces (incl. no-break and thin), slashes, dashes (incl. Unicode ones), dots and parentheses. */
const SEPARATORS = /[\s\u00A0\u2000-\u200B\u202F\u2060/\-\u2010-\u2015.()]/g

/**
 * Normalizes a phone number.
 *
 * - Persian (۰–۹) and Arabic-Indic (٠–٩) digits are folded to ASCII.
 * - Separators are dropped; a leading `00` becomes `+`; a national number
 *   (`030 1234567`) is read in `defaultCountry`.
 * - Numbers libphonenumber deems only *possible* (right length, unknown
 *   range) are accepted too: test and private ranges must still match.
 */
export function normalizePhone (raw: string, defaultCountry: CountryCode): NormalizedPhone {
  const text = raw.trim()
  if (text === '' || WITHHELD.has(text.toLowerCase())) return { kind: 'none' }
  if (text.length > MAX_INPUT_LENGTH) return { kind: 'invalid', reason: `longer than ${MAX_INPUT_LENGTH} characters` }

  const folded = foldDigits(text).replace(/\uFF0B/g, '+')
  if (/[*#]/.test(folded)) return { kind: 'internal', raw: text }

  const compact = folded.replace(SEPARATORS, '')
  if (!/^\+?\d+$/.test(compact)) return { kind: 'invalid', reason: 'contains characters other than digits and separators' }

  const hasPlus = compact.startsWith('+')
  const digits = hasPlus ? compact.slice(1) : compact
  if (digits.length <= MAX_INTERNAL_DIGITS) {
    return hasPlus ? { kind: 'invalid', reason: 'too short for an international number' } : { kind: 'internal', raw: text }
  }

  const international = !hasPlus && digits.startsWith('00') ? `+${digits.slice(2)}` : compact
  const parsed = parsePhoneNumberFromString(international, defaultCountry)
  if (parsed === undefined) return { kind: 'invalid', reason: 'not a phone number' }
  if (!parsed.isValid() && !parsed.isPossible()) return { kind: 'invalid', reason: 'wrong length for its country' }
  return {
    kind: 'number',
    e164: parsed.number,
    national: parsed.nationalNumber,
    suffix: digitsSuffix(parsed.number),
    display: parsed.formatInternational()
  }
}

/** National format of an E.164 number for people (`030 1234567`), or the input when unparseable. */
export function formatNational (e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatNational() ?? e164
}

/** International format of an E.164 number for people (`+49 30 1234567`), or the input when unparseable. */
export function formatInternational (e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164
}

/** True when a raw number carries its country code explicitly (`+…` or `00…`). */
export function hasInternationalPrefix (raw: string): boolean {
  return /^(?:\+|00)/.test(foldDigits(raw).replace(/\uFF0B/g, '+').replace(SEPARATORS, ''))
}
