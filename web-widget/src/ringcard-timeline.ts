import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit'
import { customElement, property, query, state } from 'lit/decorators.js'
import type { IssueView, NewTimelineEntryBody, TimelineEntry } from '../../agent/contracts/timeline.js'
import type { CardContact } from '../../agent/contracts/ws.js'
import { CustomerActionEvent, ShowIssueEvent } from './events.js'
import { enterSubmits, fieldChecked, fieldText, FormSwitch, isSaving, justSaved, statusLine } from './file-form.js'
import { fileStyles } from './file-styles.js'
import { formatDateTime, formatDuration } from './format.js'
import { kindIcon } from './kind-icons.js'
import type { SaveState } from './save-state.js'
import { theme } from './theme.js'

type ManualKind = NewTimelineEntryBody['kind']
type Kind = TimelineEntry['kind']

/** Every word this element shows, in one place (for translation). */
const t = {
  heading: (n: number, more: boolean) => `Contact history (${n}${more ? '+' : ''})`,
  add: 'Add entry',
  empty: 'No contacts yet.',
  kinds: { call: 'call', meeting: 'meeting', email: 'email', sms: 'SMS', note: 'note' } satisfies Record<Kind, string>,
  directions: { inbound: 'in', outbound: 'out' },
  manualKinds: { note: 'Note', meeting: 'Meeting', email: 'E-mail', sms: 'SMS' } satisfies Record<ManualKind, string>,
  kind: 'Kind',
  direction: 'Direction',
  sent: 'Sent to the customer',
  received: 'Received from the customer',
  subject: 'Subject or title',
  note: 'Note',
  outcome: 'Outcome (a few words)',
  when: 'When (empty: now)',
  issue: 'About an issue',
  noIssue: 'No issue',
  newIssue: 'A new issue…',
  newIssueTitle: 'New issue title',
  resolves: 'This contact resolved the issue',
  save: 'Save',
  cancel: 'Cancel',
  enterHint: 'Enter saves · Shift+Enter new line · Esc closes',
  saving: 'Saving…',
  saved: 'Added to the timeline ✓',
  resolved: '✓ resolved',
  unresolved: '✗ unresolved',
  talk: (d: string) => `talk ${d}`,
  issueLink: (id: number, title: string, status: string) => `Issue #${id}: ${title} (${status})`,
  more: 'Load older contacts',
  loading: 'Loading…',
  partial: 'Showing the latest contacts only:'
}

/**
 * A customer's timeline: calls, meetings, e-mails, SMS and notes, newest
 * first, paged; and the one form that adds a meeting, e-mail, SMS or note,
 * perhaps about an issue (an open one, or a new one), perhaps resolving it.
 * Until the timeline is in (or when it cannot be read), it lists the contacts
 * that came with the file. Presentational: the root sends what it asks for.
 *
 * Keyboard: the "Add entry" button opens the form (its first field takes focus);
 * Enter saves, Shift+Enter starts a new line in the note, Escape closes the form.
 *
 * @fires ringcard-customer-action - {@link CustomerActionEvent}: `add-entry` (form `entry`), `more-timeline` (form `timeline-more`).
 * @fires ringcard-show-issue - {@link ShowIssueEvent}: an entry's issue link.
 *
 * @csspart contacts - the list of contacts
 * @csspart entry-form - the "Add entry" form
 *
 * @cssprop --ringcard-accent - accent colour
 * @cssprop --ringcard-fg - text colour
 * @cssprop --ringcard-bg - background colour
 */
@customElement('ringcard-timeline')
export class RingcardTimeline extends LitElement {
  static override styles = [theme, fileStyles, css`
    .contacts ol { display: grid; }
    .contacts li { padding-block: 4px; border-block-start: 1px solid var(--_line); }
    .contacts li:first-child { border-block-start: 0; }
    .line { display: flex; flex-wrap: wrap; align-items: center; gap: 0 8px; }
    .kind { display: inline-flex; align-items: center; gap: 4px; font-weight: 600; }
    .icon { flex: none; color: var(--_accent); }
    .date { font-variant-numeric: tabular-nums; font-weight: 600; }
    .outcome { font-weight: 600; }
    .subject { font-weight: 600; margin-block-start: 1px; }
    .note { white-space: pre-wrap; overflow-wrap: anywhere; margin-block-start: 1px; }
    button.issue-link {
      border: 0; padding: 0; background: none; font-size: 12px; font-weight: 600; text-align: start;
      text-decoration: underline; color: var(--_accent); margin-block-start: 1px;
    }
    .issue-link.resolved { color: var(--_muted); }
    .more { margin-block-start: 6px; }
  `]

