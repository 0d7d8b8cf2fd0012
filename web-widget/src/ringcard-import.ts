import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit'
import { customElement, property, query } from 'lit/decorators.js'
import type { ImportStatus } from '../../agent/contracts/imports.js'
import { CloseEvent, ImportReportEvent, StartImportEvent } from './events.js'
import { fieldChecked, fieldText, isSaving, statusLine } from './file-form.js'
import { fileStyles } from './file-styles.js'
import type { SaveState } from './save-state.js'
import { theme } from './theme.js'

/** Every word this element shows, in one place (for translation). */
const t = {
  label: 'Import customers',
  close: 'Close',
  file: 'CSV file (UTF-8; the first line names the columns)',
  map: 'Column mapping (optional)',
  mapHint: 'header=field, … e.g. Kd-Nr=external_id,Handy=mobile,Fax=ignore',
  dryRun: 'Dry run: check every row, write nothing',
  start: 'Import',
  uploading: 'Uploading…',
  enterHint: 'Enter starts · Esc closes',
  states: { running: 'Importing…', finished: 'Finished', failed: 'Stopped' } satisfies Record<ImportStatus['state'], string>,
  dryRunMark: '(dry run: nothing written)',
  rows: 'rows',
  rate: 'rows/s',
  eta: 'left',
  etaUnknown: 'estimating…',
  progress: 'Import progress',
  inserted: 'new',
  updated: 'updated',
  unchanged: 'unchanged',
  errors: 'bad rows',
  ignored: 'Columns ignored:',
  report: 'Bad rows',
  line: 'line',
  truncated: 'Only the first bad rows are listed; the report has them all.',
  download: 'Download the full report (CSV)',
  downloading: 'Downloading…',
  noErrors: 'No bad rows.',
  pollFailed: 'Progress could not be read:'
}

