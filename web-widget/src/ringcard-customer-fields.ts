import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import { ifDefined } from 'lit/directives/if-defined.js'
import type { Campaign, CustomerPatch, CustomerRecord, NewEmailBody, NewPhoneBody } from '../../agent/contracts/customers.js'
import { contactFormStyles, renderEmailForm, renderPhoneForm } from './contact-point-forms.js'
import { CustomerActionEvent } from './events.js'
import { foldDigits } from './digits.js'
import { enterSubmits, fieldText, FormSwitch, isSaving, justSaved, statusLine } from './file-form.js'
import { fileStyles } from './file-styles.js'
import { formatDate, formatDateTime } from './format.js'
import { mailtoHref, telHref } from './safe-url.js'
import type { SaveState } from './save-state.js'
import { theme } from './theme.js'

type Consent = CustomerRecord['consent']['sms']
type TextField = 'displayName' | 'honorific' | 'givenName' | 'familyName' | 'company' | 'birthday' | 'language' | 'address' | 'city' | 'notes'

/** Every word this element shows, in one place (for translation). */
const t = {
  heading: 'Contact data',
  edit: 'Edit',
  fields: {
    displayName: 'Display name', honorific: 'Honorific or title', givenName: 'Given name', familyName: 'Family name',
    company: 'Company', birthday: 'Birthday', language: 'Language (e.g. de, fa)', address: 'Address', city: 'City', notes: 'Notes'
  } satisfies Record<TextField, string>,
  phones: 'Phones',
  emails: 'E-mails',
  address: 'Address',
  birthday: 'Birthday',
  language: 'Language',
  consent: 'Consent',
  consentSms: 'SMS',
  consentEmail: 'E-mail',
  consentWord: (c: Consent) => (c.given === null ? 'never asked' : c.given ? 'yes' : 'no'),
  consentSince: (at: string) => `since ${at}`,
  persons: 'Contact persons',
  campaign: 'Source',
  campaignField: 'Source campaign',
  noCampaign: 'none',
  addPhone: '+ Number',
  addEmail: '+ E-mail',
  removePhone: (n: string) => `Remove number ${n}`,
  removeEmail: (a: string) => `Remove address ${a}`,
  notes: 'Notes',
  primary: 'primary',
  unverified: 'not a verified number',
  created: (at: string, by: string | null) => `created ${at}${by ? ` by ${by}` : ''}`,
  updated: (at: string, by: string | null) => `changed ${at}${by ? ` by ${by}` : ''}`,
  never: 'never asked',
  yes: 'yes',
  no: 'no',
  save: 'Save',
  cancel: 'Cancel',
  saving: 'Saving…',
  enterHint: 'Enter saves · Esc closes',
  nothing: 'No contact data yet.'
}

const textFields: readonly TextField[] = ['displayName', 'honorific', 'givenName', 'familyName', 'company', 'birthday', 'language', 'address', 'city', 'notes']

/**
 * A customer's contact data (numbers with their kind, e-mails, address,
 * birthday, language, consent, contact persons, source, notes), the form
 * that edits the main fields and the source campaign (only the fields that
 * changed are sent; an emptied field is cleared), and the forms that add or
 * remove a number or an address (a duplicate is named, with "save anyway").
 * Numbers and addresses are isolated
 * left-to-right runs, so they read right in a right-to-left page.
 * Presentational: the root sends what it asks for.
 *
 * @fires ringcard-customer-action - {@link CustomerActionEvent}: `patch` (form `fields`), `add-phone` (form `phone`),
 *   `add-email` (form `email`), `remove-phone` (form `phones`), `remove-email` (form `emails`).
 *
 * @csspart contact-data - the section
 * @csspart fields-form - the edit form
 *
 * @cssprop --ringcard-accent - accent colour
 * @cssprop --ringcard-fg - text colour
 * @cssprop --ringcard-bg - background colour
 */
@customElement('ringcard-customer-fields')
export class RingcardCustomerFields extends LitElement {
  static override styles = [theme, fileStyles, contactFormStyles, css`
    .kind { color: var(--_muted); font-size: 12px; }
    .primary-mark { font-size: 11px; color: var(--_ok); font-weight: 600; }
    dd ul li + li { margin-block-start: 1px; }
    .notes { white-space: pre-wrap; }
    .meta { margin-block-start: 4px; }
  `]

  @property({ type: Number }) customerId = 0
  /** The whole file; null while loading. */
  @property({ attribute: false }) file: CustomerRecord | null = null
  @property({ attribute: false }) status: Readonly<Record<string, SaveState>> = {}
  /** Every campaign, offered as the file's source; null while loading. */
  @property({ attribute: false }) campaigns: readonly Campaign[] | null = null

  private readonly forms = new FormSwitch(this)

  constructor () {
    super()
    this.addEventListener('keydown', (e) => this.forms.onKeydown(e))
  }

  get dirty (): boolean {
    return this.forms.open !== null
  }

  openEditor (): void {
    this.forms.show('fields')
  }

