import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { IssueView } from '../../agent/contracts/timeline.js'
import type { CardIssue } from '../../agent/contracts/ws.js'
import { CustomerActionEvent } from './events.js'
import { enterSubmits, fieldText, FormSwitch, isSaving, justSaved, statusLine } from './file-form.js'
import { fileStyles } from './file-styles.js'
import { formatDate, formatDateTime } from './format.js'
import type { SaveState } from './save-state.js'
import { theme } from './theme.js'

/** Every word this element shows, in one place (for translation). */
const t = {
  open: 'Open issues',
  resolvedHeading: (n: number) => `Resolved issues (${n})`,
  none: 'No open issues.',
  add: 'New issue',
  title: 'Title',
  description: 'Description (optional)',
  save: 'Open issue',
  cancel: 'Cancel',
  saving: 'Saving…',
  opened: (at: string, by: string | null) => `opened ${at}${by ? ` by ${by}` : ''}`,
  resolvedAt: (at: string, by: string | null) => `resolved ${at}${by ? ` by ${by}` : ''}`,
  contacts: (n: number) => (n === 1 ? '1 contact' : `${n} contacts`),
  fcr: 'resolved on first contact',
  resolve: 'Resolve',
  resolveNote: 'What solved it? (optional: saved as a note on the timeline)',
  resolveSave: 'Mark resolved',
  reopen: 'Reopen',
  enterHint: 'Enter saves · Esc closes',
  loading: 'Loading…'
}

/**
 * A customer's issues: the open ones (oldest first) with "Resolve", the
 * resolved ones folded away with "Reopen", and the form that opens a new one.
 * Resolving with a few words adds them to the timeline as a note about the
 * issue (so the file says how it was solved, and first-contact resolution
 * counts it); resolving without goes straight to the issue.
 * Presentational: the root sends what it asks for.
 *
 * @fires ringcard-customer-action - {@link CustomerActionEvent}: `open-issue` (form `issue`);
 *   `add-entry` or `issue-status` (form `resolve-<id>`); `issue-status` (form `reopen-<id>`).
 *
 * @csspart issues - the section
 * @csspart issue-form - the "New issue" form
 *
 * @cssprop --ringcard-accent - accent colour
 * @cssprop --ringcard-fg - text colour
 * @cssprop --ringcard-bg - background colour
 */
@customElement('ringcard-issues')
export class RingcardIssues extends LitElement {
  static override styles = [theme, fileStyles, css`
    .count {
      display: inline-block; min-inline-size: 16px; text-align: center; border-radius: 999px;
      background: var(--_bad); color: #fff; font-size: 10px; padding-inline: 4px; margin-inline-start: 4px;
    }
    li.issue { padding-block: 4px; border-block-start: 1px solid var(--_line); border-radius: 3px; }
    li.issue:first-child { border-block-start: 0; }
    li.issue:focus { outline: 2px solid var(--_accent); outline-offset: 1px; }
    .issue-line { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 8px; }
    .issue-title { font-weight: 600; flex: 1 1 12em; overflow-wrap: anywhere; }
    .desc { white-space: pre-wrap; overflow-wrap: anywhere; }
    details summary { cursor: pointer; font-size: 12px; color: var(--_muted); margin-block-start: 4px; }
    .resolved .issue-title { font-weight: 500; }
  `]

  @property({ type: Number }) customerId = 0
  /** Every issue of the customer; null while loading (then `fallback` shows). */
  @property({ attribute: false }) issues: readonly IssueView[] | null = null
  /** The open issues the file's card listed, shown until `issues` is in. */
  @property({ attribute: false }) fallback: readonly CardIssue[] = []
  /** Why the issues could not be read; '' when they could. */
  @property() error = ''
  /** Progress of the requests started here, by form. */
  @property({ attribute: false }) status: Readonly<Record<string, SaveState>> = {}

  @state() private showResolved = false
  private readonly forms = new FormSwitch(this)

  constructor () {
    super()
    this.addEventListener('keydown', (e) => this.forms.onKeydown(e))
  }

  get dirty (): boolean {
    return this.forms.open !== null
  }

  openNew (): void {
    this.forms.show('issue')
  }

  /** Brings an issue into view and focus (a timeline entry's issue link). */
  async showIssue (issueId: number): Promise<void> {
    if (this.issues?.some((i) => i.id === issueId && i.status === 'resolved')) this.showResolved = true
    await this.updateComplete
    const item = this.renderRoot.querySelector<HTMLElement>(`[data-issue="${issueId}"]`)
    if (!item) return
    item.scrollIntoView({ block: 'nearest' })
    item.focus()
    item.classList.remove('focus-flash')
    void item.offsetWidth
    item.classList.add('focus-flash')
  }

  protected override updated (changed: PropertyValues<this>): void {
    const before = changed.get('status')
    if (!before) return
    for (const form of Object.keys(this.status)) {
      if (!justSaved(before[form], this.status[form])) continue
      this.renderRoot.querySelector<HTMLFormElement>(`form[data-form="${form}"]`)?.reset()
      if (this.forms.open === form) this.forms.hide()
    }
  }

