import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit'
import { customElement, property, query, state } from 'lit/decorators.js'
import type { CallView, CustomerCard } from '../../agent/contracts/ws.js'
import { customerStyles, renderContacts, renderCustomerHeader, renderIssues, tierBadge } from './customer-view.js'
import { ChooseEvent, CreateLeadEvent, OpenCustomerEvent } from './events.js'
import { callStateText } from './format.js'
import { digitOf, isTextEntry, keyTarget, mayTakeFocus } from './keyboard.js'
import { IDLE, type SaveState } from './save-state.js'
import { theme } from './theme.js'

/**
 * One live call: who is calling and what happened last time.
 * Presentational: takes a `CallView` in, sends events out, never talks to the network.
 *
 * Keyboard: in a chooser, keys 1–9 pick a candidate; in a possible match, Enter
 * confirms the first candidate (1–9 pick one when there are several); `o` opens
 * the customer file; in the "Create lead" form, Enter submits.
 *
 * @fires ringcard-open-customer - {@link OpenCustomerEvent}: "Open file" for the shown customer.
 * @fires ringcard-choose - {@link ChooseEvent}: the operator picked a candidate of a `choose` match, or confirmed one of a `possible` match.
 * @fires ringcard-create-lead - {@link CreateLeadEvent}: the "Create lead" form was submitted.
 *
 * @csspart card - the whole card
 * @csspart state - the call state line (ringing / connected mm:ss / ended, queue)
 * @csspart salutation - the big greeting line
 * @csspart tier - the tier badge
 * @csspart standing - the line under the name: "birthday today", why the tier, the purchase volume
 * @csspart birthday - the "birthday today" mark
 * @csspart issues - open issues
 * @csspart contacts - last contacts
 * @csspart chooser - the candidate list of a `choose` match
 * @csspart possible - a `possible` match waiting for the operator's confirmation
 * @csspart lead-form - the "Create lead" form of an `unknown` match
 * @csspart open-file - the "Open file" button
 *
 * @cssprop --ringcard-font - font stack
 * @cssprop --ringcard-accent - accent colour (buttons, ringing stripe)
 * @cssprop --ringcard-bg - background colour
 * @cssprop --ringcard-fg - text colour
 * @cssprop --ringcard-radius - corner radius
 * @cssprop --ringcard-gold - gold tier badge
 * @cssprop --ringcard-silver - silver tier badge
 * @cssprop --ringcard-bronze - bronze tier badge
 */
@customElement('ringcard-card')
export class RingcardCard extends LitElement {
  static override styles = [theme, customerStyles, css`
    :host { display: block; }
    .card {
      background: var(--_bg);
      border: 1px solid var(--_line);
      border-left: 4px solid var(--_line);
      border-radius: var(--_radius);
      padding: 8px 10px 10px;
    }
    .card.ringing, .card.queued { border-left-color: var(--_accent); }
    .card.connected { border-left-color: var(--_ok); }
    .state-line {
      display: flex; flex-wrap: wrap; align-items: center; gap: 0 8px;
      font-size: 12px; margin-bottom: 6px; color: var(--_muted);
    }
    .state-line .st { font-weight: 700; color: var(--_fg); font-variant-numeric: tabular-nums; }
    .ringing .st { color: var(--_accent); }
    .dot { width: 8px; height: 8px; border-radius: 50%; background: var(--_line); }
    .ringing .dot, .queued .dot { background: var(--_accent); animation: pulse 1s ease-in-out infinite; }
    .connected .dot { background: var(--_ok); }
    @keyframes pulse { 50% { opacity: 0.25; } }
    @media (prefers-reduced-motion: reduce) { .dot { animation: none !important; } }
    .caller-id { overflow-wrap: anywhere; }
    .title { font-size: 18px; font-weight: 750; }
    .number { font-variant-numeric: tabular-nums; font-weight: 600; }
    .actions { display: flex; gap: 8px; align-items: center; margin-top: 8px; }
    .chooser { outline-offset: 3px; border-radius: var(--_radius); }
    .chooser p { font-weight: 600; margin-bottom: 4px; }
    .chooser li + li { margin-top: 4px; }
    .candidate {
      display: grid; grid-template-columns: auto 1fr auto; gap: 2px 8px; align-items: center;
      width: 100%; text-align: left; color: var(--_fg); font-weight: 500; padding: 5px 8px;
      border-color: var(--_line);
    }
    .candidate:hover, .candidate:focus-visible { border-color: var(--_accent); }
    .candidate .cand-name { font-weight: 700; }
    .candidate .cand-why { grid-column: 2 / 4; }
    form { display: grid; grid-template-columns: 1fr 1fr; gap: 6px 8px; margin-top: 6px; }
    label { font-size: 12px; font-weight: 600; display: grid; gap: 2px; }
    .wide { grid-column: 1 / 3; }
    .err { grid-column: 1 / 3; color: var(--_bad); font-size: 12px; }
    .possible { outline-offset: 3px; border-radius: var(--_radius); border: 1px dashed var(--_accent); padding: 6px 8px; }
    .possible li + li { margin-top: 4px; }
  `]

