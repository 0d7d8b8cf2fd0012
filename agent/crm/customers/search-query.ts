/**
 * What someone typed into the customer search box, read as one of three
 * kinds of search: a phone number, an e-mail address, or words of a name or
 * company. Each kind becomes prefixes of `customer_search_terms` rows (see
 * `./search-text.ts`).
 */
import type { CountryCode } from 'libphonenumber-js'
import { foldDigits, stripInvisible } from './phone-digits.js'
import { normalizePhone } from './phone-number.js'
import { emailTerm, phoneTerm, searchWords } from './search-text.js'

/** Fewer digits than this are not searched as a number ("12" is more likely a word of a company name). */
export const MIN_PHONE_DIGITS = 4

/** Words beyond this many are ignored: each one is another condition on every listed row. */
export const MAX_QUERY_WORDS = 5

/**
 * A search, read: every prefix of `prefixes` must start a term of the
 * customer (words: one prefix per word; a number or an address: one).
 */
export type SearchQuery =
  /** A number in any format: the prefix is the reversed digits of its national number (valid) or of what was typed. */
  | { readonly kind: 'phone'; readonly prefixes: readonly [string] }
  /** Contains `@`: the start of an e-mail address. */
  | { readonly kind: 'email'; readonly prefixes: readonly [string] }
  /** Words of a name or company; each must start a word of the customer's. */
  | { readonly kind: 'words'; readonly prefixes: readonly string[] }
  /** Nothing searchable (only punctuation): finds nobody. */
  | { readonly kind: 'nothing' }

/** Digits, spaces and the separators people write numbers with. */
const LOOKS_LIKE_NUMBER = /^\+?[\d\s\u00A0()./-]+$/

/**
 * Reads a search text.
 *
 * - Only digits, `+` and separators, with at least {@link MIN_PHONE_DIGITS}
 *   digits (Persian and Arabic-Indic digits count, invisible marks are
 *   ignored): a number. One that reads as a valid number in
 *   `defaultCountry` (`0151 12345678`, `+49 151…`, `0049 151…`) finds every
 *   number ending in its national number: the same E.164 number, and legacy
 *   numbers stored as typed (`030 1234567`). Anything shorter or unreadable
 *   finds the numbers ending in the digits typed (`4567`).
 * - Contains `@`: the start of an e-mail address.
 * - Otherwise the words of a name or company, each the start of a word.
 */
export function parseSearchQuery (text: string, defaultCountry: CountryCode): SearchQuery {
  const plain = foldDigits(stripInvisible(text)).trim()
  if (LOOKS_LIKE_NUMBER.test(plain)) {
    const digits = plain.replace(/\D/g, '')
    if (digits.length >= MIN_PHONE_DIGITS) {
      const number = normalizePhone(plain, defaultCountry)
      const term = phoneTerm(number.kind === 'number' ? number.national : digits)
      if (term !== null) return { kind: 'phone', prefixes: [term] }
    }
  }
  if (plain.includes('@')) {
    const prefix = emailTerm(plain)
    return prefix === '' ? { kind: 'nothing' } : { kind: 'email', prefixes: [prefix] }
  }
  const words = searchWords(plain).slice(0, MAX_QUERY_WORDS)
  return words.length === 0 ? { kind: 'nothing' } : { kind: 'words', prefixes: words }
}
