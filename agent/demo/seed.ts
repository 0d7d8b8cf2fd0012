/**
 * Demo data: three operators and a dozen customers that exercise every part
 * of the card (tiers, groups, stages, campaigns, owners, honorifics, an RTL
 * name, open issues, history), plus the numbers the demo PBX dials with.
 * And a bulk generator for the 100k-customer benchmark.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../schema/database.js'
import { digitsSuffix } from '../crm/customers/phone-digits.js'
import type { CrmRepos } from '../crm/crm-repos.js'
import type { OperatorRepo } from '../crm/operators/operator-repo.js'
import type { UnitOfWork } from '../store/unit-of-work.js'
import type { NewCustomerInput, NewPhoneInput } from '../model/customer.js'
import type { Operator } from '../model/operator.js'

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
export const DEMO_TOKENS = { anna: 'demo-1001', ben: 'demo-1002', supervisor: 'demo-super' } as const

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

interface DemoCustomer extends NewCustomerInput {
  readonly key: string
}

type Owner = 'anna' | 'ben' | null

function phone (raw: string, e164: string | null, kind: NewPhoneInput['kind']): NewPhoneInput {
  return { raw, e164, kind }
}

function customer (key: string, owner: Owner, fields: Omit<NewCustomerInput, 'ownerId'>, ids: Record<'anna' | 'ben', number>): DemoCustomer {
  return { key, ...fields, ownerId: owner === null ? null : ids[owner] }
}

function demoCustomers (ids: Record<'anna' | 'ben', number>): DemoCustomer[] {
  const base = { honorific: null, company: null, sourceCampaign: null, tier: null, birthday: null, notes: null, tags: [] }
  return [
    customer('jane', 'anna', { ...base, displayName: 'Jane Doe', honorific: 'Ms', company: 'Doe Logistics GmbH', stage: 'customer', sourceCampaign: 'spring-fair-2025', tier: 'gold', birthday: '1984-03-12', language: 'en', notes: 'Prefers e-mail follow-ups.', tags: ['VIP', 'Newsletter'], phones: [phone('+49 151 12345678', DEMO_NUMBERS.jane, 'mobile')] }, ids),
    customer('pat', 'ben', { ...base, displayName: 'Pat O\'Brien', honorific: 'Mr', stage: 'prospect', sourceCampaign: 'dublin-expo-2026', tier: 'silver', language: 'en', tags: ['Newsletter'], phones: [phone('+353 86 123 4567', DEMO_NUMBERS.pat, 'mobile')] }, ids),
    customer('wagner', 'anna', { ...base, displayName: 'Klaus Wagner', honorific: 'Dr', company: 'Wagner Architekten', stage: 'customer', tier: 'bronze', language: 'de', tags: ['Enterprise'], phones: [phone('+49 30 123456', DEMO_NUMBERS.berlin, 'work')] }, ids),
    customer('maria', 'ben', { ...base, displayName: 'Maria Schmidt', honorific: 'Frau', stage: 'customer', tier: 'gold', language: 'de', tags: ['VIP'], phones: [phone('040 111222333', DEMO_NUMBERS.shared, 'home')] }, ids),
    customer('thomas', 'ben', { ...base, displayName: 'Thomas Schmidt', honorific: 'Herr', stage: 'customer', tier: 'bronze', language: 'de', phones: [phone('040 111222333', DEMO_NUMBERS.shared, 'home')] }, ids),
    customer('shirin', 'anna', { ...base, displayName: 'شیرین تهرانی', honorific: 'خانم', stage: 'customer', sourceCampaign: 'instagram-fa', tier: 'silver', language: 'fa', tags: ['Newsletter'], phones: [phone('+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷', DEMO_NUMBERS.persian, 'mobile')] }, ids),
    customer('helga', null, { ...base, displayName: 'Helga Braun', honorific: 'Frau', stage: 'customer', sourceCampaign: 'legacy-import', tier: 'bronze', language: 'de', notes: 'Imported from the old CRM; number not verified.', phones: [phone('030 1234567', null, 'landline')] }, ids),
    customer('lukas', null, { ...base, displayName: 'Lukas Meier', stage: 'lead', sourceCampaign: 'google-ads-q4', language: 'de', phones: [phone('+49 176 24681357', DEMO_NUMBERS.lead, 'mobile')] }, ids),
    customer('sofia', 'ben', { ...base, displayName: 'Sofia Rossi', honorific: 'Ms', company: 'Acme Industrial S.p.A.', stage: 'customer', sourceCampaign: 'partner-referral', tier: 'gold', language: 'it', tags: ['Enterprise', 'VIP'], phones: [phone('+39 06 6982 1234', '+390669821234', 'work')] }, ids),
    customer('yuki', 'anna', { ...base, displayName: 'Yuki Tanaka', company: 'Tanaka Trading', stage: 'prospect', sourceCampaign: 'webinar-2026-10', tier: 'silver', language: 'ja', phones: [phone('+81 3 5555 0147', '+81355550147', 'work')] }, ids),
    customer('ahmed', null, { ...base, displayName: 'Ahmed Hassan', honorific: 'Mr', stage: 'customer', tier: 'bronze', language: 'ar', tags: ['Newsletter'], phones: [phone('+20 12 2345 6789', '+201223456789', 'mobile')] }, ids),
    customer('emma', 'ben', { ...base, displayName: 'Emma Fischer', honorific: 'Frau', stage: 'prospect', sourceCampaign: 'newsletter-signup', birthday: '1990-11-24', language: 'de', tags: ['Newsletter'], phones: [phone('0221 45678901', '+4922145678901', 'landline')] }, ids),
    customer('oliver', 'anna', { ...base, displayName: 'Oliver Smith', honorific: 'Mr', company: 'Smith & Sons Ltd', stage: 'customer', tier: 'silver', language: 'en-GB', tags: ['Enterprise'], phones: [phone('+44 20 7946 0958', '+442079460958', 'work')] }, ids)
  ]
}

/**
 * Seeds the demo operators (tokens in {@link DEMO_TOKENS}), customers, open
 * issues and past contacts. Does nothing when any operator exists, so it is
 * safe on every start. Runs in one transaction: a start killed half-way
 * through seeding must not leave operators behind, or the next start would
 * skip the rest. Not safe to run from two processes at the same moment.
 */

