import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit'
import { customElement, property, query } from 'lit/decorators.js'
import type { NewPurchaseBody, PurchaseList, PurchaseView, TierView } from '../../agent/contracts/timeline.js'
import { foldDigits } from './digits.js'
import { CustomerActionEvent } from './events.js'
import { enterSubmitsFromSelect, fieldText, FormSwitch, isSaving, justSaved, statusLine } from './file-form.js'
import { fileStyles } from './file-styles.js'
import { formatDate } from './format.js'
import type { SaveState } from './save-state.js'
import { theme } from './theme.js'

type PaymentMethod = NewPurchaseBody['paymentMethod']

/** Every word this element shows, in one place (for translation). */
const t = {
  heading: 'Purchases',
  add: 'Add purchase',
  none: 'No purchases yet.',
  count: (n: number) => (n === 1 ? '1 purchase' : `${n} purchases`),
  onTime: (pct: string) => `${pct} paid on time`,
  tierWhy: 'Why this tier',
  amount: 'Amount',
  currency: 'Currency',
  method: 'Payment',
  methods: { cash: 'cash', credit: 'credit', instalments: 'instalments' } satisfies Record<PaymentMethod, string>,
  paid: 'Paid on time',
  paidUnknown: 'not known yet',
  paidYes: 'yes',
  paidNo: 'no, late',
  date: 'Date (empty: today)',
  product: 'Product',
  category: 'Category',
  save: 'Add purchase',
  cancel: 'Cancel',
  saving: 'Saving…',
  enterHint: 'Enter saves · Esc closes',
  paidMark: { yes: '✓ on time', no: '✗ late', unknown: 'payment not known' },
  tier: 'Tier',
  noTier: 'none',
  tierSource: { rules: 'computed by the rules', manual: 'overridden by hand', none: 'not computed yet' },
  override: 'Override tier',
  clear: 'Back to the rules',
  newTier: 'Tier',
  reason: 'Reason (shown on the card)',
  saveTier: 'Override',
  loading: 'Loading…'
}

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 })

function money (amount: string, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(Number(amount))
  } catch {
    return `${amount} ${currency}`
  }
}