  override render (): TemplateResult {
    const all = this.issues
    const open = all === null ? null : all.filter((i) => i.status === 'open')
    const resolved = all === null ? [] : all.filter((i) => i.status === 'resolved')
    const openCount = open?.length ?? this.fallback.length
    return html`
      <section class="issues part" part="issues" aria-label=${t.open}>
        <div class="part-head">
          <h3>${t.open}${openCount > 0 ? html`<span class="count">${openCount}</span>` : nothing}</h3>
          <button data-opens="issue" aria-expanded=${this.forms.isOpen('issue')} @click=${() => this.forms.toggle('issue')}>
            ${t.add} <kbd>i</kbd></button>
        </div>
        ${this.renderNewForm()}
        ${this.error ? html`<p class="err small" role="alert">${this.error}</p>` : nothing}
        ${openCount === 0 ? html`<p class="empty">${all === null && !this.error ? t.loading : t.none}</p>` : nothing}
        <ul>
          ${open === null
            ? this.fallback.map((i) => html`<li class="issue" data-issue=${i.id} tabindex="-1"><div class="issue-line">
                <span class="issue-title" dir="auto">${i.title}</span><span class="small muted">${t.opened(formatDate(i.openedAt), null)}</span></div></li>`)
            : open.map((i) => this.renderOpen(i))}
        </ul>
        ${resolved.length > 0 ? html`
          <details ?open=${this.showResolved} @toggle=${(e: Event) => { this.showResolved = (e.target as HTMLDetailsElement).open }}>
            <summary>${t.resolvedHeading(resolved.length)}</summary>
            <ul>${resolved.map((i) => this.renderResolved(i))}</ul>
          </details>` : nothing}
      </section>
    `
  }

  private renderNewForm (): TemplateResult {
    return html`
      <form class="inline" part="issue-form" data-form="issue" ?hidden=${!this.forms.isOpen('issue')} aria-label=${t.add}
        @submit=${this.submitNew} @keydown=${enterSubmits}>
        <label class="wide">${t.title}<input name="title" autocomplete="off" maxlength="200" required></label>
        <label class="wide">${t.description}<textarea name="description" rows="2" maxlength="4000"></textarea></label>
        ${statusLine(this.status.issue, { saving: t.saving })}
        <div class="form-actions">
          <button class="primary" type="submit" ?disabled=${isSaving(this.status.issue)}>${t.save} <kbd>Enter</kbd></button>
          <button type="button" @click=${() => this.forms.hide()}>${t.cancel}</button>
          <span class="small muted">${t.enterHint}</span>
        </div>
      </form>
    `
  }

  private renderOpen (issue: IssueView): TemplateResult {
    const form = `resolve-${issue.id}`
    return html`
      <li class="issue" data-issue=${issue.id} tabindex="-1">
        <div class="issue-line">
          <span class="issue-title" dir="auto">${issue.title}</span>
          <button class="small" data-opens=${form} aria-expanded=${this.forms.isOpen(form)} @click=${() => this.forms.toggle(form)}>${t.resolve}</button>
        </div>
        <p class="small muted">${t.opened(formatDateTime(issue.openedAt), issue.openedByName)}
          · <bdi>${t.contacts(issue.contacts.length)}</bdi></p>
        ${issue.description ? html`<p class="desc small" dir="auto">${issue.description}</p>` : nothing}
        <form class="inline" data-form=${form} ?hidden=${!this.forms.isOpen(form)} aria-label=${`${t.resolve}: ${issue.title}`}
          @submit=${(e: SubmitEvent) => this.submitResolve(e, issue.id)} @keydown=${enterSubmits}>
          <label class="wide">${t.resolveNote}<textarea name="note" rows="2" maxlength="4000"></textarea></label>
          ${statusLine(this.status[form], { saving: t.saving })}
          <div class="form-actions">
            <button class="primary" type="submit" ?disabled=${isSaving(this.status[form])}>${t.resolveSave} <kbd>Enter</kbd></button>
            <button type="button" @click=${() => this.forms.hide()}>${t.cancel}</button>
          </div>
        </form>
      </li>
    `
  }

  private renderResolved (issue: IssueView): TemplateResult {
    const form = `reopen-${issue.id}`
    return html`
      <li class="issue resolved" data-issue=${issue.id} tabindex="-1">
        <div class="issue-line">
          <span class="mark-ok" aria-hidden="true">✓</span>
          <span class="issue-title" dir="auto">${issue.title}</span>
          <button class="small" ?disabled=${isSaving(this.status[form])}
            @click=${() => this.dispatchEvent(new CustomerActionEvent(this.customerId, { kind: 'issue-status', form, issueId: issue.id, status: 'open' }))}>
            ${t.reopen}</button>
        </div>
        <p class="small muted">${t.resolvedAt(formatDateTime(issue.resolvedAt ?? issue.openedAt), issue.resolvedByName)}
          ${issue.resolvedOnFirstContact ? html` · <span class="mark-ok">${t.fcr}</span>` : nothing}</p>
        ${statusLine(this.status[form], { saving: t.saving })}
      </li>
    `
  }

  private submitNew (event: SubmitEvent): void {
    event.preventDefault()
    if (isSaving(this.status.issue)) return
    const form = event.currentTarget as HTMLFormElement
    const title = fieldText(form, 'title')
    if (!title) return
    const description = fieldText(form, 'description')
    this.dispatchEvent(new CustomerActionEvent(this.customerId, {
      kind: 'open-issue', form: 'issue', body: { title, ...(description ? { description } : {}) }
    }))
  }

  private submitResolve (event: SubmitEvent, issueId: number): void {
    event.preventDefault()
    const form = `resolve-${issueId}`
    if (isSaving(this.status[form])) return
    const note = fieldText(event.currentTarget as HTMLFormElement, 'note')
    this.dispatchEvent(new CustomerActionEvent(this.customerId, note
      ? { kind: 'add-entry', form, body: { kind: 'note', note, issueId, resolved: true } }
      : { kind: 'issue-status', form, issueId, status: 'resolved' }))
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ringcard-issues': RingcardIssues
  }
}