  /** The customer whose timeline this is. */
  @property({ type: Number }) customerId = 0
  /** Timeline entries, newest first; null while loading (then `contacts` shows). */
  @property({ attribute: false }) entries: readonly TimelineEntry[] | null = null
  /** The contacts that came with the file, shown until `entries` is in. */
  @property({ attribute: false }) contacts: readonly CardContact[] = []
  /** Whether an older page exists. */
  @property({ type: Boolean }) more = false
  /** Why the timeline could not be read; '' when it could. */
  @property() error = ''
  /** The customer's issues (the form offers the open ones). */
  @property({ attribute: false }) issues: readonly IssueView[] | null = null
  /** Progress of the requests started here, by form (`entry`, `timeline-more`). */
  @property({ attribute: false }) status: Readonly<Record<string, SaveState>> = {}

  @state() private kind: ManualKind = 'note'
  @state() private issueChoice = ''
  @query('form[data-form="entry"]') private form?: HTMLFormElement

  private readonly forms = new FormSwitch(this)

  constructor () {
    super()
    this.addEventListener('keydown', (e) => this.forms.onKeydown(e))
  }

  /** True while the form is open: there may be a draft. */
  get dirty (): boolean {
    return this.forms.open !== null
  }

  /** Opens the form for a new entry of `kind`. */
  openEntry (kind: ManualKind = 'note'): void {
    this.kind = kind
    this.forms.show('entry')
  }

  protected override updated (changed: PropertyValues<this>): void {
    const before = changed.get('status')
    if (before && justSaved(before.entry, this.status.entry)) {
      this.form?.reset()
      this.kind = 'note'
      this.issueChoice = ''
      this.forms.hide()
    }
  }

  override render (): TemplateResult {
    const entries = this.entries
    const count = entries?.length ?? this.contacts.length
    const heading = t.heading(count, entries !== null && this.more)
    return html`
      <section class="contacts part" part="contacts" aria-label=${heading}>
        <div class="part-head">
          <h3>${heading}</h3>
          <button data-opens="entry" aria-expanded=${this.forms.isOpen('entry')} @click=${() => this.forms.toggle('entry')}>
            ${t.add} <kbd>n</kbd></button>
        </div>
        ${this.renderForm()}
        ${entries === null && this.error ? html`<p class="err small" role="alert">${t.partial} ${this.error}</p>` : nothing}
        ${count === 0 ? html`<p class="empty">${entries === null && !this.error ? t.loading : t.empty}</p>` : nothing}
        <ol>
          ${entries === null ? this.contacts.map((c) => this.renderContact(c)) : entries.map((e) => this.renderEntry(e))}
        </ol>
        ${entries !== null && this.more ? html`
          <button class="more" ?disabled=${isSaving(this.status['timeline-more'])}
            @click=${() => this.dispatchEvent(new CustomerActionEvent(this.customerId, { kind: 'more-timeline', form: 'timeline-more' }))}>
            ${isSaving(this.status['timeline-more']) ? t.loading : t.more}</button>
          ${statusLine(this.status['timeline-more'], { saving: '' })}` : nothing}
      </section>
    `
  }

  private renderEntry (e: TimelineEntry): TemplateResult {
    return html`
      <li class="entry kind-${e.kind}" data-entry=${e.id}>
        <div class="line small">
          ${this.kindLabel(e.kind, e.direction)}
          <time class="date" datetime=${e.occurredAt}>${formatDateTime(e.occurredAt)}</time>
          ${e.callResult ? html`<span class="muted">${e.callResult}</span>` : nothing}
          ${e.talkSeconds ? html`<span class="muted num">${t.talk(formatDuration(new Date(0).toISOString(), e.talkSeconds * 1000))}</span>` : nothing}
          ${e.outcome ? html`<bdi class="outcome">${e.outcome}</bdi>` : nothing}
          ${resolvedMark(e.resolved)}
          ${e.operatorName ? html`<span class="muted">· <bdi>${e.operatorName}</bdi></span>` : nothing}
        </div>
        ${e.subject ? html`<p class="subject small" dir="auto">${e.subject}</p>` : nothing}
        ${e.note ? html`<p class="note small" dir="auto">${e.note}</p>` : nothing}
        ${e.issue ? html`<button class="issue-link ${e.issue.status}" @click=${() => this.dispatchEvent(new ShowIssueEvent(e.issue!.id))}>
          <bdi>${t.issueLink(e.issue.id, e.issue.title, e.issue.status)}</bdi></button>` : nothing}
      </li>
    `
  }

  private renderContact (c: CardContact): TemplateResult {
    return html`
      <li class="entry kind-${c.kind}" data-contact=${c.id}>
        <div class="line small">
          ${this.kindLabel(c.kind, c.direction)}
          <time class="date" datetime=${c.occurredAt}>${formatDateTime(c.occurredAt)}</time>
          ${c.callResult ? html`<span class="muted">${c.callResult}</span>` : nothing}
          ${c.disposition ? html`<bdi class="outcome">${c.disposition}</bdi>` : nothing}
          ${resolvedMark(c.resolved)}
          ${c.operatorName ? html`<span class="muted">· <bdi>${c.operatorName}</bdi></span>` : nothing}
        </div>
        ${c.note ? html`<p class="note small" dir="auto">${c.note}</p>` : nothing}
      </li>
    `
  }

