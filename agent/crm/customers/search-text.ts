/**
 * How customer names, companies, e-mail addresses and numbers are compared
 * when someone searches: the one fold applied both to what is stored in the
 * search index (`customer_search_terms`) and to what is typed into the
 * search box, so that the two meet.
 *
 * - Case and accents do not count: `Müller`, `MULLER` and `muller` are one word
 *   (NFKD, combining marks dropped, lower case, `ß` → `ss`, `ø` → `o` …).
 * - Persian and Arabic spellings meet: Arabic ي/ى and ك are Persian ی and ک,
 *   ة/ە/ھ are ه, hamza and madda seats fold to their letter (أ إ آ → ا),
 *   harakat and tatweel are dropped, and the zero-width non-joiner (and every
 *   other invisible format character copy-paste brings) is ignored, so
 *   `علی‌رضا` and `علیرضا` are one word.
 * - Persian (۰–۹) and Arabic-Indic (٠–٩) digits are ASCII digits.
 *
 * Pure functions, no I/O.
 */
import { foldDigits, stripInvisible } from './phone-digits.js'

/** Longest term stored or searched for, in code points; longer words are cut (a prefix of them still matches). */
export const MAX_TERM_LENGTH = 64

/** Marks a phone term (reversed digits) so that no name or address term can look like one. */
export const PHONE_TERM_MARK = '#'

/** Letters that stay distinct after NFKD but mean the same letter to whoever searches. */
const SAME_LETTER: ReadonlyMap<string, string> = new Map([
  ['\u064A', '\u06CC'], // ARABIC LETTER YEH → FARSI YEH
  ['\u0649', '\u06CC'], // ALEF MAKSURA → FARSI YEH
  ['\u0643', '\u06A9'], // ARABIC LETTER KAF → KEHEH
  ['\u0629', '\u0647'], // TEH MARBUTA → HEH
  ['\u06D5', '\u0647'], // AE (what ۀ decomposes to) → HEH
  ['\u06BE', '\u0647'], // HEH DOACHASHMEE → HEH
  ['\u06C1', '\u0647'], // HEH GOAL → HEH
  ['\u0671', '\u0627'], // ALEF WASLA → ALEF
  ['ß', 'ss'],
  ['æ', 'ae'],
  ['œ', 'oe'],
  ['ø', 'o'],
  ['đ', 'd'],
  ['ð', 'd'],
  ['ł', 'l'],
  ['ı', 'i'],
  ['þ', 'th']
])
const SAME_LETTER_RE = new RegExp(`[${[...SAME_LETTER.keys()].join('')}]`, 'gu')
const TATWEEL = /\u0640/g
/** Non-spacing marks: Latin accents, Arabic harakat, hamza and madda above/below, Hebrew points … */
const MARKS = /\p{Mn}/gu
/** Apostrophes join the parts of a name (`O'Brien` is `obrien`) instead of splitting it. */
const APOSTROPHES = /['\u2018\u2019\u02BC\u0060\u00B4]/g
const NOT_WORD = /[^\p{L}\p{N}]+/u

/**
 * The search fold of any text: invisible characters gone, compatibility
 * forms decomposed, marks dropped, lower case, Persian/Arabic letter
 * variants unified, digits ASCII. Separators (spaces, punctuation) stay.
 */
export function foldSearchText (text: string): string {
  const folded = stripInvisible(text).replace(TATWEEL, '')
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(SAME_LETTER_RE, ch => SAME_LETTER.get(ch) ?? ch)
  // NFC puts back what NFKD split without marks (Hangul syllables).
  return foldDigits(folded).normalize('NFC')
}

/** At most {@link MAX_TERM_LENGTH} code points. */
function cut (term: string): string {
  const points = Array.from(term)
  return points.length <= MAX_TERM_LENGTH ? term : points.slice(0, MAX_TERM_LENGTH).join('')
}

/**
 * The folded words of a text, in order, without repeats: split at anything
 * that is not a letter or digit (apostrophes join).
 */
export function searchWords (text: string | null | undefined): string[] {
  if (text === null || text === undefined) return []
  const words = foldSearchText(text).replace(APOSTROPHES, '').split(NOT_WORD).filter(w => w !== '').map(cut)
  return [...new Set(words)]
}

/** An e-mail address as stored in the index and searched for: folded, trimmed. */
export function emailTerm (address: string): string {
  return cut(foldSearchText(address).trim())
}

/**
 * A number's search term: {@link PHONE_TERM_MARK} and its ASCII digits
 * reversed, so "numbers ending in 4567" is the prefix `#7654`. Null when
 * the number has no digits.
 */
export function phoneTerm (number: string): string | null {
  const digits = foldDigits(number).replace(/\D/g, '')
  if (digits === '') return null
  return PHONE_TERM_MARK + cut([...digits].reverse().join(''))
}

/** What the index holds about one customer. */
export interface SearchableCustomer {
  readonly displayName: string
  readonly givenName?: string | null
  readonly familyName?: string | null
  readonly company?: string | null
  /** Each number's E.164 form when known, else as typed. */
  readonly phones: readonly string[]
  readonly emails: readonly string[]
}

/**
 * Every term a customer is found by: each word of the display, given and
 * family name and of the company; the display name's words run together
 * (`شیرین تهرانی` is also found as `شیرینتهرانی`, for names written with or
 * without a space or ZWNJ); each e-mail address whole; each number's
 * reversed digits. Without repeats.
 */
export function customerTerms (customer: SearchableCustomer): string[] {
  const nameWords = searchWords(customer.displayName)
  const terms = [
    ...nameWords,
    ...(nameWords.length > 1 ? [cut(nameWords.join(''))] : []),
    ...searchWords(customer.givenName),
    ...searchWords(customer.familyName),
    ...searchWords(customer.company),
    ...customer.emails.map(emailTerm).filter(e => e !== ''),
    ...customer.phones.map(phoneTerm).filter((p): p is string => p !== null)
  ]
  return [...new Set(terms)]
}

/**
 * The half-open range `[from, to)` of strings that start with `prefix`, in
 * code point order (SQLite's BINARY collation and PostgreSQL's "C" compare
 * UTF-8 bytes, which is the same order): `to` is `prefix` with its last code
 * point one higher. An index answers `term >= from and term < to` as one
 * range scan, on both engines.
 */
export function prefixRange (prefix: string): { readonly from: string; readonly to: string } {
  const points = Array.from(prefix)
  const last = points.pop()
  if (last === undefined) throw new RangeError('prefixRange: empty prefix')
  let next = last.codePointAt(0)! + 1
  // Skip the surrogate block: those are not characters.
  if (next >= 0xD800 && next <= 0xDFFF) next = 0xE000
  return { from: prefix, to: points.join('') + String.fromCodePoint(next) }
}
