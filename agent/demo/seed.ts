/**
 * Demo data: four operators and the thirteen customers the demo's calls ring
 * for, exercising every part of the card (tiers, groups, stages, campaigns,
 * owners, honorifics, an RTL name, open issues, history), plus the numbers
 * the demo PBX dials with; in demo mode a crowd of a few hundred more. The
 * customers come in through the import path (`./demo-customers.ts`).
 * And a bulk generator for the 100k-customer benchmark.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../schema/database.js'
import { digitsSuffix } from '../crm/customers/phone-digits.js'
import type { CrmRepos } from '../crm/crm-repos.js'
import type { OperatorRepo } from '../crm/operators/operator-repo.js'
import type { UnitOfWork } from '../store/unit-of-work.js'
import type { Operator } from '../model/operator.js'
import type { PaymentMethod } from '../model/purchase.js'
import type { TierPolicy } from '../model/tier.js'
import { DEFAULT_TIER_RULES, parseTierRules } from '../crm/tiers/tier-rules.js'
import { Tiering } from '../crm/tiers/tiering.js'
import { CustomerImporter } from '../crm/import/customer-import.js'
import { demoCustomersCsv, demoExternalId } from './demo-customers.js'

/**
 * Caller numbers the demo PBX can put into recorded calls. All but
 * `unknown` belong to seeded customers.
 */
export const DEMO_NUMBERS = {
  /** Jane Doe, gold, open billing issue. */
  jane: '+4915112345678',
  /** Pat O'Brien, Irish mobile. */
  pat: '+353861234567',
  /** Dr Klaus Wagner, the short Berlin number from the recorded traces. */
  berlin: '+4930123456',
  /** Maria and Thomas Schmidt's home line: the pop offers a chooser. */
  shared: '+4940111222333',
  /** شیرین تهرانی (Persian), stored with Persian digits. */
  persian: '+989121234567',
  /** Helga Braun, stored only as "030 1234567" (no E.164): a national-format match. */
  legacy: '+49301234567',
  /** Lukas Meier, a fresh lead. */
  lead: '+4917624681357',
  /** Nobody: the pop offers "create lead". */
  unknown: '+4989555000111'
} as const

/** Tokens of the demo operators. Demo only; never use in production. */
export const DEMO_TOKENS = { anna: 'demo-1001', ben: 'demo-1002', supervisor: 'demo-super', admin: 'demo-admin' } as const

/** Operators that still sign in with a public demo token (a real PBX must refuse to run with any). */
export async function demoTokenHolders (operators: Pick<OperatorRepo, 'findByToken'>): Promise<Operator[]> {
  const found = await Promise.all(Object.values(DEMO_TOKENS).map(t => operators.findByToken(t)))
  return found.filter((op): op is Operator => op !== null)
}

/** What {@link seedDemo} did. */
export interface SeedSummary {
  /** False when operators existed already and nothing was written. */
  readonly seeded: boolean
  readonly customers: number
}

/**
 * Seeds the demo operators (tokens in {@link DEMO_TOKENS}), customers, open
 * issues and past contacts. Does nothing when any operator exists, so it is
 * safe on every start. Runs in one transaction: a start killed half-way
 * through seeding must not leave operators behind, or the next start would
 * skip the rest. Not safe to run from two processes at the same moment.
 */

/** The callers the seeded history below refers to. */
const demoKeys = ['jane', 'pat', 'wagner', 'maria', 'thomas', 'shirin', 'helga', 'lukas', 'sofia', 'yuki', 'ahmed', 'emma', 'oliver']

/** What a seeded past call was wrapped up with. */
interface SeedWrapUp {
  readonly disposition: string
  readonly note: string
  readonly resolved: boolean
  readonly newIssueTitle?: string
  readonly resolveIssueId?: number
  readonly talkSeconds?: number
}

/** How seeded tiers are decided when the caller gives no policy: the default tier rules, 365 days, EUR. */
const DEMO_TIER_POLICY: TierPolicy = { rules: parseTierRules(DEFAULT_TIER_RULES), windowDays: 365, currency: 'EUR' }

/**
 * Demo purchases (EUR) per customer, `[euros, days ago, paid on time]`, chosen
 * so that the default tier rules give each demo customer the tier it is
 * seeded with; Jane's read "€12,400 in 12 months, 96% paid on time".
 */
function demoPurchases (): Record<string, Array<[number, number, boolean | null, PaymentMethod]>> {
  const series = (n: number, euros: number, late: number[] = [], method: PaymentMethod = 'credit') =>
    Array.from({ length: n }, (_, i): [number, number, boolean | null, PaymentMethod] => [euros, 5 + i * Math.floor(340 / n), !late.includes(i), method])
  return {
    jane: [...series(24, 480, [7]), [880, 2, true, 'instalments']],
    maria: series(10, 1100, [], 'cash'),
    sofia: series(12, 2500, [3], 'instalments'),
    pat: series(3, 800),
    shirin: series(4, 700, [1]),
    yuki: series(3, 900),
    oliver: series(5, 1000, [2]),
    wagner: series(2, 600, [], 'cash'),
    thomas: series(1, 300, [], 'cash'),
    helga: series(1, 150, [], 'cash'),
    ahmed: series(2, 250, [0])
  }
}