/** "1.249,99", "1,249.99", "۱۲۴۹٫۹۹" → "1249.99"; anything else is sent as typed, for the agent to refuse with its reason. */
export function readAmount (typed: string): string {
  const text = foldDigits(typed).replace(/[\s\u00A0\u202F']/g, '')
  const lastComma = text.lastIndexOf(',')
  const lastDot = text.lastIndexOf('.')
  if (lastComma > lastDot && /^\d[\d.]*,\d{1,4}$/.test(text)) return text.slice(0, lastComma).replace(/\./g, '') + '.' + text.slice(lastComma + 1)
  if (/^\d[\d,]*(\.\d{1,4})?$/.test(text)) return text.replace(/,/g, '')
  return text
}

/**
 * A customer's purchases: what the tier rules look at (volume, count and
 * on-time payments over the tier window, and the tier with why: computed by
 * the rules or overridden by hand), the latest purchases, the form that
 * records one (the agent recomputes the tier), and for supervisors and admins
 * the tier override with its reason, and "back to the rules".
 * Presentational: the root sends what it asks for.
 *
 * @fires ringcard-customer-action - {@link CustomerActionEvent}: `add-purchase` (form `purchase`),
 *   `override-tier` and `clear-tier` (form `tier`).
 *
 * @csspart purchases - the section
 * @csspart purchase-form - the "Add purchase" form
 *
 * @cssprop --ringcard-accent - accent colour
 * @cssprop --ringcard-fg - text colour
 * @cssprop --ringcard-bg - background colour
 */
@customElement('ringcard-purchases')
export class RingcardPurchases extends LitElement {
  static override styles = [theme, fileStyles, css`
    .summary { display: flex; flex-wrap: wrap; gap: 0 10px; font-size: 13px; }
    .summary .volume { font-weight: 700; }
    .why { font-size: 12px; color: var(--_muted); }
    li.purchase { display: flex; flex-wrap: wrap; gap: 0 8px; font-size: 12px; padding-block: 2px; border-block-start: 1px solid var(--_line); }
    li.purchase:first-child { border-block-start: 0; }
    .amount { font-weight: 700; font-variant-numeric: tabular-nums; }
    .tier-line { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 8px; font-size: 12px; }
    .tier-line .tier-name { text-transform: capitalize; }
  `]

  @property({ type: Number }) customerId = 0
  /** The purchases answer; null while loading. */
  @property({ attribute: false }) purchases: PurchaseList | null = null
  /** Why the purchases could not be read; '' when they could. */
  @property() error = ''
  @property({ attribute: false }) status: Readonly<Record<string, SaveState>> = {}
  /** Offer the tier override (the agent allows supervisors and admins). */
  @property({ type: Boolean }) canOverride = false

  @query('form[data-form="purchase"]') private form?: HTMLFormElement
  private readonly forms = new FormSwitch(this)

  constructor () {
    super()
    this.addEventListener('keydown', (e) => this.forms.onKeydown(e))
  }

  get dirty (): boolean {
    return this.forms.open !== null
  }

  openNew (): void {
    this.forms.show('purchase')
  }

  /** Opens the tier override form (when this operator is offered it). */
  openTier (): void {
    if (this.canOverride) this.forms.show('tier')
  }

  protected override updated (changed: PropertyValues<this>): void {
    const before = changed.get('status')
    if (before && justSaved(before.purchase, this.status.purchase)) {
      this.form?.reset()
      this.forms.hide()
    }
    if (before && justSaved(before.tier, this.status.tier)) {
      this.renderRoot.querySelector<HTMLFormElement>('form[data-form="tier"]')?.reset()
      if (this.forms.open === 'tier') this.forms.hide()
    }
  }

  override render (): TemplateResult {
    const list = this.purchases
    return html`
      <section class="purchases part" part="purchases" aria-label=${t.heading}>
        <div class="part-head">
          <h3>${t.heading}</h3>
          <button data-opens="purchase" aria-expanded=${this.forms.isOpen('purchase')} @click=${() => this.forms.toggle('purchase')}>
            ${t.add} <kbd>p</kbd></button>
        </div>
        ${this.renderForm(list?.summary.currency ?? 'EUR')}
        ${this.error ? html`<p class="err small" role="alert">${this.error}</p>` : nothing}
        ${list === null ? (this.error ? nothing : html`<p class="empty">${t.loading}</p>`) : this.renderList(list)}
      </section>
    `
  }

  private renderList (list: PurchaseList): TemplateResult {
    const s = list.summary
    return html`
      <p class="summary">
        <bdi class="volume num">${s.volume}</bdi>
        <bdi class="num">${t.count(s.count)}</bdi>
        ${s.onTimeRatio === null ? nothing : html`<bdi class="num">${t.onTime(percent.format(s.onTimeRatio))}</bdi>`}
      </p>
      ${this.renderTier(list.tier)}
      ${list.purchases.length === 0 ? html`<p class="empty">${t.none}</p>` : html`
        <ul>${list.purchases.map((p) => this.renderPurchase(p))}</ul>`}
    `
  }

  /** The tier, whether the rules computed it or someone set it by hand (and why), and the override. */
  private renderTier (tier: TierView): TemplateResult {
    const source = tier.source ?? 'none'
    const saving = isSaving(this.status.tier)
    return html`
      <div class="tier-line" data-tier-source=${source}>
        <span class="muted">${t.tier}</span>
        <strong class="tier-name">${tier.tier ?? t.noTier}</strong>
        <span class="tier-source">${t.tierSource[source]}</span>
        ${this.canOverride ? html`
          <button class="small" data-opens="tier" aria-expanded=${this.forms.isOpen('tier')} @click=${() => this.forms.toggle('tier')}>
            ${t.override} <kbd>t</kbd></button>
          ${tier.source === 'manual' ? html`<button class="small" data-action="clear-tier" ?disabled=${saving}
            @click=${() => this.act({ kind: 'clear-tier', form: 'tier' })}>${t.clear}</button>` : nothing}` : nothing}
      </div>
      ${tier.why ? html`<p class="why" title=${t.tierWhy}><bdi>${tier.why}</bdi></p>` : nothing}
      ${this.canOverride ? this.renderTierForm(tier) : nothing}
      ${statusLine(this.status.tier, { saving: t.saving })}
    `
  }

  private renderTierForm (tier: TierView): TemplateResult {
    const submit = (event: SubmitEvent): void => {
      event.preventDefault()
      const form = event.currentTarget as HTMLFormElement
      const reason = fieldText(form, 'reason')
      if (!isSaving(this.status.tier) && reason) this.act({ kind: 'override-tier', form: 'tier', body: { tier: fieldText(form, 'tier'), reason } })
    }
    return html`
      <form class="inline" data-form="tier" ?hidden=${!this.forms.isOpen('tier')} aria-label=${t.override} @submit=${submit}
        @keydown=${enterSubmitsFromSelect}>
        <label>${t.newTier}
          <select name="tier" data-first>${tier.tiers.map((name) => html`<option value=${name} ?selected=${name === tier.tier}>${name}</option>`)}</select></label>
        <label>${t.reason}<input name="reason" required maxlength="300" autocomplete="off"></label>
        <div class="form-actions">
          <button class="primary" type="submit" ?disabled=${isSaving(this.status.tier)}>${t.saveTier} <kbd>Enter</kbd></button>
          <button type="button" @click=${() => this.forms.hide()}>${t.cancel}</button>
          <span class="small muted">${t.enterHint}</span>
        </div>
      </form>
    `
  }

  private act (action: CustomerActionEvent['action']): void {
    if (this.customerId !== 0) this.dispatchEvent(new CustomerActionEvent(this.customerId, action))
  }

  private renderPurchase (p: PurchaseView): TemplateResult {
    const paid = p.paidOnTime === true ? html`<span class="mark-ok">${t.paidMark.yes}</span>`
      : p.paidOnTime === false ? html`<span class="mark-bad">${t.paidMark.no}</span>`
        : html`<span class="muted">${t.paidMark.unknown}</span>`
    return html`
      <li class="purchase" data-purchase=${p.id}>
        <span class="num">${formatDate(p.purchasedAt)}</span>
        <bdi class="amount">${money(p.amount, p.currency)}</bdi>
        ${p.product || p.category ? html`<bdi>${p.product ?? p.category}</bdi>` : nothing}
        <span class="muted">${t.methods[p.paymentMethod]}</span>
        ${paid}
      </li>
    `
  }

  private renderForm (currency: string): TemplateResult {
    return html`
      <form class="inline" part="purchase-form" data-form="purchase" ?hidden=${!this.forms.isOpen('purchase')} aria-label=${t.add}
        @submit=${this.submit}>
        <label>${t.amount}<input name="amount" inputmode="decimal" autocomplete="off" required data-first dir="ltr"></label>
        <label>${t.currency}<input name="currency" autocomplete="off" maxlength="3" value=${currency} dir="ltr"></label>
        <label>${t.method}
          <select name="paymentMethod">
            ${(Object.keys(t.methods) as PaymentMethod[]).map((m) => html`<option value=${m}>${t.methods[m]}</option>`)}
          </select></label>
        <label>${t.paid}
          <select name="paidOnTime">
            <option value="">${t.paidUnknown}</option>
            <option value="yes">${t.paidYes}</option>
            <option value="no">${t.paidNo}</option>
          </select></label>
        <label>${t.product}<input name="product" autocomplete="off" maxlength="200"></label>
        <label>${t.category}<input name="category" autocomplete="off" maxlength="120"></label>
        <label>${t.date}<input name="purchasedAt" type="date"></label>
        ${statusLine(this.status.purchase, { saving: t.saving })}
        <div class="form-actions">
          <button class="primary" type="submit" ?disabled=${isSaving(this.status.purchase)}>${t.save} <kbd>Enter</kbd></button>
          <button type="button" @click=${() => this.forms.hide()}>${t.cancel}</button>
          <span class="small muted">${t.enterHint}</span>
        </div>
      </form>
    `
  }

  private submit (event: SubmitEvent): void {
    event.preventDefault()
    if (isSaving(this.status.purchase)) return
    const form = event.currentTarget as HTMLFormElement
    const paid = fieldText(form, 'paidOnTime')
    const day = fieldText(form, 'purchasedAt')
    const product = fieldText(form, 'product')
    const category = fieldText(form, 'category')
    // A day without a time: noon local, so no time zone moves it to another date.
    const purchasedAt = day ? new Date(`${day}T12:00:00`) : null
    const body: NewPurchaseBody = {
      amount: readAmount(fieldText(form, 'amount')),
      currency: foldDigits(fieldText(form, 'currency')).toUpperCase(),
      paymentMethod: fieldText(form, 'paymentMethod') as PaymentMethod,
      ...(paid ? { paidOnTime: paid === 'yes' } : {}),
      ...(product ? { product } : {}),
      ...(category ? { category } : {}),
      ...(purchasedAt && !Number.isNaN(purchasedAt.getTime()) ? { purchasedAt: purchasedAt.toISOString() } : {})
    }
    this.dispatchEvent(new CustomerActionEvent(this.customerId, { kind: 'add-purchase', form: 'purchase', body }))
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ringcard-purchases': RingcardPurchases
  }
}
