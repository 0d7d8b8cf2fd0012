import { LitElement, html, nothing, type TemplateResult } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { repeat } from 'lit/directives/repeat.js'
import type { DispositionOption, OperatorInfo, ServerMessage } from '../../agent/contracts/ws.js'
import { ApiClient, type ApiError } from './api-client.js'
import { CallList, customerOf, openIssuesOf, type CallEntry } from './call-list.js'
import { CustomerFileController } from './customer-file-controller.js'
import { CustomerSearchController } from './customer-search-controller.js'
import type { ChooseEvent, CloseEvent, CreateLeadEvent, OutcomeEvent } from './events.js'
import { ImportController } from './import-controller.js'
import { callerLabel, formatDateTime } from './format.js'
import { newIdempotencyKey } from './idempotency-key.js'
import { isTextEntry, keyTarget } from './keyboard.js'
import { popStyles } from './pop-styles.js'
import type { RingcardCustomer } from './ringcard-customer.js'
import type { RingcardSearch } from './ringcard-search.js'
import { SocketController, type SocketStatus } from './socket-controller.js'
import { theme } from './theme.js'
import './ringcard-card.js'
import './ringcard-customer.js'
import './ringcard-import.js'
import './ringcard-search.js'
import './ringcard-wrapup.js'

const TOKEN_KEY = 'ringcard.token'
const scriptOrigin = new URL(import.meta.url).origin

function readStoredToken (): string | null {
  try { return sessionStorage.getItem(TOKEN_KEY) } catch { return null }
}
function storeToken (token: string | null): void {
  try {
    if (token === null) sessionStorage.removeItem(TOKEN_KEY)
    else sessionStorage.setItem(TOKEN_KEY, token)
  } catch { /* storage disabled: the operator signs in again after a reload */ }
}