/**
 * @param opts.crowd customers to import besides the demo's callers (demo mode: `DEMO_CROWD`; tests: none).
 */
export async function seedDemo (uow: Pick<UnitOfWork<CrmRepos>, 'run'>, opts: { now?: () => Date; tiers?: TierPolicy; locale?: string; crowd?: number } = {}): Promise<SeedSummary> {
  return await uow.run(async (repos) => await seedDemoWith(repos, opts.now ?? (() => new Date()), opts.tiers ?? DEMO_TIER_POLICY, opts.locale ?? 'en', opts.crowd ?? 0))
}

async function seedDemoWith (repos: CrmRepos, clock: () => Date, tiers: TierPolicy, locale: string, crowd: number): Promise<SeedSummary> {
  if ((await repos.operators.list()).length > 0) return { seeded: false, customers: 0 }
  const now = clock()
  const ago = (days: number, hour: number): string => {
    const d = new Date(now.getTime() - days * 86_400_000)
    d.setUTCHours(hour, 0, 0, 0)
    return d.toISOString()
  }

  const anna = await repos.operators.create({ login: 'anna', displayName: 'Anna Berg', role: 'operator', extensions: ['1001'], token: DEMO_TOKENS.anna })
  const ben = await repos.operators.create({ login: 'ben', displayName: 'Ben Okafor', role: 'operator', extensions: ['1002'], token: DEMO_TOKENS.ben })
  await repos.operators.create({ login: 'super', displayName: 'Sam Lee', role: 'supervisor', extensions: [], token: DEMO_TOKENS.supervisor })
  await repos.operators.create({ login: 'admin', displayName: 'Alex Admin', role: 'admin', extensions: [], token: DEMO_TOKENS.admin })

  // Through the import path, in this transaction. The callers' tiers come from the demo purchases below, by the tier rules.
  const importer = new CustomerImporter({ uow: { repos, run: async (fn) => await fn(repos) }, defaultCountry: 'DE', tierNames: tiers.rules.map(r => r.name), now: clock })
  const imported = await importer.run({ text: demoCustomersCsv({ crowd }) }, { importId: 'demo-seed', actorId: null })
  if (imported.errors > 0) throw new Error(`seed: ${imported.errors} demo customers did not import`)
  const keyed = await repos.customerImport.byExternalIds(demoKeys.map(demoExternalId))
  const id = (key: string): number => {
    const found = keyed.get(demoExternalId(key))
    if (found === undefined) throw new Error(`seed: no demo customer ${key}`)
    return found
  }
  // Helga stands for a file from an older CRM whose number was never read: stored as typed, without E.164.
  await repos.customerImport.keepNumbersAsTyped(id('helga'))

  let seq = 0
  /** A past call wrapped up by an operator. */
  const call = async (key: string, operatorId: number, days: number, hour: number, wrap: SeedWrapUp): Promise<void> => {
    const callId = `seed-${++seq}`
    await repos.outcomes.save({
      callId,
      idempotencyKey: `seed-outcome-${seq}`,
      operatorId,
      customerId: id(key),
      disposition: wrap.disposition,
      note: wrap.note,
      resolved: wrap.resolved,
      resolveIssueId: wrap.resolveIssueId ?? null,
      newIssueTitle: wrap.newIssueTitle ?? null,
      call: {
        direction: 'inbound', occurredAt: ago(days, hour), extension: operatorId === anna.id ? '1001' : '1002', queue: 'support',
        remoteNumber: null, ringSeconds: 6, talkSeconds: wrap.talkSeconds ?? 180, callResult: 'answered'
      }
    })
  }

  await call('jane', anna.id, 40, 9, { disposition: 'support', note: 'Reset her portal password.', resolved: true })
  await call('jane', anna.id, 3, 14, { disposition: 'complaint', note: 'Invoice 2026-114 charged twice; finance is checking.', resolved: false, newIssueTitle: 'Invoice 2026-114 charged twice' })
  await repos.interactions.add({ customerId: id('jane'), kind: 'meeting', direction: null, occurredAt: ago(20, 10), operatorId: anna.id, disposition: null, note: 'Quarterly review at their office.', resolved: null, issueId: null })

  await repos.interactions.add({ customerId: id('pat'), kind: 'email', direction: 'outbound', occurredAt: ago(5, 11), operatorId: ben.id, disposition: null, note: 'Sent the price list after the Dublin expo.', resolved: null, issueId: null })

  await call('wagner', anna.id, 8, 16, { disposition: 'support', note: 'Plotter offline since the firmware update; vendor ticket opened.', resolved: false, newIssueTitle: 'Plotter offline after firmware update' })
  await repos.interactions.logCall({
    callId: `seed-${++seq}`, customerId: id('wagner'), direction: 'inbound', occurredAt: ago(1, 8), extension: '1001',
    operatorId: null, queue: 'support', remoteNumber: DEMO_NUMBERS.berlin, ringSeconds: 25, talkSeconds: null, callResult: 'missed'
  })

  await call('maria', ben.id, 15, 13, { disposition: 'sale', note: 'Upgraded to the family plan.', resolved: true })
  await call('shirin', anna.id, 20, 12, { disposition: 'sale', note: 'Ordered the annual plan (Persian invoice requested).', resolved: true })
  await repos.issues.add(id('sofia'), 'Needs single sign-on for 40 seats', ben.id)
  await call('sofia', ben.id, 6, 15, { disposition: 'callback', note: 'IT lead will call back about SSO.', resolved: false, talkSeconds: 420 })
  await repos.interactions.add({ customerId: id('oliver'), kind: 'note', direction: null, occurredAt: ago(10, 9), operatorId: anna.id, disposition: null, note: 'Contract renewal due in January.', resolved: null, issueId: null })
  await repos.interactions.add({ customerId: id('yuki'), kind: 'sms', direction: 'outbound', occurredAt: ago(2, 16), operatorId: anna.id, disposition: null, note: 'Your trial licence is extended to Friday.', resolved: null, issueId: null, outcome: 'trial extended' })

  for (const [key, purchases] of Object.entries(demoPurchases())) {
    for (const [euros, days, paidOnTime, paymentMethod] of purchases) {
      await repos.purchases.add({
        customerId: id(key), purchasedAt: ago(days, 11), amountMinor: euros * 100, currency: 'EUR',
        product: null, category: euros >= 1000 ? 'Enterprise plan' : 'Subscription', paymentMethod, paidOnTime, createdBy: null
      })
    }
  }
  // Tiers by the rules, in this transaction (the seeded `tier` values are what they give).
  await new Tiering({ repos, run: async (fn) => await fn(repos) }, {
    policy: tiers, locale, now: () => now.getTime(), logger: { info: () => undefined, warn: () => undefined }, audit: false
  }).recomputeAll()

  return { seeded: true, customers: imported.inserted }
}

