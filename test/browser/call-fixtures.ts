import type { CallView, CustomerCard, DispositionOption, OperatorInfo } from '../../agent/contracts/ws.js'

/** Complete protocol objects for widget tests; each test overrides only what it is about. */

export const operator: OperatorInfo = {
  id: 1, login: 'anna', displayName: 'Anna Operator', role: 'operator', extensions: ['1001']
}

export const dispositions: readonly DispositionOption[] = [
  { key: 1, code: 'sales', label: 'Sales' },
  { key: 2, code: 'support', label: 'Support' },
  { key: 3, code: 'complaint', label: 'Complaint' },
  { key: 4, code: 'wrong-number', label: 'Wrong number' }
]

export function customerCard (overrides: Partial<CustomerCard> = {}): CustomerCard {
  return {
    customerId: 1,
    displayName: 'Jane Doe',
    salutation: 'Ms Doe',
    honorific: 'Ms',
    company: 'ACME GmbH',
    stage: 'customer',
    tier: 'gold',
    tierWhy: '€12,400 in 12 months, 96% paid on time',
    purchaseVolume: { amountMinor: 1_240_000, currency: 'EUR', windowDays: 365, text: '€12,400 in 12 months' },
    birthdayToday: false,
    groups: ['VIP', 'Wholesale'],
    ownerName: 'Bob Sales',
    sourceCampaign: 'Spring Fair 2024',
    language: 'de',
    openIssues: [{ id: 7, title: 'Router keeps rebooting', openedAt: '2025-03-03T09:00:00Z' }],
    lastContacts: [
      {
        id: 31, kind: 'call', direction: 'inbound', occurredAt: '2025-03-04T10:15:00Z', callResult: 'answered',
        disposition: 'Support', note: 'Firmware update sent, will call back', resolved: false, operatorName: 'Anna Operator'
      },
      {
        id: 30, kind: 'email', direction: 'outbound', occurredAt: '2025-02-20T08:00:00Z', callResult: null,
        disposition: null, note: 'Invoice copy', resolved: true, operatorName: null
      }
    ],
    confidence: 'exact',
    why: 'exact number +49 151 12345678',
    ...overrides
  }
}

export function callView (overrides: Partial<CallView> = {}): CallView {
  return {
    id: 'c-1',
    direction: 'inbound',
    state: 'ringing',
    myLeg: 'ringing',
    answeredBy: null,
    answeredByName: null,
    queue: 'support',
    callerName: 'DOE JANE',
    number: '+49 151 12345678',
    startedAt: new Date(Date.now() - 5_000).toISOString(),
    answeredAt: null,
    endedAt: null,
    result: null,
    match: { kind: 'customer', card: customerCard() },
    wrappedUp: false,
    ...overrides
  }
}
