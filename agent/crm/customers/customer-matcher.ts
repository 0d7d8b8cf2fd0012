/**
 * Finds the customers a caller ID may belong to, and never another person:
 * a valid number that differs from a stored valid number is someone else,
 * whatever digits they share.
 *
 * ```
 * raw ─normalize─► none | internal | invalid | implausible   (never looked up)
 *        │
 *        ▼ number (and, without +/exit code, its reading as +digits)
 *   1 same number  stored e164 = caller e164                       (indexed)
 *                    exact: the caller ID had + or the exit code
 *                    national: the country was our assumption (030 1234567),
 *                              or the PBX dropped the + (4915112345678)
 *   2 same number  stored without e164, its raw read in its own country
 *     written        (or the default) is the caller's number: national
 *     another way    (rows from the suffix index, e164 IS NULL only)
 *   3 possible     stored without e164, raw not readable as a valid number,
 *                  last N digits equal: a "possible match" the operator
 *                  confirms; never filed on anyone by itself
 *        │
 *        ▼ nothing: unknown
 * ```
 * When an operator picked one of several candidates for this number before,
 * that one comes first and says so ({@link PickMemory}).
 */
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js/max'
import type { CustomerRepo } from './customer-repo.js'
import type { MatchConfidence, PhoneHit } from '../../model/customer.js'
import { SUFFIX_DIGITS } from './phone-digits.js'
import {
  formatNational, hasInternationalPrefix, normalizePhone, withoutPlusReading, type NormalizedPhone, type PhoneNumber
} from './phone-number.js'

export interface MatchCandidate {
  readonly customerId: number
  readonly confidence: MatchConfidence
  /** One line for the operator, e.g. "exact number +49 1511 2345678". */
  readonly why: string
}

/**
 * The outcome of {@link CustomerMatcher.match}:
 * - `matched`: the caller's number is stored for these customers (more than
 *   one: the operator chooses, e.g. a shared household number);
 * - `possible`: only legacy numbers nobody could read share the caller's last
 *   digits; an operator must confirm before the call is filed on one;
 * - `unknown`: a valid number nobody has;
 * - `none`, `internal`, `invalid`, `implausible`: nothing was looked up.
 */
export interface MatchResult {
  readonly kind: 'none' | 'internal' | 'invalid' | 'implausible' | 'unknown' | 'matched' | 'possible'
  /** The normalized caller ID; absent only when the raw value was null. */
  readonly number?: NormalizedPhone
  readonly candidates: readonly MatchCandidate[]
}

/** The operator's last pick for a caller number. */
export interface RememberedPick {
  readonly customerId: number
  /** Display name of the operator who picked, null when they are gone. */
  readonly pickedByName: string | null
}

/** Where the chooser's memory lives (`CallerPickRepo`). */
export interface PickMemory {
  lastPick (e164: string): Promise<RememberedPick | null>
}

export interface CustomerMatcherOptions {
  /** Country for numbers without an international prefix, and for stored numbers without a country. */
  readonly defaultCountry: CountryCode
  /** Digits compared on the last rung. Default 8 (what the store indexes). */
  readonly suffixDigits?: number
  /** Most candidates returned. Default 5. */
  readonly maxCandidates?: number
  /** The chooser's memory; without it, candidates keep the store's order. */
  readonly picks?: PickMemory
}

/** Per lookup: the country of a national caller ID, when it is not the default. */
export interface MatchOptions {
  readonly country?: CountryCode
}

/** The repository calls the matcher needs. */
export type PhoneLookup = Pick<CustomerRepo, 'findPhonesByE164' | 'findPhonesBySuffix'>

export class CustomerMatcher {
  readonly #store: PhoneLookup
  readonly #country: CountryCode
  readonly #suffixDigits: number
  readonly #max: number
  readonly #picks: PickMemory | null

  constructor (store: PhoneLookup, opts: CustomerMatcherOptions) {
    const suffixDigits = opts.suffixDigits ?? SUFFIX_DIGITS
    const max = opts.maxCandidates ?? 5
    if (!Number.isInteger(suffixDigits) || suffixDigits < 4) throw new RangeError('suffixDigits must be an integer ≥ 4')
    if (!Number.isInteger(max) || max < 1) throw new RangeError('maxCandidates must be an integer ≥ 1')
    this.#store = store
    this.#country = opts.defaultCountry
    this.#suffixDigits = suffixDigits
    this.#max = max
    this.#picks = opts.picks ?? null
  }

