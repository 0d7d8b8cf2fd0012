import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit'
import { customElement, property, query, state } from 'lit/decorators.js'
import { styleMap } from 'lit/directives/style-map.js'
import type { CustomerSummary } from './api-client.js'
import { SEARCH_IDLE, SEARCH_MIN_CHARS, type SearchState } from './customer-search-controller.js'
import { tierBadge } from './customer-view.js'
import { OpenCustomerEvent, SearchEvent } from './events.js'
import { theme } from './theme.js'

/** Quiet time after the last keystroke before a search is asked for. */
export const SEARCH_DEBOUNCE_MS = 250

/** Every word this element shows, in one place (for translation). */
const t = {
  label: 'Search customers',
  placeholder: 'Search customers: name, number, e-mail, company',
  searching: 'Searching…',
  none: (q: string) => `No customer matches “${q}”.`,
  found: (n: number, more: boolean) => `${n}${more ? '+' : ''} ${n === 1 ? 'customer' : 'customers'}: ↑ ↓ to choose, Enter opens the file`,
  stages: { lead: 'lead', prospect: 'prospect', customer: 'customer', inactive: 'inactive' }
}

/**
 * The customer search: type-ahead over the agent's customers by name,
 * number, e-mail or company. Arrow keys choose, Enter opens the file, Escape
 * clears (and, when already empty, leaves). A combobox by the ARIA pattern.
 * Presentational: it sends the (debounced) query up, and shows the `search`
 * state the root passes down.
 *
 * @fires ringcard-search - {@link SearchEvent}: the query to search for ('' clears), or that the operator left the search.
 * @fires ringcard-open-customer - {@link OpenCustomerEvent}: the chosen customer.
 *
 * @csspart search - the wrapper
 * @csspart input - the search field
 * @csspart results - the result list
 *
 * @cssprop --ringcard-accent - accent colour
 * @cssprop --ringcard-bg - background colour
 * @cssprop --ringcard-fg - text colour
 * @cssprop --ringcard-radius - corner radius
 */
@customElement('ringcard-search')
export class RingcardSearch extends LitElement {
  static override styles = [theme, css`
    :host { display: block; }
    .search { position: relative; }
    .field { display: flex; align-items: center; gap: 6px; }
    .field input { flex: 1; }
    ul[role="listbox"] {
      margin-block-start: 4px; border: 1px solid var(--_line); border-radius: var(--_radius);
      background: var(--_bg); max-block-size: 320px; overflow: auto;
    }
    li[role="option"] {
      display: grid; grid-template-columns: 1fr auto; gap: 0 8px; padding: 5px 8px; cursor: pointer;
      border-block-start: 1px solid var(--_line);
    }
    li[role="option"]:first-child { border-block-start: 0; }
    li[aria-selected="true"] { background: color-mix(in srgb, var(--_accent) 14%, var(--_bg)); box-shadow: inset 3px 0 0 var(--_accent); }
    :host(:dir(rtl)) li[aria-selected="true"] { box-shadow: inset -3px 0 0 var(--_accent); }
    .name { font-weight: 700; overflow-wrap: anywhere; }
    .sub { grid-column: 1 / -1; font-size: 12px; color: var(--_muted); display: flex; flex-wrap: wrap; gap: 0 8px; }
    .state { font-size: 12px; margin-block-start: 3px; color: var(--_muted); }
    .state.err { color: var(--_bad); }
    .dot { display: inline-block; inline-size: 8px; block-size: 8px; border-radius: 50%; }
  `]

  /** What the root's search found for the current query. */
  @property({ attribute: false }) search: SearchState = SEARCH_IDLE

  @state() private text = ''
  @state() private active = 0
  @query('input') private input?: HTMLInputElement
  private timer: ReturnType<typeof setTimeout> | undefined

  /** Puts the caret in the search field, its text selected (the `/` key). */
  override focus (): void {
    this.input?.focus()
    this.input?.select()
  }

  override disconnectedCallback (): void {
    super.disconnectedCallback()
    clearTimeout(this.timer)
  }

  protected override willUpdate (changed: PropertyValues<this>): void {
    if (changed.has('search')) this.active = 0
  }

  private results (): readonly CustomerSummary[] {
    const s = this.search
    return s.state === 'done' && s.query === this.text.trim() ? s.results : []
  }