  protected override updated (changed: PropertyValues<this>): void {
    const before = changed.get('status')
    if (!before) return
    for (const name of ['fields', 'phone', 'email']) {
      if (!justSaved(before[name], this.status[name])) continue
      this.renderRoot.querySelector<HTMLFormElement>(`form[data-form="${name}"]`)?.reset()
      if (this.forms.open === name) this.forms.hide()
    }
  }

  override render (): TemplateResult | typeof nothing {
    const file = this.file
    if (!file) return nothing
    return html`
      <section class="part" part="contact-data" aria-label=${t.heading}>
        <div class="part-head">
          <h3>${t.heading}</h3>
          <button data-opens="fields" aria-expanded=${this.forms.isOpen('fields')} @click=${() => this.forms.toggle('fields')}>
            ${t.edit} <kbd>e</kbd></button>
          <button data-opens="phone" aria-expanded=${this.forms.isOpen('phone')} @click=${() => this.forms.toggle('phone')}>${t.addPhone}</button>
          <button data-opens="email" aria-expanded=${this.forms.isOpen('email')} @click=${() => this.forms.toggle('email')}>${t.addEmail}</button>
        </div>
        ${this.renderForm(file)}
        ${renderPhoneForm({ open: this.forms.isOpen('phone'), status: this.status.phone, submit: (body) => this.act({ kind: 'add-phone', form: 'phone', body: body as NewPhoneBody }), cancel: () => this.forms.hide() })}
        ${renderEmailForm({ open: this.forms.isOpen('email'), status: this.status.email, submit: (body) => this.act({ kind: 'add-email', form: 'email', body: body as NewEmailBody }), cancel: () => this.forms.hide() })}
        ${this.renderFacts(file)}
        <p class="meta small muted">${t.created(formatDateTime(file.createdAt), file.createdBy?.displayName ?? null)}
          · ${t.updated(formatDateTime(file.updatedAt), file.updatedBy?.displayName ?? null)}</p>
      </section>
    `
  }

  private renderFacts (file: CustomerRecord): TemplateResult {
    const address = [file.address, file.city].filter((s): s is string => Boolean(s)).join(', ')
    return html`
      <dl class="facts">
        ${file.phones.length > 0 ? html`<dt>${t.phones}</dt><dd><ul>${file.phones.map((p) => html`
          <li data-phone=${p.id}>${this.number(p.raw, p.e164)} <span class="kind">${p.kind}</span>
            ${p.primary ? html`<span class="primary-mark">★ ${t.primary}</span>` : nothing}
            ${p.e164 === null ? html`<span class="kind">(${t.unverified})</span>` : nothing}
            <button class="remove" aria-label=${t.removePhone(p.raw)} title=${t.removePhone(p.raw)} ?disabled=${isSaving(this.status.phones)}
              @click=${() => this.act({ kind: 'remove-phone', form: 'phones', phoneId: p.id })}>×</button></li>`)}</ul>
          ${statusLine(this.status.phones, { saving: t.saving })}</dd>` : nothing}
        ${file.emails.length > 0 ? html`<dt>${t.emails}</dt><dd><ul>${file.emails.map((e) => html`
          <li data-email=${e.id}><a href=${ifDefined(mailtoHref(e.address))}><bdi dir="ltr">${e.address}</bdi></a>
            ${e.primary && file.emails.length > 1 ? html`<span class="primary-mark">★ ${t.primary}</span>` : nothing}
            <button class="remove" aria-label=${t.removeEmail(e.address)} title=${t.removeEmail(e.address)} ?disabled=${isSaving(this.status.emails)}
              @click=${() => this.act({ kind: 'remove-email', form: 'emails', emailId: e.id })}>×</button></li>`)}</ul>
          ${statusLine(this.status.emails, { saving: t.saving })}</dd>` : nothing}
        ${address ? html`<dt>${t.address}</dt><dd><bdi>${address}</bdi></dd>` : nothing}
        ${file.birthday ? html`<dt>${t.birthday}</dt><dd class="num">${formatDate(file.birthday)}</dd>` : nothing}
        ${file.language ? html`<dt>${t.language}</dt><dd><bdi>${file.language}</bdi></dd>` : nothing}
        <dt>${t.consent}</dt>
        <dd>${t.consentSms}: ${this.consent(file.consent.sms)} · ${t.consentEmail}: ${this.consent(file.consent.email)}</dd>
        ${file.contactPersons.length > 0 ? html`<dt>${t.persons}</dt><dd><ul>${file.contactPersons.map((c) => html`
          <li><strong dir="auto">${c.name}</strong>${c.role ? html` <span class="kind">${c.role}</span>` : nothing}
            ${c.phones.map((p) => html` ${this.number(p.raw, p.e164)}`)}</li>`)}</ul></dd>` : nothing}
        ${file.campaign ? html`<dt>${t.campaign}</dt><dd data-campaign=${file.campaign.id}>${file.campaign.name}${file.campaign.channel ? html` <span class="kind">${file.campaign.channel}</span>` : nothing}</dd>` : nothing}
        ${file.notes ? html`<dt>${t.notes}</dt><dd class="notes" dir="auto">${file.notes}</dd>` : nothing}
      </dl>
    `
  }