  /** Looks up a caller ID (`null`: the PBX sent none). Store errors reject. */
  async match (raw: string | null, opts: MatchOptions = {}): Promise<MatchResult> {
    if (raw === null) return { kind: 'none', candidates: [] }
    const country = opts.country ?? this.#country
    const read = normalizePhone(raw, country)
    if (read.kind !== 'number' && read.kind !== 'implausible') return { kind: read.kind, number: read, candidates: [] }
    // The same digits read as an international number whose "+" the PBX dropped (4915112345678).
    const plusless = withoutPlusReading(raw, country)
    const number = read.kind === 'number' ? read : plusless
    if (number === null) return { kind: 'implausible', number: read, candidates: [] }
    const readings = plusless === null || plusless === number ? [number.e164] : [number.e164, plusless.e164]

    const same = await this.#store.findPhonesByE164(readings)
    // The caller ID as written wins over the reading without "+".
    const asWritten = number === plusless ? [] : same.filter(h => h.e164 === number.e164)
    if (asWritten.length > 0) {
      return await this.#ranked('matched', number, hasInternationalPrefix(raw, country)
        ? asWritten.map(h => candidate(h, 'exact', `exact number ${number.display}`))
        : asWritten.map(h => candidate(h, 'national', `national number ${formatNational(number.e164)} matches`)))
    }
    if (same.length > 0 && plusless !== null) {
      // The caller is the number read with its "+" restored.
      return await this.#ranked('matched', plusless, same.map(h => candidate(h, 'national', `number ${plusless.display} without its + prefix`)))
    }

    const suffix = number.e164.replace(/\D/g, '').slice(-this.#suffixDigits)
    const unread = (await this.#store.findPhonesBySuffix(suffix, { unreadOnly: true })).filter(h => h.e164 === null)
    const national: MatchCandidate[] = []
    const possible: MatchCandidate[] = []
    for (const hit of unread) {
      const stored = normalizePhone(hit.raw, hit.country !== null && isSupportedCountry(hit.country) ? hit.country : this.#country)
      if (stored.kind !== 'number') {
        possible.push(candidate(hit, 'suffix', `last ${suffix.length} digits ${suffix} match "${shorten(hit.raw)}", stored unverified`))
      } else if (readings.includes(stored.e164)) {
        national.push(candidate(hit, 'national', `stored as ${formatNational(stored.e164)}, same number`))
      }
      // Otherwise the stored number reads as another valid number: another person.
    }
    if (national.length > 0) return await this.#ranked('matched', number, national)
    if (possible.length > 0) return await this.#ranked('possible', number, possible)
    return { kind: 'unknown', number, candidates: [] }
  }

  /** One candidate per customer, capped; the remembered pick first when there is a choice to make. */
  async #ranked (kind: 'matched' | 'possible', number: PhoneNumber, found: readonly MatchCandidate[]): Promise<MatchResult> {
    const byCustomer = new Map<number, MatchCandidate>()
    for (const c of found) if (!byCustomer.has(c.customerId)) byCustomer.set(c.customerId, c)
    let candidates = [...byCustomer.values()]
    if (this.#picks !== null && (candidates.length > 1 || kind === 'possible')) {
      const pick = await this.#picks.lastPick(number.e164)
      const picked = pick === null ? undefined : candidates.find(c => c.customerId === pick.customerId)
      if (pick !== null && picked !== undefined) {
        const by = pick.pickedByName === null ? '' : ` by ${pick.pickedByName}`
        candidates = [{ ...picked, why: `${picked.why}; picked last time${by}` }, ...candidates.filter(c => c !== picked)]
      }
    }
    return { kind, number, candidates: candidates.slice(0, this.#max) }
  }
}

function candidate (hit: PhoneHit, confidence: MatchConfidence, why: string): MatchCandidate {
  return { customerId: hit.customerId, confidence, why }
}

/** A stored raw number as the "why" line quotes it: one line, at most 40 characters. */
function shorten (raw: string): string {
  const line = raw.replace(/\s+/g, ' ').trim()
  return line.length > 40 ? `${line.slice(0, 39)}…` : line
}
