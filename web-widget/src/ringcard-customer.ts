import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit'
import { customElement, property, query } from 'lit/decorators.js'
import type { Campaign, CustomerRecord } from '../../agent/contracts/customers.js'
import type { IssueView, PurchaseList, TimelineEntry } from '../../agent/contracts/timeline.js'
import type { CardContact, CustomerCard, OperatorInfo } from '../../agent/contracts/ws.js'
import type { GroupView } from './api-client.js'
import type { FilePart, KnownOperator } from './customer-file-controller.js'
import { customerStyles, renderStanding, tierBadge } from './customer-view.js'
import { CloseEvent, CustomerActionEvent } from './events.js'
import { FormSwitch, justSaved } from './file-form.js'
import { fileStyles } from './file-styles.js'
import { isTextEntry, keyTarget } from './keyboard.js'
import type { SaveState } from './save-state.js'
import { theme } from './theme.js'
import { groupChip, renderGroupForm, renderOwnerForm, renderStage, standingStyles } from './customer-standing.js'
import './ringcard-customer-fields.js'
import './ringcard-issues.js'
import './ringcard-purchases.js'
import './ringcard-timeline.js'
import type { RingcardCustomerFields } from './ringcard-customer-fields.js'
import type { RingcardIssues } from './ringcard-issues.js'
import type { RingcardPurchases } from './ringcard-purchases.js'
import type { RingcardTimeline } from './ringcard-timeline.js'

/** Every word this element shows, in one place (for translation). */
const t = {
  label: 'Customer file',
  close: 'Close',
  loading: 'Loading…',
  retry: 'Try again',
  owner: 'Owner',
  nobody: 'nobody',
  change: 'Change',
  stage: 'Stage',
  groups: 'Groups',
  addGroup: 'Group',
  noGroups: 'none'
}

/**
 * The customer file: who they are (name, honorific, tier and why, birthday
 * today, owner, stage, groups with their colours), their contact data, open
 * issues, purchases and the whole timeline; and every change an operator
 * makes to it: the main fields, owner, stage, groups, a note, meeting,
 * e-mail or SMS, a purchase, opening and resolving issues.
 * Presentational: it takes what the root loaded and sends the operator's
 * changes up as events; each change's progress and error come back through
 * `status` and show where it was made, with the typed input kept.
 *
 * It takes focus when it opens, so its keys work at once (the file opens only
 * on the operator's request, so that never interrupts typing). Keys, while not
 * typing in a field: `e` edit the fields, `n` add a timeline entry, `i` open an
 * issue, `p` add a purchase, `t` override the tier, `o` change the owner, `g` groups; Escape closes
 * the open form, or else the file.
 *
 * @fires ringcard-close - {@link CloseEvent}: Escape or the close button.
 * @fires ringcard-customer-action - {@link CustomerActionEvent}: a change to the file (also bubbled from the parts inside).
 * @fires ringcard-show-issue - bubbled from `<ringcard-timeline>`; handled here (the issue is shown).
 *
 * @csspart file - the panel
 * @csspart salutation - the big greeting line
 * @csspart tier - the tier badge
 * @csspart standing - birthday today, why the tier, the purchase volume
 * @csspart controls - owner, stage and groups
 *
 * @cssprop --ringcard-font - font stack
 * @cssprop --ringcard-accent - accent colour
 * @cssprop --ringcard-bg - background colour
 * @cssprop --ringcard-fg - text colour
 * @cssprop --ringcard-radius - corner radius
 * @cssprop --ringcard-gold - gold tier badge
 * @cssprop --ringcard-silver - silver tier badge
 * @cssprop --ringcard-bronze - bronze tier badge
 */
@customElement('ringcard-customer')
export class RingcardCustomer extends LitElement {
  static override styles = [theme, customerStyles, fileStyles, standingStyles, css`
    section.file {
      border: 1px solid var(--_line);
      border-block-start: 4px solid var(--_fg);
      border-radius: var(--_radius);
      padding: 8px 10px 10px;
      background: var(--_bg);
    }
    section.file:focus { outline: none; box-shadow: 0 0 0 3px color-mix(in srgb, var(--_accent) 35%, transparent); }
    .bar { display: flex; justify-content: space-between; align-items: center; gap: 8px; margin-block-end: 4px; }
    .bar .label { font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.05em; color: var(--_muted); }
  `]

