import { LitElement, css, html, type nothing, type TemplateResult } from 'lit'
import { customElement, property, query } from 'lit/decorators.js'
import type { CardContact, CustomerCard } from '../../agent/contracts/ws.js'
import { customerStyles, renderContacts, renderCustomerHeader, renderIssues } from './customer-view.js'
import { CloseEvent } from './events.js'
import { theme } from './theme.js'

/**
 * The customer file: the card header plus the full contact history
 * (what `GET /api/customers/:id` returns). Presentational; the root loads it.
 * It takes focus when it opens, so Escape closes it straight away
 * (the file opens only on the operator's request, so that never interrupts typing).
 *
 * @fires ringcard-close - {@link CloseEvent}: Escape or the close button.
 *
 * @csspart file - the panel
 * @csspart salutation - the big greeting line
 * @csspart tier - the tier badge
 * @csspart issues - open issues
 * @csspart contacts - the contact history
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
  static override styles = [theme, customerStyles, css`
    :host { display: block; }
    section {
      border: 1px solid var(--_line);
      border-top: 4px solid var(--_fg);
      border-radius: var(--_radius);
      padding: 8px 10px 10px;
      background: var(--_bg);
    }
    section:focus { outline: none; box-shadow: 0 0 0 3px color-mix(in srgb, var(--_accent) 35%, transparent); }
    .bar { display: flex; justify-content: space-between; align-items: center; margin-bottom: 4px; }
    .bar .label { font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.05em; color: var(--_muted); }
    .error { color: var(--_bad); }
  `]

  /** The customer header; null while loading. */
  @property({ attribute: false }) customer: CustomerCard | null = null
  /** The full contact history, newest first. */
  @property({ attribute: false }) contacts: readonly CardContact[] = []
  /** Error text when loading failed. */
  @property() error = ''

  @query('section') private panel?: HTMLElement

  constructor () {
    super()
    this.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape') return
      e.preventDefault()
      this.dispatchEvent(new CloseEvent())
    })
  }

  /** The file only opens on the operator's request (Open file, `o`, or a save), so it may take focus. */
  protected override firstUpdated (): void {
    this.panel?.focus()
  }

  override render (): TemplateResult {
    return html`
      <section part="file" tabindex="-1" aria-label="Customer file">
        <div class="bar">
          <span class="label">Customer file</span>
          <button @click=${() => this.dispatchEvent(new CloseEvent())}>Close <kbd>Esc</kbd></button>
        </div>
        ${this.renderBody()}
      </section>
    `
  }

  private renderBody (): TemplateResult | typeof nothing {
    if (this.error) return html`<p class="error" role="alert">${this.error}</p>`
    if (!this.customer) return html`<p class="muted" role="status">Loading…</p>`
    return html`
      ${renderCustomerHeader(this.customer)}
      ${renderIssues(this.customer.openIssues)}
      ${renderContacts(this.contacts, `Contact history (${this.contacts.length})`)}
    `
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ringcard-customer': RingcardCustomer
  }
}