  private kindLabel (kind: Kind, direction: 'inbound' | 'outbound' | null): TemplateResult {
    const dir = direction === null ? '' : ` ${t.directions[direction]}`
    return html`<span class="kind">${kindIcon(kind)}${t.kinds[kind]}${dir}</span>`
  }

  private renderForm (): TemplateResult {
    const saving = isSaving(this.status.entry)
    const openIssues = (this.issues ?? []).filter((i) => i.status === 'open')
    const withIssue = this.issueChoice !== ''
    const directed = this.kind === 'email' || this.kind === 'sms'
    return html`
      <form class="inline" part="entry-form" data-form="entry" ?hidden=${!this.forms.isOpen('entry')} aria-label=${t.add}
        @submit=${this.submit} @keydown=${enterSubmits}>
        <label>${t.kind}
          <select name="kind" data-first .value=${this.kind}
            @change=${(e: Event) => { this.kind = (e.target as HTMLSelectElement).value as ManualKind }}>
            ${(Object.keys(t.manualKinds) as ManualKind[]).map((k) => html`<option value=${k} ?selected=${k === this.kind}>${t.manualKinds[k]}</option>`)}
          </select></label>
        <label>${t.when}<input name="occurredAt" type="datetime-local"></label>
        ${directed ? html`<label class="wide">${t.direction}
          <select name="direction">
            <option value="outbound">${t.sent}</option>
            <option value="inbound">${t.received}</option>
          </select></label>` : nothing}
        ${this.kind === 'note' ? nothing : html`<label class="wide">${t.subject}<input name="subject" autocomplete="off" maxlength="200"></label>`}
        <label class="wide">${t.note}<textarea name="note" rows="2" maxlength="4000"></textarea></label>
        <label class="wide">${t.outcome}<input name="outcome" autocomplete="off" maxlength="200"></label>
        <label class=${this.issueChoice === 'new' ? '' : 'wide'}>${t.issue}
          <select name="issue" .value=${this.issueChoice}
            @change=${(e: Event) => { this.issueChoice = (e.target as HTMLSelectElement).value }}>
            <option value="">${t.noIssue}</option>
            ${openIssues.map((i) => html`<option value=${String(i.id)}>#${i.id} ${i.title}</option>`)}
            <option value="new">${t.newIssue}</option>
          </select></label>
        ${this.issueChoice === 'new' ? html`<label>${t.newIssueTitle}<input name="newIssueTitle" autocomplete="off" maxlength="200" required></label>` : nothing}
        <label class="check wide"><input type="checkbox" name="resolved" ?disabled=${!withIssue}> ${t.resolves}</label>
        ${statusLine(this.status.entry, { saving: t.saving })}
        <div class="form-actions">
          <button class="primary" type="submit" ?disabled=${saving}>${t.save} <kbd>Enter</kbd></button>
          <button type="button" @click=${() => this.forms.hide()}>${t.cancel}</button>
          <span class="small muted">${t.enterHint}</span>
        </div>
      </form>
    `
  }

  private submit (event: SubmitEvent): void {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    if (isSaving(this.status.entry)) return
    const when = fieldText(form, 'occurredAt')
    const occurredAt = when ? new Date(when) : null
    const issue = fieldText(form, 'issue')
    const body: NewTimelineEntryBody = {
      kind: this.kind,
      ...optional('subject', fieldText(form, 'subject')),
      ...optional('note', fieldText(form, 'note')),
      ...optional('outcome', fieldText(form, 'outcome')),
      ...(this.kind === 'email' || this.kind === 'sms' ? { direction: fieldText(form, 'direction') === 'inbound' ? 'inbound' as const : 'outbound' as const } : {}),
      ...(occurredAt && !Number.isNaN(occurredAt.getTime()) ? { occurredAt: occurredAt.toISOString() } : {}),
      ...(issue === 'new' ? optional('newIssueTitle', fieldText(form, 'newIssueTitle')) : issue ? { issueId: Number(issue) } : {}),
      ...(issue && fieldChecked(form, 'resolved') ? { resolved: true } : {})
    }
    this.dispatchEvent(new CustomerActionEvent(this.customerId, { kind: 'add-entry', form: 'entry', body }))
  }
}

function optional<K extends string> (key: K, value: string): Partial<Record<K, string>> {
  return value ? { [key]: value } as Record<K, string> : {}
}

/** ✓ or ✗ where the contact said whether its problem was solved; nothing where it did not (a note, a meeting). */
function resolvedMark (resolved: boolean | null): TemplateResult | typeof nothing {
  if (resolved === true) return html`<span class="mark-ok">${t.resolved}</span>`
  if (resolved === false) return html`<span class="mark-bad">${t.unresolved}</span>`
  return nothing
}

declare global {
  interface HTMLElementTagNameMap {
    'ringcard-timeline': RingcardTimeline
  }
}