/**
 * Inserts `n` synthetic customers, each with one unique phone number
 * (`+4969` + 8 digits), in batches inside one transaction. Numbering goes on
 * from the customers already present, so repeated calls add distinct rows.
 */
export async function seedBulk (db: Kysely<Database>, n: number, opts: { now?: () => Date; batchSize?: number } = {}): Promise<void> {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('seedBulk: n must be a non-negative integer')
  // 12 bound values per customer row: 500 rows stay far below both engines' parameter limits.
  const batchSize = opts.batchSize ?? 500
  const at = (opts.now ?? (() => new Date()))().toISOString()
  const tiers = ['gold', 'silver', 'bronze', null] as const
  const stages = ['lead', 'prospect', 'customer'] as const
  await db.transaction().execute(async (trx) => {
    const { c } = await trx.selectFrom('customers').select(eb => eb.fn.countAll().as('c')).executeTakeFirstOrThrow()
    const first = Number(c)
    await trx.insertInto('campaigns').values({ name: 'bulk-import', created_at: at }).onConflict(oc => oc.column('name').doNothing()).execute()
    const { id: campaignId } = await trx.selectFrom('campaigns').select('id').where('name', '=', 'bulk-import').executeTakeFirstOrThrow()
    for (let offset = 0; offset < n; offset += batchSize) {
      const rows = []
      for (let i = offset; i < Math.min(n, offset + batchSize); i++) {
        const k = first + i
        rows.push({
          display_name: `Bulk Customer ${k}`,
          honorific: null,
          company: k % 4 === 0 ? `Company ${k % 997}` : null,
          stage: stages[k % 3] ?? 'customer',
          campaign_id: k % 5 === 0 ? campaignId : null,
          owner_id: null,
          tier: tiers[k % 4] ?? null,
          birthday: null,
          language: 'de',
          notes: null,
          created_at: at,
          updated_at: at
        })
      }
      const inserted = await trx.insertInto('customers').values(rows).returning(['id', 'display_name']).execute()
      await trx.insertInto('customer_phones').values(inserted.map((row) => {
        // The customer's own index, so numbers stay unique whatever order RETURNING uses.
        const k = Number(row.display_name.slice('Bulk Customer '.length))
        const e164 = `+4969${String(20_000_000 + k).padStart(8, '0')}`
        return { customer_id: row.id, raw: e164, e164, digits_suffix: digitsSuffix(e164), kind: 'landline' as const, is_primary: true }
      })).execute()
    }
  })
}
