/**
 * Finds the customers a caller ID may belong to, on a ladder from certain to
 * plausible, and stops at the first rung that finds anyone:
 *
 * ```
 * raw ─normalize─► none | internal | invalid   (never looked up)
 *        │
 *        ▼ number
 *   1 exact     stored e164 = caller e164, caller ID had +/00  (indexed)
 *   2 national  the same number written another way:
 *                 stored e164 = caller e164 built with the default country
 *                   from a national caller ID (030 1234567)     (indexed)
 *                 stored without e164, its raw normalizes to the caller's e164
 *                 caller's digits are a stored e164 without "+" (rows from the suffix index)
 *   3 suffix    last N digits equal                              (indexed)
 *        │
 *        ▼ nothing: unknown
 * ```
 */
import type { CountryCode } from 'libphonenumber-js'
import type { CustomerRepo } from './customer-repo.js'
import type { MatchConfidence, PhoneHit } from '../../model/customer.js'
import { foldDigits, SUFFIX_DIGITS } from './phone-digits.js'
import { formatInternational, formatNational, hasInternationalPrefix, normalizePhone, type NormalizedPhone } from './phone-number.js'

/** How sure a candidate is, best first. */

export interface MatchCandidate {
  readonly customerId: number
  readonly confidence: MatchConfidence
  /** One line for the operator, e.g. "exact number +49 1511 2345678". */
  readonly why: string
}

/**
 * The outcome of {@link CustomerMatcher.match}. `matched` with more than one
 * candidate means the operator chooses (a shared household number).
 */
export interface MatchResult {
  readonly kind: 'none' | 'internal' | 'invalid' | 'unknown' | 'matched'
  /** The normalized caller ID; absent only when the raw value was null. */
  readonly number?: NormalizedPhone
  readonly candidates: readonly MatchCandidate[]
}

export interface CustomerMatcherOptions {
  /** Country for numbers without an international prefix. */
  readonly defaultCountry: CountryCode
  /** Digits compared on the last rung. Default 8 (what the store indexes). */
  readonly suffixDigits?: number
  /** Most candidates returned. Default 5. */
  readonly maxCandidates?: number
}

/** The repository calls the matcher needs. */
export type PhoneLookup = Pick<CustomerRepo, 'findPhonesByE164' | 'findPhonesBySuffix'>

export class CustomerMatcher {
  readonly #store: PhoneLookup
  readonly #country: CountryCode
  readonly #suffixDigits: number
  readonly #max: number

  constructor (store: PhoneLookup, opts: CustomerMatcherOptions) {
    const suffixDigits = opts.suffixDigits ?? SUFFIX_DIGITS
    const max = opts.maxCandidates ?? 5
    if (!Number.isInteger(suffixDigits) || suffixDigits < 4) throw new RangeError('suffixDigits must be an integer ≥ 4')
    if (!Number.isInteger(max) || max < 1) throw new RangeError('maxCandidates must be an integer ≥ 1')
    this.#store = store
    this.#country = opts.defaultCountry
    this.#suffixDigits = suffixDigits
    this.#max = max
  }

  /** Looks up a caller ID (`null`: the PBX sent none). Store errors reject. */
  async match (raw: string | null): Promise<MatchResult> {
    if (raw === null) return { kind: 'none', candidates: [] }
    const number = normalizePhone(raw, this.#country)
    if (number.kind !== 'number') return { kind: number.kind, number, candidates: [] }

    const same = await this.#store.findPhonesByE164([number.e164])
    if (same.length > 0) {
      // Without +/00 the country was our assumption, so it is a national-format match.
      return hasInternationalPrefix(raw)
        ? this.#matched(number, same.map(h => candidate(h, 'exact', `exact number ${number.display}`)))
        : this.#matched(number, same.map(h => candidate(h, 'national', `national number ${formatNational(number.e164)} matches`)))
    }

    const suffix = number.e164.replace(/\D/g, '').slice(-this.#suffixDigits)
    const nearby = await this.#store.findPhonesBySuffix(suffix)
    const callerDigits = foldDigits(raw).replace(/\D/g, '')
    const national = nearby.flatMap(hit => {
      const why = this.#sameNumberWhy(hit, number.e164, callerDigits)
      return why === null ? [] : [candidate(hit, 'national', why)]
    })
    if (national.length > 0) return this.#matched(number, national)
    if (nearby.length > 0) {
      return this.#matched(number, nearby.map(h => candidate(h, 'suffix', `last ${suffix.length} digits ${suffix} match`)))
    }
    return { kind: 'unknown', number, candidates: [] }
  }

  /** Rung 2: why a stored number is the caller's number written another way, or null. */
  #sameNumberWhy (hit: PhoneHit, callerE164: string, callerDigits: string): string | null {
    if (hit.e164 === null) {
      const stored = normalizePhone(hit.raw, this.#country)
      return stored.kind === 'number' && stored.e164 === callerE164
        ? `stored as ${formatNational(callerE164)}, same number`
        : null
    }
    // The PBX dropped the "+": 4915112345678 was read as a national number.
    if (!callerDigits.startsWith('0') && `+${callerDigits}` === hit.e164) {
      return `number ${formatInternational(hit.e164)} without its + prefix`
    }
    return null
  }

  #matched (number: NormalizedPhone, found: readonly MatchCandidate[]): MatchResult {
    const byCustomer = new Map<number, MatchCandidate>()
    for (const c of found) {
      if (byCustomer.size === this.#max) break
      if (!byCustomer.has(c.customerId)) byCustomer.set(c.customerId, c)
    }
    return { kind: 'matched', number, candidates: [...byCustomer.values()] }
  }
}

function candidate (hit: PhoneHit, confidence: MatchConfidence, why: string): MatchCandidate {
  return { customerId: hit.customerId, confidence, why }
}