  /** The customer whose file this is (known before anything has loaded). */
  @property({ type: Number }) fileId = 0
  /** Changes with every request to open the file: each one focuses it, so its keys work at once. */
  @property({ type: Number }) opened = 0
  /** The card (salutation, tier and why, birthday); null while loading. */
  @property({ attribute: false }) customer: CustomerCard | null = null
  /** The contacts that came with the file, shown until the timeline is in. */
  @property({ attribute: false }) contacts: readonly CardContact[] = []
  /** Every field of the file; null while loading. */
  @property({ attribute: false }) file: CustomerRecord | null = null
  /** The timeline, newest first; null while loading. */
  @property({ attribute: false }) timeline: readonly TimelineEntry[] | null = null
  /** An older timeline page exists. */
  @property({ type: Boolean }) timelineMore = false
  @property({ attribute: false }) issues: readonly IssueView[] | null = null
  @property({ attribute: false }) purchases: PurchaseList | null = null
  /** Every group, for "add to group". */
  @property({ attribute: false }) groups: readonly GroupView[] | null = null
  /** Every campaign, for the file's source. */
  @property({ attribute: false }) campaigns: readonly Campaign[] | null = null
  /** Operators known by name, offered as owners. */
  @property({ attribute: false }) operators: readonly KnownOperator[] = []
  /** The signed-in operator ("assign to me"). */
  @property({ attribute: false }) me: OperatorInfo | null = null
  /** Why parts of the file could not be loaded. */
  @property({ attribute: false }) errors: Readonly<Partial<Record<FilePart, string>>> = {}
  /** Progress of each change, by the form it was made in. */
  @property({ attribute: false }) status: Readonly<Record<string, SaveState>> = {}
  /** Error text when the file could not be loaded (kept for host pages that set it directly). */
  @property() error = ''

  @query('section.file') private panel?: HTMLElement
  @query('ringcard-customer-fields') private fieldsEl?: RingcardCustomerFields
  @query('ringcard-issues') private issuesEl?: RingcardIssues
  @query('ringcard-purchases') private purchasesEl?: RingcardPurchases
  @query('ringcard-timeline') private timelineEl?: RingcardTimeline

  private readonly forms = new FormSwitch(this)
  private focusedFor = -1

  constructor () {
    super()
    this.addEventListener('keydown', (e) => this.onKeydown(e))
    this.addEventListener('ringcard-show-issue', (e) => { void this.issuesEl?.showIssue(e.issueId) })
  }

  /** True while any form of the file is open: closing the file now could drop a draft. */
  get dirty (): boolean {
    return this.forms.open !== null || [this.fieldsEl, this.issuesEl, this.purchasesEl, this.timelineEl].some((el) => el?.dirty === true)
  }

  private get customerId (): number {
    return this.fileId || this.file?.id || this.customer?.customerId || 0
  }

  /** A file the operator just asked for takes focus, so its keys work at once. */
  protected override updated (changed: PropertyValues<this>): void {
    if (this.focusedFor !== this.opened) {
      this.focusedFor = this.opened
      this.panel?.focus()
    }
    const before = changed.get('status')
    if (!before) return
    for (const form of ['owner', 'groups', 'group-new']) {
      if (!justSaved(before[form], this.status[form])) continue
      this.renderRoot.querySelector<HTMLFormElement>(`form[data-form="${form}"]`)?.reset()
      if (this.forms.open === form || (form === 'group-new' && this.forms.open === 'groups')) this.forms.hide()
    }
  }

  override render (): TemplateResult {
    return html`
      <section class="file" part="file" tabindex="-1" aria-label=${t.label}>
        <div class="bar">
          <span class="label">${t.label}</span>
          <button @click=${() => this.dispatchEvent(new CloseEvent())}>${t.close} <kbd>Esc</kbd></button>
        </div>
        ${this.renderBody()}
      </section>
    `
  }

  private renderBody (): TemplateResult {
    const failed = this.error || this.errors.file
    const card = this.customer
    if (!card) {
      return failed
        ? html`<p class="err" role="alert">${failed}</p>${this.customerId ? html`<button @click=${() => this.act({ kind: 'reload', form: 'reload' })}>${t.retry}</button>` : nothing}`
        : html`<p class="muted" role="status">${t.loading}</p>`
    }
    const id = card.customerId
    return html`
      ${this.renderHeader(card)}
      ${this.file ? this.renderControls(this.file) : nothing}
      <ringcard-customer-fields .customerId=${id} .file=${this.file} .status=${this.status} .campaigns=${this.campaigns}></ringcard-customer-fields>
      <ringcard-issues .customerId=${id} .issues=${this.issues} .fallback=${card.openIssues} .error=${this.errors.issues ?? ''}
        .status=${this.status}></ringcard-issues>
      <ringcard-purchases .customerId=${id} .purchases=${this.purchases} .error=${this.errors.purchases ?? ''}
        .status=${this.status} ?canOverride=${mayOverrideTier(this.me)}></ringcard-purchases>
      <ringcard-timeline .customerId=${id} .entries=${this.timeline} .contacts=${this.contacts} ?more=${this.timelineMore}
        .error=${this.errors.timeline ?? ''} .issues=${this.issues} .status=${this.status}></ringcard-timeline>
    `
  }

