import { LitElement, css, html, nothing, type TemplateResult } from 'lit'
import { customElement, property, query, state } from 'lit/decorators.js'
import type { OutcomeBody } from '../../agent/contracts/rest.js'
import type { CallView, CardIssue, DispositionOption } from '../../agent/contracts/ws.js'
import { OutcomeEvent } from './events.js'
import { callerLabel, formatDuration } from './format.js'
import { digitOf, isTextEntry, keyTarget, mayTakeFocus } from './keyboard.js'
import { IDLE, type SaveState } from './save-state.js'
import { theme } from './theme.js'

/**
 * The wrap-up form shown after a call the operator handled has ended.
 * Presentational: it fires {@link OutcomeEvent}; the root saves it.
 *
 * Keyboard (the form takes focus when it opens, unless the operator is typing elsewhere):
 * - `1`–`9` pick a disposition and move focus to the note (only while focus is not in a text
 *   field, so digits typed into the note stay in the note);
 * - type the note; Shift+Enter starts a new line in it;
 * - Tab, then Space ticks "Issue resolved" (`r` toggles it while focus is outside the note);
 * - Enter saves, from anywhere in the form, the note included.
 *
 * @fires ringcard-outcome - {@link OutcomeEvent}: submit; `detail` is `{ callId, body }`.
 *
 * @csspart wrapup - the form
 * @csspart dispositions - the disposition choices
 * @csspart note - the note textarea
 * @csspart status - the saving / saved / error line
 *
 * @cssprop --ringcard-font - font stack
 * @cssprop --ringcard-accent - accent colour (selected disposition, save button)
 * @cssprop --ringcard-bg - background colour
 * @cssprop --ringcard-fg - text colour
 * @cssprop --ringcard-radius - corner radius
 */
@customElement('ringcard-wrapup')
export class RingcardWrapup extends LitElement {
  static override styles = [theme, css`
    :host { display: block; }
    form {
      border: 2px solid var(--_accent);
      border-radius: var(--_radius);
      padding: 8px 10px 10px;
      background: var(--_bg);
      display: grid;
      gap: 6px;
    }
    form:focus { outline: none; box-shadow: 0 0 0 3px color-mix(in srgb, var(--_accent) 35%, transparent); }
    .head { display: flex; justify-content: space-between; gap: 8px; align-items: baseline; }
    .head strong { font-size: 15px; }
    .legend { font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.05em; color: var(--_muted); }
    .dispositions { display: grid; grid-template-columns: 1fr 1fr; gap: 4px; }
    .disp {
      display: flex; gap: 6px; align-items: center; text-align: left;
      color: var(--_fg); border-color: var(--_line); font-weight: 500; padding: 3px 6px;
    }
    .disp[aria-checked='true'] { border-color: var(--_accent); background: color-mix(in srgb, var(--_accent) 14%, var(--_bg)); font-weight: 700; }
    textarea { min-height: 52px; resize: vertical; }
    label { font-size: 12px; font-weight: 600; display: grid; gap: 2px; }
    label.check { display: flex; align-items: center; gap: 6px; font-size: 14px; }
    label.check input { width: auto; }
    .foot { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
    .status { font-size: 12px; font-weight: 600; }
    .hint { color: var(--_bad); font-size: 12px; }
  `]

  /** The ended call being wrapped up. */
  @property({ attribute: false }) call: CallView | null = null
  /** Dispositions from the `welcome` message, each with its 1–9 key. */
  @property({ attribute: false }) dispositions: readonly DispositionOption[] = []
  /** The customer's open issues, offered for "resolves issue …". */
  @property({ attribute: false }) openIssues: readonly CardIssue[] = []
  /** The customer the outcome is filed under; null when none is known yet. */
  @property({ attribute: false }) customerId: number | null = null
  /** Progress of the save, driven by the root. */
  @property({ attribute: false }) saveState: SaveState = IDLE

  @state() private disposition: string | null = null
  @state() private note = ''
  @state() private resolved = false
  @state() private resolveIssueId: number | null = null
  @state() private newIssueTitle = ''
  @state() private problem = ''
  @query('form') private form?: HTMLFormElement

  constructor () {
    super()
    this.addEventListener('keydown', (e) => this.onKeydown(e))
  }

  protected override firstUpdated (): void {
    if (mayTakeFocus()) this.form?.focus()
  }

