/**
 * Inputs the CRM repository tests share: a ticking clock, a lead, a call's
 * facts, a wrap-up, and two operators with one customer.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../schema/database.js'
import type { CrmRepos } from '../../agent/crm/crm-repos.js'
import type { CallLogEntry, OutcomeInput } from '../../agent/model/interaction.js'
import type { NewLeadInput } from '../../agent/model/customer.js'

/** A clock that moves one second per reading, so stored times are distinct and ordered. */
export function clock (): () => Date {
  let t = Date.parse('2026-11-22T09:00:00.000Z')
  return () => new Date(t += 1000)
}

export const lead: NewLeadInput = {
  displayName: 'Jane Doe',
  honorific: 'Ms',
  company: 'Doe GmbH',
  phoneRaw: '0151 12345678',
  phoneE164: '+4915112345678',
  sourceCampaign: 'spring-2026',
  ownerId: null,
  stage: 'lead',
  tier: 'gold',
  language: 'de',
  notes: null,
  tags: ['VIP', 'Newsletter', 'VIP']
}

export function callFacts (callId: string, extra: Partial<CallLogEntry> = {}): CallLogEntry {
  return {
    callId,
    customerId: null,
    direction: 'inbound',
    occurredAt: '2026-11-22T08:30:00.000Z',
    extension: '1001',
    operatorId: null,
    queue: 'support',
    remoteNumber: '+4915112345678',
    ringSeconds: 4,
    talkSeconds: 60,
    callResult: 'answered',
    ...extra
  }
}

export function outcome (callId: string, key: string, extra: Partial<OutcomeInput> = {}): OutcomeInput {
  const { callId: _c, customerId: _cu, operatorId: _o, ...facts } = callFacts(callId)
  return {
    callId,
    idempotencyKey: key,
    operatorId: 0,
    customerId: null,
    disposition: 'support',
    note: 'Printer fixed',
    resolved: true,
    resolveIssueId: null,
    newIssueTitle: null,
    call: facts,
    ...extra
  }
}

/** Operators Anna (ext 1001) and Ben (1002, 1012), and Anna's lead Jane. */
export async function seedPeople (repos: CrmRepos): Promise<{ anna: number; ben: number; jane: number }> {
  const anna = await repos.operators.create({ login: 'anna', displayName: 'Anna Berg', role: 'operator', extensions: ['1001'], token: 'tok-anna' })
  const ben = await repos.operators.create({ login: 'ben', displayName: 'Ben Okafor', role: 'operator', extensions: ['1002', '1012'], token: 'tok-ben' })
  const jane = await repos.customers.createLead({ ...lead, ownerId: anna.id }, anna.id)
  return { anna: anna.id, ben: ben.id, jane: jane.id }
}

export async function countRows (db: Kysely<Database>, table: 'interactions' | 'outcome_requests' | 'audit_log' | 'issues' | 'customers' | 'operators'): Promise<number> {
  const { n } = await db.selectFrom(table).select(eb => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
  return Number(n)
}