/** What a seeded past call was wrapped up with. */
interface SeedWrapUp {
  readonly disposition: string
  readonly note: string
  readonly resolved: boolean
  readonly newIssueTitle?: string
  readonly resolveIssueId?: number
  readonly talkSeconds?: number
}

export async function seedDemo (uow: Pick<UnitOfWork<CrmRepos>, 'run'>, opts: { now?: () => Date } = {}): Promise<SeedSummary> {
  return await uow.run(async (repos) => await seedDemoWith(repos, opts.now ?? (() => new Date())))
}

async function seedDemoWith (repos: CrmRepos, clock: () => Date): Promise<SeedSummary> {
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

  const ids = new Map<string, number>()
  for (const { key, ...input } of demoCustomers({ anna: anna.id, ben: ben.id })) {
    ids.set(key, (await repos.customers.create(input, null)).id)
  }
  const id = (key: string): number => {
    const found = ids.get(key)
    if (found === undefined) throw new Error(`seed: no demo customer ${key}`)
    return found
  }

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

  return { seeded: true, customers: ids.size }
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
    for (let offset = 0; offset < n; offset += batchSize) {
      const rows = []
      for (let i = offset; i < Math.min(n, offset + batchSize); i++) {
        const k = first + i
        rows.push({
          display_name: `Bulk Customer ${k}`,
          honorific: null,
          company: k % 4 === 0 ? `Company ${k % 997}` : null,
          stage: stages[k % 3] ?? 'customer',
          source_campaign: k % 5 === 0 ? 'bulk-import' : null,
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
        return { customer_id: row.id, raw: e164, e164, digits_suffix: digitsSuffix(e164), kind: 'landline' as const }
      })).execute()
    }
  })
}