  /** The call to show. */
  @property({ attribute: false }) call: CallView | null = null
  /** Current time in ms, for the "connected mm:ss" counter. */
  @property({ type: Number }) now = Date.now()
  /** The candidate picked for a `choose` match (the root remembers it across renders). */
  @property({ attribute: false }) chosenId: number | null = null
  /** Only who it is (no issues, contacts or match details): used above the wrap-up form. */
  @property({ type: Boolean, reflect: true }) compact = false
  /** Progress of a lead the operator asked to create from this card. */
  @property({ attribute: false }) leadState: SaveState = IDLE

  @state() private leadName = ''
  @state() private leadPhone: string | null = null
  @state() private leadCompany = ''
  @state() private leadError = ''
  /** The call whose possible match the operator said is not them: it shows the lead form instead. */
  @state() private rejectedFor = ''
  @query('.chooser') private chooserEl?: HTMLElement
  @query('.possible') private possibleEl?: HTMLElement
  @query('input[name="name"]') private nameInput?: HTMLInputElement

  /** Which call/match we already moved focus for, so an update never steals focus twice. */
  private focusedFor = ''

  constructor () {
    super()
    this.addEventListener('keydown', (e) => this.onKeydown(e))
  }

  private customer (): CustomerCard | null {
    const match = this.call?.match
    if (match?.kind === 'customer') return match.card
    if (match?.kind === 'choose' || match?.kind === 'possible') return match.candidates.find((c) => c.customerId === this.chosenId) ?? null
    return null
  }

  override render (): TemplateResult | typeof nothing {
    const call = this.call
    if (!call) return nothing
    return html`
      <article class="card ${call.state}" part="card" aria-label="Call">
        ${this.renderStateLine(call)}
        ${this.renderBody(call)}
      </article>
    `
  }

  private renderStateLine (call: CallView): TemplateResult {
    const showNumber = call.match.kind !== 'withheld' && call.number
    return html`
      <div class="state-line" part="state">
        <span class="dot" aria-hidden="true"></span>
        <span class="st">${callStateText(call, this.now)}</span>
        ${call.direction === 'outbound' ? html`<span>outbound</span>` : nothing}
        ${call.queue ? html`<span>queue ${call.queue}</span>` : nothing}
        ${showNumber ? html`<span class="number">${call.number}</span>` : nothing}
        ${call.callerName && call.match.kind !== 'withheld'
          ? html`<span class="caller-id" title="Caller ID name sent by the phone system">“${call.callerName}”</span>`
          : nothing}
      </div>
    `
  }

