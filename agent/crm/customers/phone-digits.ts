/**
 * Digit handling shared by phone normalization and the store's suffix index.
 * Kept apart from `phone-number.ts` so the store can compute `digits_suffix`
 * without pulling in libphonenumber.
 */

/** How many trailing digits the store indexes for the "last digits" match. */
export const SUFFIX_DIGITS = 8

/**
 * Characters that print as nothing but break parsing, as copy-paste brings
 * them along: soft hyphen, zero-width space/non-joiner/joiner, word joiner,
 * byte order mark, and the bidi controls (LRM/RLM, the Arabic letter mark,
 * LRE…RLO, LRI…PDI) that right-to-left text, Persian above all, wraps numbers in.
 */
const INVISIBLE = /[\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g

/** Removes the invisible format characters listed in {@link INVISIBLE}. */
export function stripInvisible (text: string): string {
  return text.replace(INVISIBLE, '')
}

const PERSIAN_ZERO = 0x06F0 // ۰
const ARABIC_INDIC_ZERO = 0x0660 // ٠

/** Replaces Persian (۰–۹) and Arabic-Indic (٠–٩) digits with ASCII 0–9. */
export function foldDigits (text: string): string {
  return text.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (ch) => {
    const code = ch.charCodeAt(0)
    return String(code >= PERSIAN_ZERO ? code - PERSIAN_ZERO : code - ARABIC_INDIC_ZERO)
  })
}

/** The last `n` ASCII digits of a number in any notation (fewer when it is shorter). */
export function digitsSuffix (text: string, n: number = SUFFIX_DIGITS): string {
  return foldDigits(text).replace(/\D/g, '').slice(-n)
}
