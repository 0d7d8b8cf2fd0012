import { describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { dialects, useTestDatabase } from '../../support/databases.js'
import { CustomerRepo } from '../../../agent/crm/customers/customer-repo.js'
import { crmRepos } from '../../../agent/crm/crm-repos.js'
import { crmUnitOfWork } from '../../support/crm.js'
import { seedDemo, DEMO_NUMBERS } from '../../../agent/demo/seed.js'
import { CardBuilder, salutation } from '../../../agent/screen-pop/card-builder.js'
import { CallMatches } from '../../../agent/screen-pop/call-matches.js'
import { CustomerMatcher } from '../../../agent/crm/customers/customer-matcher.js'
import type { Call } from '../../../agent/model/call.js'

/** A real repository whose customer reads fail the first `failures` times, like a database blip. */
class FlakyCustomerRepo extends CustomerRepo {
  failures = 0
  override async get (id: number): ReturnType<CustomerRepo['get']> {
    if (this.failures > 0) {
      this.failures--
      throw new Error('connection reset')
    }
    return await super.get(id)
  }
}

const sqlite = (await dialects()).filter(([name]) => name === 'sqlite')

describe.each(sqlite)('[%s] CardBuilder and CallMatches', (_name, dialect) => {
  const t = useTestDatabase(dialect)

  const build = async () => {
    const now = (): Date => new Date()
    await seedDemo(crmUnitOfWork(t.db, now))
    const store = new FlakyCustomerRepo(t.db, now)
    const matcher = new CustomerMatcher(store, { defaultCountry: 'DE' })
    const cards = new CardBuilder({ ...crmRepos(t.db, now), customers: store }, matcher, { dispositionLabels: new Map() })
    return { store, cards }
  }
  const call = (number: string | null, withheld = false): Call => ({
    id: 'b:1', pbxId: 'default', direction: 'inbound', state: 'ringing', remote: { number, name: null, withheld }, queue: null, legs: [],
    answeredBy: null, startedAt: 0, answeredAt: null, endedAt: null, result: null, endedBy: null, transfers: []
  })

  it('salutation uses the honorific with the last name, else the full name', () => {
    expect(salutation({ displayName: 'Jane Doe', honorific: 'Ms' })).toBe('Ms Doe')
    expect(salutation({ displayName: 'Jane Doe', honorific: null })).toBe('Jane Doe')
    expect(salutation({ displayName: '  Cher ', honorific: ' ' })).toBe('Cher')
  })

  it('a failed database read pops "unknown" instead of throwing, and the next change of the call looks up again', async () => {
    const { store, cards } = await build()
    const matches = new CallMatches(cards, pino({ level: 'silent' }))
    store.failures = 1
    expect(await matches.forCall(call(DEMO_NUMBERS.jane))).toEqual({ kind: 'unknown', number: DEMO_NUMBERS.jane, e164: null })
    // The failed result is not the call's answer forever: once the database is back, the next change gets the card.
    expect(await matches.forCall(call(DEMO_NUMBERS.jane))).toMatchObject({ kind: 'customer', card: { displayName: 'Jane Doe' } })
  })

  it('withheld and absent numbers never reach the database', async () => {
    const { store, cards } = await build()
    store.failures = 100
    expect(await cards.matchRemote({ number: '+4930123456', name: null, withheld: true })).toEqual({ kind: 'withheld', reason: 'withheld' })
    expect(await cards.matchRemote({ number: null, name: null, withheld: false })).toEqual({ kind: 'withheld', reason: 'absent' })
    expect(store.failures).toBe(100)
  })

  it('one lookup per call and number, however many changes and ringing phones', async () => {
    const { cards } = await build()
    const matches = new CallMatches(cards, pino({ level: 'silent' }))
    const a = matches.forCall(call(DEMO_NUMBERS.jane))
    const b = matches.forCall(call(DEMO_NUMBERS.jane))
    expect(a).toBe(b)
    expect(matches.size).toBe(1)
    matches.forget('b:1')
    expect(matches.size).toBe(0)
  })
})