  private renderBody (call: CallView): TemplateResult {
    const match = call.match
    switch (match.kind) {
      case 'customer': return this.renderCustomer(match.card, false)
      case 'choose': {
        const chosen = this.customer()
        return chosen ? this.renderCustomer(chosen, true) : this.renderChooser(call.id, match.candidates)
      }
      case 'possible': {
        const confirmed = this.customer()
        if (confirmed) return this.renderCustomer(confirmed, true)
        return this.rejectedFor === call.id
          ? this.renderUnknown(match.e164 ?? match.number ?? '')
          : this.renderPossible(call.id, match.candidates)
      }
      case 'unknown': return this.renderUnknown(match.e164 ?? match.number)
      case 'withheld': return html`<p class="title">${match.reason === 'absent' ? 'No caller ID' : 'Number withheld'}</p>`
    }
  }

  private renderCustomer (card: CustomerCard, chosen: boolean): TemplateResult {
    return html`
      ${renderCustomerHeader(card, this.compact)}
      ${this.compact ? nothing : html`
        ${renderIssues(card.openIssues)}
        ${renderContacts(card.lastContacts.slice(0, 3), 'Last contacts')}`}
      <div class="actions">
        <button part="open-file" @click=${() => this.dispatchEvent(new OpenCustomerEvent(card.customerId))}>
          Open file <kbd>o</kbd></button>
        ${chosen ? html`<button @click=${this.unchoose}>Not them? Choose again</button>` : nothing}
      </div>
    `
  }

  private renderChooser (callId: string, candidates: readonly CustomerCard[]): TemplateResult {
    return html`
      <div class="chooser" part="chooser" tabindex="0" role="group"
        aria-label="Several customers share this number. Press 1 to ${Math.min(9, candidates.length)} to pick one.">
        <p>${candidates.length} customers share this number — pick one:</p>
        <ol>
          ${candidates.slice(0, 9).map((c, i) => html`
            <li><button class="candidate" @click=${() => this.choose(callId, c.customerId)}>
              <kbd>${i + 1}</kbd>
              <span><span class="cand-name">${c.displayName}</span>
                ${c.company ? html`<span class="muted"> · ${c.company}</span>` : nothing}</span>
              ${tierBadge(c.tier)}
              <span class="cand-why small muted">${c.why}</span>
            </button></li>`)}
        </ol>
      </div>
    `
  }

  /** Never the customer's card: a legacy number shares the caller's last digits, and only the operator can say it is them. */
  private renderPossible (callId: string, candidates: readonly CustomerCard[]): TemplateResult {
    const first = candidates[0]
    if (!first) return html`<p class="title">Unknown caller</p>`
    const several = candidates.length > 1
    return html`
      <div class="possible" part="possible" tabindex="0" role="group"
        aria-label=${`Possible match: ${first.displayName}. Press Enter to confirm${several ? `, or 1 to ${Math.min(9, candidates.length)} to pick one` : ''}.`}>
        <p class="title">Possible match — press <kbd>Enter</kbd> to confirm</p>
        <ol>
          ${candidates.slice(0, 9).map((c, i) => html`
            <li><button class="candidate" @click=${() => this.choose(callId, c.customerId)}>
              <kbd>${several ? i + 1 : 'Enter'}</kbd>
              <span><span class="cand-name">${c.displayName}</span>
                ${c.company ? html`<span class="muted"> · ${c.company}</span>` : nothing}</span>
              ${tierBadge(c.tier)}
              <span class="cand-why small muted">${c.why}</span>
            </button></li>`)}
        </ol>
        <div class="actions">
          <button class="primary" @click=${() => this.choose(callId, first.customerId)}>Confirm ${first.displayName}</button>
          <button @click=${() => { this.rejectedFor = callId }}>Not them — create lead</button>
        </div>
      </div>
    `
  }

