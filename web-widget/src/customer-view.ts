import { css, html, nothing, type TemplateResult } from 'lit'
import type { CardContact, CardIssue, CustomerCard, MatchConfidence } from '../../agent/contracts/ws.js'
import { contactKind, formatDate } from './format.js'

/*
 * Templates for a customer, shared by the live card (`<ringcard-card>`) and the
 * full file (`<ringcard-customer>`), so both read the same at a glance.
 * Every value is bound as text: names come from the CRM and caller IDs from
 * the PBX, and neither is trusted.
 */

const knownTiers = new Set(['gold', 'silver', 'bronze'])

const confidenceText: Record<MatchConfidence, string> = {
  exact: 'exact match',
  national: 'national-format match',
  suffix: 'partial (suffix) match'
}

export function tierBadge (tier: string | null): TemplateResult | typeof nothing {
  if (!tier) return nothing
  const key = tier.toLowerCase()
  const cls = knownTiers.has(key) ? `badge tier-${key}` : 'badge'
  return html`<span class=${cls} part="tier" title="Tier">${tier}</span>`
}

/** Salutation, name, company, tier; unless `brief`, also groups, stage line and the match reason. */
export function renderCustomerHeader (card: CustomerCard, brief = false): TemplateResult {
  const sameName = card.salutation.trim() === card.displayName.trim()
  return html`
    <div class="cust-head">
      <div class="cust-title">
        <h2 class="salutation" part="salutation">${card.salutation}</h2>
        ${tierBadge(card.tier)}
      </div>
      ${renderStanding(card)}
      <p class="who">
        ${sameName ? nothing : html`<span class="name">${card.displayName}</span>`}
        ${card.company ? html`<span class="company">${card.company}</span>` : nothing}
      </p>
      ${brief ? nothing : renderDetails(card)}
    </div>
  `
}

/**
 * One line under the name, above the fold: "birthday today", why the tier
 * ("€12,400 in 12 months, 96% paid on time"), and the purchase volume when
 * the reason does not already say it (a tier set by hand, or none).
 */
export function renderStanding (card: CustomerCard): TemplateResult | typeof nothing {
  const volume = card.purchaseVolume && !(card.tierWhy ?? '').includes(card.purchaseVolume.text) ? card.purchaseVolume.text : null
  if (!card.birthdayToday && !card.tierWhy && !volume) return nothing
  return html`
    <p class="standing small" part="standing">
      ${card.birthdayToday ? html`<span class="birthday" part="birthday"><span aria-hidden="true">🎂</span> Birthday today</span>` : nothing}
      ${card.tierWhy ? html`<bdi class="tier-why" title="Why this tier">${card.tierWhy}</bdi>` : nothing}
      ${volume ? html`<bdi class="volume" title="Purchases">${volume}</bdi>` : nothing}
    </p>
  `
}

function renderDetails (card: CustomerCard): TemplateResult {
  return html`
      ${card.groups.length > 0
        ? html`<p class="groups" aria-label="Groups">${card.groups.map((g) => html`<span class="chip">${g}</span>`)}</p>`
        : nothing}
      <p class="facts small">
        <span class="stage stage-${card.stage}">${card.stage}</span>
        ${card.sourceCampaign ? html`<span>via ${card.sourceCampaign}</span>` : nothing}
        ${card.language ? html`<span>lang ${card.language}</span>` : nothing}
        ${card.ownerName ? html`<span>owner ${card.ownerName}</span>` : nothing}
      </p>
      ${card.why === '' ? nothing : html`<p class="why small muted">${confidenceText[card.confidence]} · ${card.why}</p>`}
  `
}

export function renderIssues (issues: readonly CardIssue[]): TemplateResult | typeof nothing {
  if (issues.length === 0) return nothing
  return html`
    <section class="issues" part="issues" aria-label="Open issues">
      <h3>Open issues <span class="count">${issues.length}</span></h3>
      <ul>
        ${issues.map((issue) => html`
          <li><span class="issue-title">${issue.title}</span>
            <span class="small muted">opened ${formatDate(issue.openedAt)}</span></li>`)}
      </ul>
    </section>
  `
}

function resolvedMark (resolved: boolean | null): TemplateResult {
  if (resolved === true) return html`<span class="ok" title="resolved">✓ resolved</span>`
  if (resolved === false) return html`<span class="bad" title="unresolved">✗ unresolved</span>`
  return html`<span class="muted">not recorded</span>`
}

export function renderContacts (contacts: readonly CardContact[], heading: string): TemplateResult {
  return html`
    <section class="contacts" part="contacts" aria-label=${heading}>
      <h3>${heading}</h3>
      ${contacts.length === 0
        ? html`<p class="small muted">No earlier contacts.</p>`
        : html`<ol>
          ${contacts.map((c) => html`
            <li>
              <div class="contact-line small">
                <span class="date">${formatDate(c.occurredAt)}</span>
                <span>${contactKind(c)}</span>
                ${c.callResult ? html`<span class="muted">${c.callResult}</span>` : nothing}
                ${c.disposition ? html`<span class="disp">${c.disposition}</span>` : nothing}
                ${resolvedMark(c.resolved)}
                ${c.operatorName ? html`<span class="muted">· ${c.operatorName}</span>` : nothing}
              </div>
              ${c.note ? html`<p class="note small">${c.note}</p>` : nothing}
            </li>`)}
        </ol>`}
    </section>
  `
}

export const customerStyles = css`
  .cust-title { display: flex; align-items: center; gap: 8px; }
  .salutation { font-size: 20px; font-weight: 750; line-height: 1.15; }
  .who { font-weight: 600; display: flex; flex-wrap: wrap; gap: 0 8px; }
  .who .company { color: var(--_muted); font-weight: 500; }
  .groups { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 4px; }
  .facts { display: flex; flex-wrap: wrap; gap: 0 10px; margin-top: 4px; }
  .stage { font-weight: 700; text-transform: uppercase; font-size: 11px; letter-spacing: 0.04em; }
  .stage-lead { color: #8a4b00; }
  .stage-prospect { color: #1d4ed8; }
  .stage-customer { color: var(--_ok); }
  .stage-inactive { color: #6b7280; }
  .why { margin-top: 2px; }
  .standing { display: flex; flex-wrap: wrap; gap: 0 10px; margin-top: 2px; }
  .birthday { font-weight: 700; color: var(--_accent); }
  .tier-why, .volume { font-variant-numeric: tabular-nums; }
  h3 {
    font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.05em;
    color: var(--_muted); margin: 10px 0 3px;
  }
  .count {
    display: inline-block; min-width: 16px; text-align: center; border-radius: 999px;
    background: var(--_bad); color: #fff; font-size: 10px; padding: 0 4px;
  }
  .issues li { display: flex; justify-content: space-between; gap: 8px; padding: 1px 0; }
  .issue-title { font-weight: 600; }
  .contacts li { padding: 3px 0; border-top: 1px solid var(--_line); }
  .contacts li:first-child { border-top: 0; }
  .contact-line { display: flex; flex-wrap: wrap; gap: 0 8px; }
  .contact-line .date { font-variant-numeric: tabular-nums; font-weight: 600; }
  .disp { font-weight: 600; }
  .note { color: var(--_fg); white-space: pre-wrap; overflow-wrap: anywhere; margin-top: 1px; }
`