  override render (): TemplateResult {
    const results = this.results()
    const expanded = results.length > 0
    const activeId = expanded ? `opt-${this.active}` : ''
    return html`
      <div class="search" part="search" role="search">
        <div class="field">
          <input part="input" type="search" role="combobox" aria-label=${t.label} placeholder=${t.placeholder} dir="auto"
            autocomplete="off" spellcheck="false" aria-autocomplete="list" aria-controls="results"
            aria-expanded=${expanded ? 'true' : 'false'} aria-activedescendant=${activeId || nothing}
            .value=${this.text} @input=${this.onInput} @keydown=${this.onKeydown}>
          <kbd title=${t.label}>/</kbd>
        </div>
        <ul id="results" role="listbox" part="results" aria-label=${t.label} ?hidden=${!expanded}>
          ${results.map((c, i) => this.renderOption(c, i))}
        </ul>
        ${this.renderState(results.length)}
      </div>
    `
  }

  private renderOption (c: CustomerSummary, i: number): TemplateResult {
    return html`
      <li role="option" id=${`opt-${i}`} aria-selected=${i === this.active ? 'true' : 'false'} data-customer=${c.id}
        @mousedown=${(e: Event) => e.preventDefault()} @mousemove=${() => { this.active = i }} @click=${() => this.open(c.id)}>
        <span class="name">${c.honorific ? html`${c.honorific} ` : nothing}${c.displayName}</span>
        <span>${tierBadge(c.tier)}</span>
        <span class="sub">
          ${c.company ? html`<span>${c.company}</span>` : nothing}
          ${c.phone ? html`<bdi dir="ltr">${c.phone}</bdi>` : nothing}
          ${c.email ? html`<bdi dir="ltr">${c.email}</bdi>` : nothing}
          ${c.city ? html`<span>${c.city}</span>` : nothing}
          <span>${t.stages[c.stage]}</span>
          ${c.owner ? html`<span>· ${c.owner.displayName}</span>` : nothing}
          ${c.groups.map((g) => html`<span><span class="dot" style=${styleMap({ background: /^#[0-9a-f]{6}$/i.test(g.colour) ? g.colour : 'gray' })}></span> ${g.name}</span>`)}
        </span>
      </li>
    `
  }

  private renderState (shown: number): TemplateResult | typeof nothing {
    const s = this.search
    const query = this.text.trim()
    if ([...query].length < SEARCH_MIN_CHARS || s.state === 'idle' || s.query !== query) return nothing
    switch (s.state) {
      case 'searching': return html`<p class="state" role="status">${t.searching}</p>`
      case 'error': return html`<p class="state err" role="alert">${s.message} <bdi>(${s.code})</bdi></p>`
      case 'done': return html`<p class="state" role="status">${shown === 0 ? t.none(s.query) : t.found(shown, s.more)}</p>`
    }
  }

  private onInput (event: InputEvent): void {
    this.text = (event.target as HTMLInputElement).value
    clearTimeout(this.timer)
    const query = this.text.trim()
    if ([...query].length < SEARCH_MIN_CHARS) {
      this.dispatchEvent(new SearchEvent(''))
      return
    }
    this.timer = setTimeout(() => this.dispatchEvent(new SearchEvent(query)), SEARCH_DEBOUNCE_MS)
  }

  private onKeydown (event: KeyboardEvent): void {
    const results = this.results()
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        if (results.length === 0) return
        event.preventDefault()
        this.active = (this.active + (event.key === 'ArrowDown' ? 1 : results.length - 1)) % results.length
        void this.updateComplete.then(() => this.renderRoot.querySelector(`#opt-${this.active}`)?.scrollIntoView({ block: 'nearest' }))
        return
      case 'Enter': {
        if (event.isComposing) return
        event.preventDefault()
        const chosen = results[this.active]
        if (chosen) this.open(chosen.id)
        else if ([...this.text.trim()].length >= SEARCH_MIN_CHARS) {
          // Enter before the pause: search now instead of waiting.
          clearTimeout(this.timer)
          this.dispatchEvent(new SearchEvent(this.text.trim()))
        }
        return
      }
      case 'Escape':
        event.preventDefault()
        clearTimeout(this.timer)
        if (this.text) {
          this.text = ''
          this.dispatchEvent(new SearchEvent(''))
        } else {
          this.input?.blur()
          this.dispatchEvent(new SearchEvent('', true))
        }
    }
  }

  private open (customerId: number): void {
    clearTimeout(this.timer)
    this.text = ''
    this.dispatchEvent(new SearchEvent(''))
    this.dispatchEvent(new OpenCustomerEvent(customerId))
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ringcard-search': RingcardSearch
  }
}