  private renderHeader (card: CustomerCard): TemplateResult {
    const sameName = card.salutation.trim() === card.displayName.trim()
    return html`
      <div class="cust-head">
        <div class="cust-title">
          <h2 class="salutation" part="salutation" dir="auto">${card.salutation}</h2>
          ${tierBadge(this.file?.tier ?? card.tier)}
        </div>
        ${renderStanding(card)}
        <p class="who">
          ${sameName ? nothing : html`<span class="name" dir="auto">${card.displayName}</span>`}
          ${card.company ? html`<span class="company" dir="auto">${card.company}</span>` : nothing}
        </p>
      </div>
    `
  }

  private renderControls (file: CustomerRecord): TemplateResult {
    return html`
      <div class="controls" part="controls">
        <div class="control">
          <span class="control-label">${t.owner}</span>
          <span class="owner">${file.owner ? html`<bdi>${file.owner.displayName}</bdi>` : html`<span class="muted">${t.nobody}</span>`}</span>
          <button class="small" data-opens="owner" aria-expanded=${this.forms.isOpen('owner')} @click=${() => this.forms.toggle('owner')}>
            ${t.change} <kbd>o</kbd></button>
        </div>
        ${renderOwnerForm({ open: this.forms.isOpen('owner'), file, me: this.me, operators: this.operators, operatorsError: this.errors.operators ?? '', status: this.status.owner, act: (a) => this.act(a), cancel: () => this.forms.hide() })}
        ${renderStage(file, this.status.stage, (a) => this.act(a))}
        <div class="control">
          <span class="control-label">${t.groups}</span>
          <span class="chips">${file.groups.length === 0 ? html`<span class="muted small">${t.noGroups}</span>` : file.groups.map((g) => groupChip(g, (a) => this.act(a), this.status.groups))}</span>
          <button class="small" data-opens="groups" aria-expanded=${this.forms.isOpen('groups')} @click=${() => this.forms.toggle('groups')}>
            + ${t.addGroup} <kbd>g</kbd></button>
        </div>
        ${renderGroupForm({ open: this.forms.isOpen('groups'), file, groups: this.groups, groupsError: this.errors.groups ?? '', status: this.status, act: (a) => this.act(a), cancel: () => this.forms.hide() })}
      </div>
    `
  }

  private act (action: CustomerActionEvent['action']): void {
    if (this.customerId !== 0) this.dispatchEvent(new CustomerActionEvent(this.customerId, action))
  }

  private onKeydown (event: KeyboardEvent): void {
    this.forms.onKeydown(event)
    if (event.defaultPrevented) return
    if (event.key === 'Escape') {
      event.preventDefault()
      this.dispatchEvent(new CloseEvent())
      return
    }
    if (event.ctrlKey || event.metaKey || event.altKey || isTextEntry(keyTarget(event)) || !this.file) return
    const keys: Record<string, () => void> = {
      e: () => this.fieldsEl?.openEditor(),
      n: () => this.timelineEl?.openEntry('note'),
      i: () => this.issuesEl?.openNew(),
      p: () => this.purchasesEl?.openNew(),
      t: () => this.purchasesEl?.openTier(),
      o: () => this.forms.show('owner'),
      g: () => this.forms.show('groups')
    }
    const run = keys[event.key]
    if (!run) return
    event.preventDefault()
    run()
  }
}

/**
 * The agent lets supervisors and admins override a tier (`TIER_OVERRIDE_ROLES`);
 * the widget offers it to them only. Whoever is refused still sees the agent's answer.
 */
function mayOverrideTier (me: OperatorInfo | null): boolean {
  return me === null || me.role === 'supervisor' || me.role === 'admin'
}

declare global {
  interface HTMLElementTagNameMap {
    'ringcard-customer': RingcardCustomer
  }
}