  override render (): TemplateResult | typeof nothing {
    const call = this.call
    if (!call) return nothing
    const length = call.answeredAt ? formatDuration(call.answeredAt, Date.parse(call.endedAt ?? '') || Date.now()) : null
    return html`
      <form part="wrapup" tabindex="-1" aria-label="Wrap-up" aria-busy=${this.saveState.state === 'saving'}
        @submit=${(e: SubmitEvent) => { e.preventDefault(); this.submit() }}>
        <div class="head">
          <strong>Wrap-up · ${callerLabel(call, this.customerId)}</strong>
          ${length ? html`<span class="small muted">talked ${length}</span>` : nothing}
        </div>
        ${call.match.kind === 'choose' && this.customerId === null
          ? html`<p class="hint">Pick the customer on the card above, or the call is logged without one.</p>`
          : nothing}
        ${call.match.kind === 'possible' && this.customerId === null
          ? html`<p class="hint">Confirm the possible match on the card above, or the call is logged without a customer.</p>`
          : nothing}
        <div class="legend" id="disp-legend">Disposition <span class="muted">— press 1–9</span></div>
        <div class="dispositions" part="dispositions" role="radiogroup" aria-labelledby="disp-legend">
          ${this.dispositions.map((d) => html`
            <button type="button" class="disp" role="radio" tabindex="-1"
              aria-checked=${this.disposition === d.code ? 'true' : 'false'}
              @click=${() => this.pick(d.code)}><kbd>${d.key}</kbd>${d.label}</button>`)}
        </div>
        <label>Note
          <textarea part="note" name="note" .value=${this.note}
            @input=${(e: InputEvent) => { this.note = (e.target as HTMLTextAreaElement).value }}></textarea></label>
        <label class="check"><input type="checkbox" name="resolved" .checked=${this.resolved}
          @change=${(e: Event) => { this.resolved = (e.target as HTMLInputElement).checked }}>
          Issue resolved <kbd>r</kbd></label>
        ${this.renderIssueChoice()}
        <div class="foot">
          <button class="primary" type="submit">Save <kbd>Enter</kbd></button>
          ${this.renderStatus()}
        </div>
      </form>
    `
  }

  private renderIssueChoice (): TemplateResult | typeof nothing {
    if (this.resolved) {
      if (this.openIssues.length === 0) return nothing
      return html`<label>Resolves open issue
        <select name="resolveIssue" @change=${(e: Event) => {
          const value = (e.target as HTMLSelectElement).value
          this.resolveIssueId = value ? Number(value) : null
        }}>
          <option value="" ?selected=${this.resolveIssueId === null}>— none —</option>
          ${this.openIssues.map((i) => html`
            <option value=${String(i.id)} ?selected=${this.resolveIssueId === i.id}>${i.title}</option>`)}
        </select></label>`
    }
    return html`<label><span>New issue title <span class="muted">(optional, opens an issue)</span></span>
      <input name="newIssue" autocomplete="off" .value=${this.newIssueTitle}
        @input=${(e: InputEvent) => { this.newIssueTitle = (e.target as HTMLInputElement).value }}></label>`
  }

  private renderStatus (): TemplateResult | typeof nothing {
    const s = this.saveState
    if (this.problem) return html`<span class="status bad" role="alert">${this.problem}</span>`
    switch (s.state) {
      case 'idle': return nothing
      case 'saving': return html`<span class="status muted" role="status">saving…</span>`
      case 'saved': return html`<span class="status ok" role="status">saved ✓</span>`
      case 'error': return html`<span class="status bad" role="alert">
        ${s.message} (${s.code}) — Enter retries</span>`
    }
  }

  private pick (code: string): void {
    this.disposition = code
    this.problem = ''
  }

  private onKeydown (event: KeyboardEvent): void {
    const target = keyTarget(event)
    const typing = isTextEntry(target)
    if (event.key === 'Enter') {
      if (target instanceof HTMLTextAreaElement && event.shiftKey) return
      if (target instanceof HTMLSelectElement) return
      event.preventDefault()
      this.submit()
      return
    }
    if (typing) return
    const digit = digitOf(event)
    if (digit !== null) {
      const option = this.dispositions.find((d) => d.key === digit)
      if (option) {
        event.preventDefault()
        this.pick(option.code)
        // Picked: the next thing an operator does is type the note.
        void this.updateComplete.then(() => this.renderRoot.querySelector('textarea')?.focus())
      }
      return
    }
    if (event.key === 'r' && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault()
      this.resolved = !this.resolved
    }
  }

  private submit (): void {
    const call = this.call
    if (!call) return
    const state = this.saveState.state
    if (state === 'saving' || state === 'saved') return
    if (this.disposition === null) {
      this.problem = 'Pick a disposition (keys 1–9) first.'
      return
    }
    this.problem = ''
    const note = this.note.trim()
    const newIssueTitle = this.newIssueTitle.trim()
    const body: OutcomeBody = {
      disposition: this.disposition,
      resolved: this.resolved,
      ...(note ? { note } : {}),
      ...(this.customerId !== null ? { customerId: this.customerId } : {}),
      ...(this.resolved && this.resolveIssueId !== null ? { resolveIssueId: this.resolveIssueId } : {}),
      ...(!this.resolved && newIssueTitle ? { newIssueTitle } : {})
    }
    this.dispatchEvent(new OutcomeEvent(call.id, body))
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ringcard-wrapup': RingcardWrapup
  }
}