  private renderUnknown (number: string): TemplateResult {
    const saving = this.leadState.state === 'saving'
    const error = this.leadState.state === 'error'
      ? `${this.leadState.message} (${this.leadState.code})`
      : this.leadError
    return html`
      <p class="title">Unknown caller</p>
      <form part="lead-form" @submit=${this.submitLead} aria-label="Create lead">
        <label class="wide">Name
          <input name="name" autocomplete="off" aria-required="true" .value=${this.leadName}
            @input=${(e: InputEvent) => { this.leadName = (e.target as HTMLInputElement).value }}></label>
        <label>Number
          <input name="phone" autocomplete="off" inputmode="tel" .value=${this.leadPhone ?? number}
            @input=${(e: InputEvent) => { this.leadPhone = (e.target as HTMLInputElement).value }}></label>
        <label><span>Company <span class="muted">(optional)</span></span>
          <input name="company" autocomplete="off" .value=${this.leadCompany}
            @input=${(e: InputEvent) => { this.leadCompany = (e.target as HTMLInputElement).value }}></label>
        ${error ? html`<p class="err" role="alert">${error}</p>` : nothing}
        <div class="actions wide">
          <button class="primary" type="submit" ?disabled=${saving}>${saving ? 'Creating…' : 'Create lead'}</button>
          <span class="small muted"><kbd>Enter</kbd> to create</span>
        </div>
      </form>
    `
  }

  protected override updated (changed: PropertyValues<this>): void {
    super.updated(changed)
    const call = this.call
    if (!call || !changed.has('call')) return
    const key = `${call.id}/${call.match.kind}`
    if (this.focusedFor === key || call.state === 'ended') return
    this.focusedFor = key
    if (!mayTakeFocus()) return
    if (call.match.kind === 'choose' && this.chosenId === null) this.chooserEl?.focus()
    if (call.match.kind === 'possible' && this.chosenId === null) this.possibleEl?.focus()
    if (call.match.kind === 'unknown') this.nameInput?.focus()
  }

  private choose (callId: string, customerId: number): void {
    this.chosenId = customerId
    this.dispatchEvent(new ChooseEvent(callId, customerId))
  }

  private unchoose (): void {
    this.chosenId = null
    void this.updateComplete.then(() => this.chooserEl?.focus())
  }

  private onKeydown (event: KeyboardEvent): void {
    const call = this.call
    if (!call || isTextEntry(keyTarget(event))) return
    const digit = digitOf(event)
    const pending = call.match.kind === 'possible' && this.chosenId === null && this.rejectedFor !== call.id
    const first = call.match.kind === 'possible' ? call.match.candidates[0] : undefined
    // Enter confirms the first candidate; on a focused button, Enter clicks that button instead.
    if (pending && first && event.key === 'Enter' && !event.ctrlKey && !event.metaKey && !event.altKey
      && !(keyTarget(event) instanceof HTMLButtonElement)) {
      event.preventDefault()
      this.choose(call.id, first.customerId)
      return
    }
    if (digit !== null && (call.match.kind === 'choose' || pending) && this.chosenId === null) {
      const candidate = call.match.candidates[digit - 1]
      if (candidate) {
        event.preventDefault()
        this.choose(call.id, candidate.customerId)
      }
      return
    }
    const shown = this.customer()
    if (event.key === 'o' && !event.ctrlKey && !event.metaKey && !event.altKey && shown) {
      event.preventDefault()
      this.dispatchEvent(new OpenCustomerEvent(shown.customerId))
    }
  }

  private submitLead (event: SubmitEvent): void {
    event.preventDefault()
    const call = this.call
    if (!call || (call.match.kind !== 'unknown' && call.match.kind !== 'possible') || this.leadState.state === 'saving') return
    const displayName = this.leadName.trim()
    const phone = (this.leadPhone ?? call.match.e164 ?? call.match.number ?? '').trim()
    if (!displayName || !phone) {
      this.leadError = displayName ? 'Enter the number.' : 'Enter the caller’s name.'
      return
    }
    this.leadError = ''
    const company = this.leadCompany.trim()
    this.dispatchEvent(new CreateLeadEvent({
      displayName, phone, callId: call.id, ...(company ? { company } : {})
    }))
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ringcard-card': RingcardCard
  }
}