  private number (raw: string, e164: string | null): TemplateResult {
    const href = telHref(e164)
    // Western digits in a left-to-right run, as Iranian phone software shows numbers; the link dials the E.164 form.
    const shown = html`<bdi dir="ltr" class="num">${foldDigits(raw)}</bdi>`
    return href ? html`<a href=${href}>${shown}</a>` : shown
  }

  private consent (c: Consent): TemplateResult {
    return html`<span class=${c.given === true ? 'mark-ok' : c.given === false ? 'mark-bad' : 'muted'}>${t.consentWord(c)}</span>${c.at ? html` <span class="kind">${t.consentSince(formatDate(c.at))}</span>` : nothing}`
  }

  private renderForm (file: CustomerRecord): TemplateResult {
    const value = (f: TextField): string => file[f] ?? ''
    return html`
      <form class="inline" part="fields-form" data-form="fields" ?hidden=${!this.forms.isOpen('fields')} aria-label=${t.edit}
        @submit=${this.submit} @keydown=${enterSubmits}>
        ${textFields.filter((f) => f !== 'notes').map((f) => html`
          <label class=${f === 'displayName' || f === 'address' ? 'wide' : ''}>${t.fields[f]}
            <input name=${f} .defaultValue=${value(f)} type=${f === 'birthday' ? 'date' : 'text'} autocomplete="off"
              ?required=${f === 'displayName'} ?data-first=${f === 'displayName'}></label>`)}
        ${this.campaignSelect(file)}
        ${this.consentSelect('consentSms', t.consentSms, file.consent.sms)}
        ${this.consentSelect('consentEmail', t.consentEmail, file.consent.email)}
        <label class="wide">${t.fields.notes}<textarea name="notes" rows="2" maxlength="4000" .defaultValue=${value('notes')}></textarea></label>
        ${statusLine(this.status.fields, { saving: t.saving })}
        <div class="form-actions">
          <button class="primary" type="submit" ?disabled=${isSaving(this.status.fields)}>${t.save} <kbd>Enter</kbd></button>
          <button type="button" @click=${() => this.forms.hide()}>${t.cancel}</button>
          <span class="small muted">${t.enterHint}</span>
        </div>
      </form>
    `
  }

  /** The campaign that brought the customer, or none; the file's own is offered even before the list is in. */
  private campaignSelect (file: CustomerRecord): TemplateResult {
    const current = file.campaign?.id ?? null
    const listed = this.campaigns ?? (file.campaign ? [file.campaign] : [])
    return html`<label>${t.campaignField}
      <select name="campaignId">
        <option value="" ?selected=${current === null}>${t.noCampaign}</option>
        ${listed.map((c) => html`<option value=${String(c.id)} ?selected=${c.id === current}>${c.name}</option>`)}
      </select></label>`
  }

  private act (action: CustomerActionEvent['action']): void {
    if (this.customerId !== 0) this.dispatchEvent(new CustomerActionEvent(this.customerId, action))
  }

  private consentSelect (name: string, label: string, c: Consent): TemplateResult {
    return html`<label>${t.consent}: ${label}
      <select name=${name}>
        <option value="" ?selected=${c.given === null}>${t.never}</option>
        <option value="yes" ?selected=${c.given === true}>${t.yes}</option>
        <option value="no" ?selected=${c.given === false}>${t.no}</option>
      </select></label>`
  }

  private submit (event: SubmitEvent): void {
    event.preventDefault()
    const file = this.file
    if (!file || isSaving(this.status.fields)) return
    const form = event.currentTarget as HTMLFormElement
    const patch: Record<string, unknown> = {}
    for (const f of textFields) {
      const typed = fieldText(form, f)
      if (typed === (file[f] ?? '')) continue
      if (f === 'displayName' && !typed) continue
      patch[f] = typed === '' ? null : typed
    }
    const consent: Record<string, boolean | null> = {}
    for (const [name, key] of [['consentSms', 'sms'], ['consentEmail', 'email']] as const) {
      const typed = fieldText(form, name)
      const given = typed === '' ? null : typed === 'yes'
      if (given !== file.consent[key].given) consent[key] = given
    }
    if (Object.keys(consent).length > 0) patch.consent = consent
    const campaign = fieldText(form, 'campaignId')
    const campaignId = campaign ? Number(campaign) : null
    if (campaignId !== (file.campaign?.id ?? null)) patch.campaignId = campaignId
    if (Object.keys(patch).length === 0) {
      this.forms.hide()
      return
    }
    this.dispatchEvent(new CustomerActionEvent(this.customerId, { kind: 'patch', form: 'fields', patch: patch as CustomerPatch }))
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ringcard-customer-fields': RingcardCustomerFields
  }
}
