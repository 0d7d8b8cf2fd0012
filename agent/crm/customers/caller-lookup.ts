/**
 * The caller lookup use case behind `GET /api/lookup`: the same matcher as
 * the pop, answered for machines. Asterisk's dialplan sets `CALLERID(name)`
 * from it, routes to the owner's extension and sends VIPs to their queue, so
 * only a certain, single match names anyone: a possible match (a legacy
 * number sharing the last digits) or a shared number never does.
 */
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js/max'
import type { LookupAnswer, LookupCandidate, LookupQuery } from '../../contracts/lookup.js'
import type { Operator } from '../../model/operator.js'
import { RingcardError } from '../../errors.js'
import { LOOKUP_ROLES, requireRole } from '../operators/role-access.js'
import type { CallerSummaries } from './caller-summary-repo.js'
import type { CustomerMatcher, MatchResult } from './customer-matcher.js'

export interface CallerLookupDeps {
  readonly matcher: Pick<CustomerMatcher, 'match'>
  readonly customers: CallerSummaries
}

export class CallerLookup {
  readonly #deps: CallerLookupDeps

  constructor (deps: CallerLookupDeps) {
    this.#deps = deps
  }

  /**
   * Who is calling from `query.number`. Integration tokens may do this and
   * nothing else; people at the desk may do it too.
   * @throws RingcardError RC_ERR_AUTH_FORBIDDEN, RC_ERR_LOOKUP_BAD_COUNTRY
   */
  async lookup (actor: Operator, query: LookupQuery): Promise<LookupAnswer> {
    requireRole(actor, LOOKUP_ROLES)
    const country = query.country?.toUpperCase()
    if (country !== undefined && !isSupportedCountry(country)) throw new RingcardError('RC_ERR_LOOKUP_BAD_COUNTRY')
    const result = await this.#deps.matcher.match(query.number, country === undefined ? {} : { country: country as CountryCode })
    const none = { match: 'none', candidates: [], displayName: '', ownerExtension: '', tier: '' } as const
    switch (result.kind) {
      case 'none': return { number: '', kind: 'withheld', ...none }
      case 'internal': return { number: result.number?.kind === 'internal' ? result.number.raw : query.number.trim(), kind: 'extension', ...none }
      case 'invalid':
      case 'implausible': return { number: query.number.trim(), kind: 'invalid', ...none }
      case 'unknown': return { number: e164Of(result), kind: 'e164', ...none }
      case 'matched':
      case 'possible': return await this.#answer(result)
    }
  }

  async #answer (result: MatchResult): Promise<LookupAnswer> {
    const found = new Map((await this.#deps.customers.summaries(result.candidates.map(c => c.customerId))).map(s => [s.id, s]))
    const candidates: LookupCandidate[] = result.candidates.flatMap(c => {
      const s = found.get(c.customerId)
      return s === undefined ? [] : [{ customerId: c.customerId, displayName: s.displayName, confidence: c.confidence, why: c.why, tier: s.tier }]
    })
    const number = e164Of(result)
    if (candidates.length === 0) return { number, kind: 'e164', match: 'none', candidates, displayName: '', ownerExtension: '', tier: '' }
    if (result.kind === 'possible') return { number, kind: 'e164', match: 'possible', candidates, displayName: '', ownerExtension: '', tier: '' }
    if (candidates.length > 1) return { number, kind: 'e164', match: 'several', candidates, displayName: '', ownerExtension: '', tier: '' }
    const only = found.get(candidates[0]!.customerId)!
    return { number, kind: 'e164', match: 'single', candidates, displayName: only.displayName, ownerExtension: only.ownerExtension ?? '', tier: only.tier ?? '' }
  }
}

function e164Of (result: MatchResult): string {
  return result.number?.kind === 'number' ? result.number.e164 : ''
}