/** "1:05", "12 s", "1:02:05". */
function duration (seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  if (s < 60) return `${s} s`
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const rest = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`
}

const count = new Intl.NumberFormat('en-US')

/**
 * The admin's customer import: pick a CSV file (optionally a column mapping
 * and a dry run), then follow the import: a progress bar with rows done of
 * total, the rate and the time left, and once it is over how many customers
 * are new, updated, unchanged, and the bad rows (line and reason) with the
 * full report as a CSV download. The agent's refusal (another import still
 * running, a file it cannot read) shows under the form.
 * Presentational: `<ringcard-pop>` uploads, polls and downloads.
 *
 * @fires ringcard-start-import - {@link StartImportEvent}: the admin started an import.
 * @fires ringcard-import-report - {@link ImportReportEvent}: the admin wants the report CSV.
 * @fires ringcard-close - {@link CloseEvent}: Escape or the close button.
 *
 * @csspart import - the panel
 * @csspart progress - the progress bar
 * @csspart report - the list of bad rows
 *
 * @cssprop --ringcard-accent - accent colour
 * @cssprop --ringcard-fg - text colour
 * @cssprop --ringcard-bg - background colour
 */
@customElement('ringcard-import')
export class RingcardImport extends LitElement {
  static override styles = [theme, fileStyles, css`
    section.import {
      border: 1px solid var(--_line); border-block-start: 4px solid var(--_accent); border-radius: var(--_radius);
      padding: 8px 10px 10px; background: var(--_bg);
    }
    section.import:focus { outline: none; }
    .bar { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
    .bar .label { font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.05em; color: var(--_muted); }
    progress { inline-size: 100%; block-size: 10px; accent-color: var(--_accent); }
    .figures { display: flex; flex-wrap: wrap; gap: 2px 12px; font-size: 13px; margin-block: 4px; }
    .figures strong { font-variant-numeric: tabular-nums; }
    ol.report { margin: 0; padding-inline-start: 0; list-style: none; font-size: 12px; max-block-size: 12em; overflow: auto; }
    ol.report li { padding-block: 1px; border-block-start: 1px solid var(--_line); }
    ol.report .line { display: inline-block; min-inline-size: 5em; color: var(--_muted); }
    form.inline { margin-block: 6px 0; }
  `]

  /** The import started last, as last polled; null before the first. */
  @property({ attribute: false }) status: ImportStatus | null = null
  /** The upload's progress, or the agent's refusal. */
  @property({ attribute: false }) upload: SaveState = { state: 'idle' }
  /** Why the last progress poll failed; '' when it worked. */
  @property() pollError = ''
  /** The report download's progress. */
  @property({ attribute: false }) report: SaveState = { state: 'idle' }

  @query('input[name="file"]') private fileInput?: HTMLInputElement

  constructor () {
    super()
    this.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return
      e.preventDefault()
      this.dispatchEvent(new CloseEvent())
    })
  }

  /** Puts the caret on the file picker when the view opens. */
  protected override firstUpdated (_changed: PropertyValues<this>): void {
    this.fileInput?.focus()
  }

  override render (): TemplateResult {
    return html`
      <section class="import" part="import" aria-label=${t.label}>
        <div class="bar">
          <span class="label">${t.label}</span>
          <button @click=${() => this.dispatchEvent(new CloseEvent())}>${t.close} <kbd>Esc</kbd></button>
        </div>
        <form class="inline" data-form="import" aria-label=${t.label} @submit=${this.submit}>
          <label class="wide">${t.file}<input name="file" type="file" accept=".csv,text/csv,text/plain" required></label>
          <label class="wide">${t.map}<input name="map" autocomplete="off" spellcheck="false" dir="ltr" maxlength="2000" placeholder=${t.mapHint}></label>
          <label class="check wide"><input type="checkbox" name="dryRun"> ${t.dryRun}</label>
          ${statusLine(this.upload, { saving: t.uploading })}
          <div class="form-actions">
            <button class="primary" type="submit" ?disabled=${isSaving(this.upload)}>${t.start} <kbd>Enter</kbd></button>
            <span class="small muted">${t.enterHint}</span>
          </div>
        </form>
        ${this.pollError ? html`<p class="err small" role="alert">${t.pollFailed} ${this.pollError}</p>` : nothing}
        ${this.status ? this.renderStatus(this.status) : nothing}
      </section>
    `
  }

  private renderStatus (s: ImportStatus): TemplateResult {
    const total = Math.max(s.rowsTotal, s.rowsDone)
    const left = s.rowsPerSecond > 0 ? (total - s.rowsDone) / s.rowsPerSecond : null
    return html`
      <div class="progress" data-import=${s.id} data-state=${s.state}>
        <p class="figures" role="status">
          <strong class="state">${t.states[s.state]}</strong>
          ${s.dryRun ? html`<span class="muted">${t.dryRunMark}</span>` : nothing}
          <span class="rows"><bdi dir="ltr" class="num">${count.format(s.rowsDone)} / ${count.format(total)}</bdi> ${t.rows}</span>
          <span class="rate"><bdi dir="ltr" class="num">${count.format(s.rowsPerSecond)}</bdi> ${t.rate}</span>
          ${s.state === 'running'
            ? html`<span class="eta">${left === null ? t.etaUnknown : html`<bdi dir="ltr" class="num">${duration(left)}</bdi> ${t.eta}`}</span>`
            : nothing}
        </p>
        <progress part="progress" max=${total || 1} value=${s.state === 'running' ? s.rowsDone : (total || 1)} aria-label=${t.progress}></progress>
        <p class="figures counts">
          <span data-count="inserted"><bdi dir="ltr" class="num">${count.format(s.inserted)}</bdi> ${t.inserted}</span>
          <span data-count="updated"><bdi dir="ltr" class="num">${count.format(s.updated)}</bdi> ${t.updated}</span>
          <span data-count="unchanged"><bdi dir="ltr" class="num">${count.format(s.unchanged)}</bdi> ${t.unchanged}</span>
          <span data-count="errors" class=${s.errors > 0 ? 'mark-bad' : ''}><bdi dir="ltr" class="num">${count.format(s.errors)}</bdi> ${t.errors}</span>
        </p>
        ${s.failure ? html`<p class="err small" role="alert">${s.failure.message} <bdi class="code">(${s.failure.code})</bdi></p>` : nothing}
        ${s.ignoredColumns.length > 0 ? html`<p class="small muted">${t.ignored} ${s.ignoredColumns.map((c, i) => html`${i > 0 ? ', ' : ''}<bdi>${c}</bdi>`)}</p>` : nothing}
        ${this.renderReport(s)}
      </div>
    `
  }

  private renderReport (s: ImportStatus): TemplateResult | typeof nothing {
    if (s.report.length === 0) return s.state === 'running' ? nothing : html`<p class="empty">${t.noErrors}</p>`
    return html`
      <h3>${t.report}</h3>
      <ol class="report" part="report">${s.report.map((r) => html`
        <li data-line=${r.line}><span class="line">${t.line} <bdi dir="ltr" class="num">${r.line}</bdi></span> <bdi>${r.reason}</bdi></li>`)}
      </ol>
      ${s.reportTruncated ? html`<p class="small muted">${t.truncated}</p>` : nothing}
      <p><button class="small" data-action="report" ?disabled=${isSaving(this.report)}
        @click=${() => this.dispatchEvent(new ImportReportEvent(s.id))}>${t.download}</button></p>
      ${statusLine(this.report, { saving: t.downloading })}
    `
  }

  private submit (event: SubmitEvent): void {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const file = this.fileInput?.files?.[0]
    if (!file || isSaving(this.upload)) return
    this.dispatchEvent(new StartImportEvent(file, fieldText(form, 'map'), fieldChecked(form, 'dryRun')))
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ringcard-import': RingcardImport
  }
}
