/**
 * A possible match shows who it might be, not their file: until an operator
 * confirms, the pop carries each candidate's name, company, stage, tier,
 * owner and the "why" line, but none of their history, issues, purchases or
 * groups. The candidate may be another person who shares the last digits.
 */
import type { CustomerCard } from '../contracts/ws.js'

/** The candidate's card with everything but who they are left out. */
export function previewCard (card: CustomerCard): CustomerCard {
  return {
    ...card,
    groups: [],
    sourceCampaign: null,
    tierWhy: null,
    purchaseVolume: null,
    birthdayToday: false,
    openIssues: [],
    lastContacts: []
  }
}