/**
 * The screen pop. The only ringcard element that talks to the network: it signs
 * the operator in, keeps the WebSocket (through {@link SocketController}), and
 * calls the REST API for leads, outcomes, the customer search
 * ({@link CustomerSearchController}) and customer files ({@link CustomerFileController}).
 *
 * Keyboard: `/` (while not typing in a field) puts the caret in the customer
 * search, which shows whenever no call is ringing.
 *
 * Admins (the role the agent's welcome names, as `GET /api/me`) get an
 * "Import" button in the header that opens `<ringcard-import>`
 * ({@link ImportController} uploads and polls); nobody else sees it.
 *
 * Embed with one script tag and `<ringcard-pop></ringcard-pop>`. It floats at the
 * bottom right; host-page CSS on `ringcard-pop` (e.g. `position: static`) overrides that.
 *
 * @attr server - base URL of the ringcard agent; defaults to the origin the script was loaded from
 * @attr token - operator token; without it the pop shows a sign-in form (kept in sessionStorage)
 *
 * @csspart panel - the floating panel
 * @csspart header - status line with operator name
 * @csspart signin - the sign-in form
 * @csspart notice - "answered by …" and "missed call" lines
 *
 * @fires ringcard-open-customer - bubbled from the card and the search (host pages may listen on `document`).
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
@customElement('ringcard-pop')
export class RingcardPop extends LitElement {
  static override styles = [theme, popStyles]

  /** Base URL of the agent (REST under `/api`, WebSocket at `/ws`). */
  @property() server = scriptOrigin
  /** Operator token given by the host page; otherwise the operator signs in. */
  @property() token: string | null = null

  @state() private signedInToken: string | null = readStoredToken()
  @state() private signInMessage = ''
  @state() private operator: OperatorInfo | null = null
  @state() private dispositions: readonly DispositionOption[] = []
  @state() private pbx: 'connected' | 'disconnected' = 'connected'
  @state() private announcement = ''
  @state() private now = Date.now()
  /** The search stays shown during a ringing call once the operator asked for it with `/`. */
  @state() private searchOpen = false
  /** The admin's import view is open. */
  @state() private importOpen = false

  private readonly calls = new CallList(() => Date.now(), newIdempotencyKey)
  private readonly files = new CustomerFileController(this, { api: () => this.api(), authLost: (e) => this.authLost(e) })
  private readonly search = new CustomerSearchController(this, {
    api: () => this.api(),
    authLost: (e) => this.authLost(e),
    onResults: (found) => this.files.noteOperators(found.map((c) => c.owner))
  })

  private readonly imports = new ImportController(this, {
    api: () => this.api(),
    authLost: (e) => this.authLost(e),
    save: (file, name) => { saveFile(file, name) }
  })

  private tick: ReturnType<typeof setInterval> | undefined
  /** Server and token the socket last dialed with; null before the first attempt. */
  private dialedKey: string | null = null

  private readonly socket = new SocketController(this, {
    url: () => {
      const url = new URL(`${this.base()}/ws`)
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
      return url.href
    },
    token: () => {
      this.dialedKey = this.connectionKey()
      return this.currentToken()
    },
    onMessage: (message) => this.onServerMessage(message),
    onRejected: (reason, message) => {
      if (reason === 'unauthorized') this.signOut(message)
    }
  })

  constructor () {
    super()
    this.addEventListener('ringcard-choose', (e) => { void this.onChoose(e) })
    this.addEventListener('ringcard-create-lead', (e) => void this.onCreateLead(e))
    this.addEventListener('ringcard-outcome', (e) => void this.onOutcome(e))
    this.addEventListener('ringcard-open-customer', (e) => void this.openFile(e.customerId))
    this.addEventListener('ringcard-close', (e) => { this.onClose(e) })
    this.addEventListener('ringcard-start-import', (e) => { if (this.isAdmin) void this.imports.start(e.file, e.map, e.dryRun) })
    this.addEventListener('ringcard-import-report', (e) => { if (this.isAdmin) void this.imports.downloadReport(e.importId) })
    this.addEventListener('ringcard-customer-action', (e) => void this.files.run(e.customerId, e.action))
    this.addEventListener('ringcard-search', (e) => {
      // A search under way stays on screen when a call starts ringing; Escape lets it go.
      if (e.dismissed) this.searchOpen = false
      else if (e.query) this.searchOpen = true
      void this.search.search(e.query)
    })
    this.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.files.view && !e.defaultPrevented) this.files.close()
    })
  }

  /** `/` anywhere on the page (but never while typing) goes to the customer search. */
  private readonly onDocumentKeydown = (event: KeyboardEvent): void => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return
    if (isTextEntry(keyTarget(event)) || this.currentToken() === null) return
    event.preventDefault()
    const shown = this.renderRoot.querySelector<RingcardSearch>('ringcard-search')
    // Focus at once when the search is there, so the keys typed right after `/` land in it.
    if (shown) {
      shown.focus()
      return
    }
    this.searchOpen = true
    void this.updateComplete.then(() => this.renderRoot.querySelector<RingcardSearch>('ringcard-search')?.focus())
  }

  override connectedCallback (): void {
    super.connectedCallback()
    document.addEventListener('keydown', this.onDocumentKeydown)
    this.tick = setInterval(() => {
      this.now = Date.now()
      this.calls.expire()
    }, 1000)
  }

  override disconnectedCallback (): void {
    super.disconnectedCallback()
    document.removeEventListener('keydown', this.onDocumentKeydown)
    clearInterval(this.tick)
  }

  /** A new `server` or `token` (attribute, sign-in or sign-out) means a new connection. */
  protected override updated (): void {
    // An open file needs more room than a card: the panel widens (host-page CSS may still size it).
    this.toggleAttribute('data-file-open', this.files.view !== null)
    if (this.dialedKey !== null && this.connectionKey() !== this.dialedKey) this.socket.restart()
  }

  private connectionKey (): string {
    return `${this.base()} ${this.currentToken() ?? ''}`
  }

  private base (): string {
    return (this.server || scriptOrigin).replace(/\/+$/, '')
  }

  private currentToken (): string | null {
    return this.token || this.signedInToken
  }

  private api (): ApiClient | null {
    const token = this.currentToken()
    return token ? new ApiClient(this.base(), token) : null
  }

  /** Admins import customers; the agent refuses everyone else anyway (403). */
  private get isAdmin (): boolean {
    return this.operator?.role === 'admin'
  }

  /** The import view or the customer file, whichever asked to close. */
  private onClose (event: CloseEvent): void {
    const from = event.composedPath()[0]
    if (from instanceof Element && from.localName === 'ringcard-import') {
      this.importOpen = false
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[data-opens="import"]')?.focus())
      return
    }
    this.files.close()
  }

  private onServerMessage (message: ServerMessage): void {
    switch (message.type) {
      case 'welcome':
        this.operator = message.operator
        this.dispositions = message.dispositions
        this.pbx = message.pbx
        this.signInMessage = ''
        break
      case 'snapshot':
        this.announce(this.calls.replaceAll(message.calls))
        break
      case 'call': {
        const incoming = this.calls.upsert(message.call)
        this.announce(incoming ? [message.call.id] : [])
        // A new caller needs the screen: the previous customer's file makes way, unless a form in it holds a draft.
        if (incoming) this.makeWayForCall()
        break
      }
      case 'pbx':
        this.pbx = message.status
        break
      case 'error':
      case 'pong':
        break
    }
    this.requestUpdate()
  }

  private announce (callIds: readonly string[]): void {
    const labels = callIds.flatMap((id) => {
      const entry = this.calls.get(id)
      return entry ? [callerLabel(entry.call)] : []
    })
    if (labels.length > 0) this.announcement = `Incoming call from ${labels.join(', and from ')}`
  }

  private signIn (event: SubmitEvent): void {
    event.preventDefault()
    const input = (event.target as HTMLFormElement).elements.namedItem('token')
    const token = input instanceof HTMLInputElement ? input.value.trim() : ''
    if (!token) {
      this.signInMessage = 'Enter your operator token.'
      return
    }
    storeToken(token)
    this.signedInToken = token
    this.signInMessage = ''
    this.socket.restart()
  }

  private signOut (message = ''): void {
    storeToken(null)
    this.signedInToken = null
    this.token = null
    this.operator = null
    this.importOpen = false
    this.imports.clear()
    this.files.close()
    this.search.clear()
    this.calls.clear()
    this.signInMessage = message
    this.socket.stop()
  }

  private authLost (error: ApiError): boolean {
    if (error.status !== 401) return false
    this.signOut(`Your sign-in expired (${error.code}). Please sign in again.`)
    return true
  }

  private async onChoose (event: ChooseEvent): Promise<void> {
    this.calls.choose(event.callId, event.customerId)
    this.requestUpdate()
    // Best effort: the wrap-up carries the chosen customer too, so a failure here loses nothing.
    const result = await this.api()?.chooseCustomer(event.callId, event.customerId)
    if (result !== undefined && !result.ok) this.authLost(result.error)
  }

  private async onCreateLead (event: CreateLeadEvent): Promise<void> {
    const callId = event.body.callId
    const api = this.api()
    if (!api || !callId || this.calls.get(callId)?.leadState.state === 'saving') return
    this.calls.setLead(callId, { state: 'saving' })
    this.requestUpdate()
    const result = await api.createLead(event.body)
    if (result.ok) this.calls.setLead(callId, { state: 'saved' }, result.value.customer)
    else if (!this.authLost(result.error)) this.calls.setLead(callId, { state: 'error', ...result.error })
    this.requestUpdate()
  }

  private async onOutcome (event: OutcomeEvent): Promise<void> {
    const { callId, body } = event
    const entry = this.calls.get(callId)
    const api = this.api()
    if (!api || !entry || entry.saveState.state === 'saving' || entry.saveState.state === 'saved') return
    const key = this.calls.outcomeKey(callId, JSON.stringify(body))
    this.calls.setSave(callId, { state: 'saving' })
    this.requestUpdate()
    const result = await api.saveOutcome(callId, body, key)
    if (result.ok) {
      this.calls.setSave(callId, { state: 'saved' })
      const customerId = body.customerId ?? customerOf(entry)?.customerId
      if (customerId !== undefined) void this.openFile(customerId)
    } else if (!this.authLost(result.error)) {
      this.calls.setSave(callId, { state: 'error', ...result.error })
    }
    this.requestUpdate()
  }

  private async openFile (customerId: number): Promise<void> {
    this.search.clear()
    this.searchOpen = false
    if (this.operator) this.files.noteOperators([this.operator])
    await this.files.open(customerId)
  }

  private makeWayForCall (): void {
    const open = this.renderRoot.querySelector<RingcardCustomer>('ringcard-customer')
    if (!open?.dirty) {
      this.files.close()
      return
    }
    // The ringing card renders above the file: bring it into view.
    this.renderRoot.querySelector('.panel')?.scrollTo({ top: 0 })
  }

  override render (): TemplateResult {
    const signedIn = this.currentToken() !== null && this.socket.status.kind !== 'rejected'
    return html`
      <div class="panel" part="panel">
        ${this.renderHeader()}
        <div class="sr-only" aria-live="assertive" aria-atomic="true">${this.announcement}</div>
        ${signedIn ? this.renderCalls() : this.renderSignIn()}
      </div>
    `
  }

  private renderHeader (): TemplateResult {
    const op = this.operator
    return html`
      <header part="header">
        <span class="brand">ringcard</span>
        ${this.renderStatus(this.socket.status)}
        ${op ? html`<span class="operator" title=${op.extensions.join(', ')}>${op.displayName}
          <span class="muted">· ${op.extensions.join(', ')}</span></span>` : nothing}
        ${this.isAdmin ? html`<button class="link" data-opens="import" aria-expanded=${this.importOpen ? 'true' : 'false'}
          @click=${() => { this.importOpen = !this.importOpen }}>Import</button>` : nothing}
        ${this.currentToken() ? html`<button class="link" @click=${() => this.signOut()}>Sign out</button>` : nothing}
      </header>
    `
  }

  private renderStatus (status: SocketStatus): TemplateResult {
    switch (status.kind) {
      case 'signed-out': return html`<span class="status">Signed out</span>`
      case 'connecting': return html`<span class="status" role="status">Connecting…</span>`
      case 'reconnecting': {
        const seconds = Math.max(0, Math.ceil((status.retryAt - this.now) / 1000))
        return html`<span class="status warn" role="status">Reconnecting${seconds > 0 ? ` in ${seconds} s` : '…'}</span>`
      }
      case 'rejected': return html`<span class="status bad">Not connected</span>`
      case 'connected':
        return this.pbx === 'connected'
          ? html`<span class="status good" role="status">Connected</span>`
          : html`<span class="status bad" role="status">PBX down — no calls until it is back</span>`
    }
  }

  private renderSignIn (): TemplateResult {
    const status = this.socket.status
    const message = status.kind === 'rejected' ? status.message : this.signInMessage
    const blocked = status.kind === 'rejected' && status.reason !== 'unauthorized'
    return html`
      <form class="signin" part="signin" @submit=${this.signIn} aria-label="Sign in">
        <h2>Sign in</h2>
        ${message ? html`<p class="bad" role="alert">${message}</p>` : nothing}
        ${blocked ? nothing : html`
          <label for="token">Operator token</label>
          <div class="row">
            <input id="token" name="token" type="password" autocomplete="off" spellcheck="false">
            <button class="primary" type="submit">Sign in</button>
          </div>`}
      </form>
    `
  }

  private renderCalls (): TemplateResult {
    const entries = this.calls.entries()
    const ringing = entries.filter((e) => e.phase === 'live' && (e.call.state === 'ringing' || e.call.state === 'queued'))
    const rest = entries.filter((e) => !ringing.includes(e))
    const file = this.files.view
    const searching = ringing.length === 0 || this.searchOpen
    const imports = this.imports.view
    return html`
      <div class="calls">
        ${repeat(ringing, (e) => e.call.id, (e) => this.renderEntry(e))}
        ${this.importOpen && this.isAdmin ? html`<ringcard-import .status=${imports.status} .upload=${imports.upload} .pollError=${imports.pollError}
          .report=${imports.report}></ringcard-import>` : nothing}
        ${searching ? html`<ringcard-search .search=${this.search.state}></ringcard-search>` : nothing}
        ${file ? html`<ringcard-customer .fileId=${file.customerId} .opened=${file.opened} .customer=${file.customer} .contacts=${file.contacts}
          .file=${file.file} .timeline=${file.timeline} ?timelineMore=${file.timelineNext !== null} .issues=${file.issues}
          .purchases=${file.purchases} .groups=${file.groups} .campaigns=${file.campaigns} .errors=${file.errors} .status=${file.status}
          .operators=${this.files.operators} .me=${this.operator}></ringcard-customer>` : nothing}
        ${repeat(rest, (e) => e.call.id, (e) => this.renderEntry(e))}
        ${entries.length === 0 && !file && this.socket.status.kind === 'connected'
          ? html`<p class="idle muted">No calls right now. A card pops up here when your phone rings.</p>`
          : nothing}
      </div>
    `
  }

  private renderEntry (entry: CallEntry): TemplateResult {
    const { call } = entry
    switch (entry.phase) {
      case 'answered-elsewhere':
        return html`<p class="notice" part="notice" data-call=${call.id}>
          <span>Answered by <strong>${call.answeredByName ?? call.answeredBy}</strong></span>
          <span class="muted">${callerLabel(call, entry.chosenId)}</span></p>`
      case 'missed':
        return html`<p class="notice missed" part="notice" data-call=${call.id}>
          <span><strong>${call.direction === 'outbound' ? 'No answer' : 'Missed call'}</strong>
            ${callerLabel(call, entry.chosenId)}</span>
          <span class="muted small">${formatDateTime(call.startedAt)}</span>
          <button @click=${() => { this.calls.dismiss(call.id); this.requestUpdate() }}>Dismiss</button></p>`
      case 'live':
      case 'done':
        return this.renderCard(entry)
      case 'wrap-up':
        return html`${this.renderCard(entry, true)}
          <ringcard-wrapup data-call=${call.id} .call=${call} .dispositions=${this.dispositions} .openIssues=${openIssuesOf(entry)}
            .customerId=${customerOf(entry)?.customerId ?? null} .saveState=${entry.saveState}></ringcard-wrapup>`
    }
  }

  private renderCard (entry: CallEntry, compact = false): TemplateResult {
    return html`<ringcard-card data-call=${entry.call.id} ?compact=${compact} .call=${entry.call} .now=${this.now} .chosenId=${entry.chosenId}
      .leadState=${entry.leadState}></ringcard-card>`
  }
}

/** Hands a fetched file to the browser as a download (the link needs no token: the file is already here). */
function saveFile (file: Blob, name: string): void {
  const url = URL.createObjectURL(file)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.rel = 'noopener'
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => { URL.revokeObjectURL(url) }, 60_000)
}

declare global {
  interface HTMLElementTagNameMap {
    'ringcard-pop': RingcardPop
  }
}
