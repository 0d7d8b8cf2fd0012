import { css, html, type nothing, type TemplateResult } from 'lit'
import type { NewEmailBody, NewPhoneBody } from '../../agent/contracts/customers.js'
import { foldDigits } from './digits.js'
import { fieldChecked, fieldText, isSaving, statusLine } from './file-form.js'
import type { SaveState } from './save-state.js'

/*
 * The forms of `<ringcard-customer-fields>` that add a phone number or an
 * e-mail address, and the warning the agent gives when another customer
 * already has it (`409 RC_ERR_CUSTOMER_DUPLICATE`, naming those files), with
 * "save anyway" (the same body with `force: true`). Templates only; the
 * element owns which form is open and sends the actions.
 */

type PhoneKind = NonNullable<NewPhoneBody['kind']>

/** Every word these forms show, in one place (for translation). */
const t = {
  addPhone: 'Add number',
  number: 'Number (any format)',
  kind: 'Kind',
  kinds: { mobile: 'mobile', landline: 'landline', work: 'work', home: 'home', other: 'other' } satisfies Record<PhoneKind, string>,
  country: 'Country (e.g. DE; empty: the default)',
  makePrimary: 'Make it the primary number',
  addEmail: 'Add e-mail',
  address: 'E-mail address',
  makePrimaryEmail: 'Make it the primary address',
  save: 'Add',
  cancel: 'Cancel',
  saving: 'Saving…',
  enterHint: 'Enter saves · Esc closes',
  duplicate: (field: 'phone' | 'email') => field === 'phone' ? 'Another customer already has this number:' : 'Another customer already has this address:',
  file: (name: string) => name,
  fileNo: (id: number) => `#${id}`,
  saveAnyway: 'Save anyway'
}

const KINDS = Object.keys(t.kinds) as PhoneKind[]
const DUPLICATE = 'RC_ERR_CUSTOMER_DUPLICATE'

/** The duplicate warning, naming each other file, with "save anyway"; else the usual status line. */
function saveStatus (state: SaveState | undefined, field: 'phone' | 'email', saveAnyway: (event: Event) => void): TemplateResult | typeof nothing {
  if (state?.state !== 'error' || state.code !== DUPLICATE || !state.duplicates?.length) return statusLine(state, { saving: t.saving })
  return html`
    <div class="duplicate wide" role="alert">
      <p>${t.duplicate(field)}</p>
      <ul>${state.duplicates.map((d) => html`
        <li data-duplicate=${d.customerId}><strong dir="auto">${t.file(d.displayName)}</strong> <bdi dir="ltr" class="num muted">${t.fileNo(d.customerId)}</bdi></li>`)}
      </ul>
      <button type="button" class="save-anyway" @click=${saveAnyway}>${t.saveAnyway}</button>
    </div>`
}

export interface ContactFormInput {
  readonly open: boolean
  readonly status: SaveState | undefined
  readonly submit: (body: NewPhoneBody | NewEmailBody) => void
  readonly cancel: () => void
}

/** The number as typed (the agent reads every format), its kind, an optional country, and "primary". */
export function renderPhoneForm (i: ContactFormInput): TemplateResult {
  const body = (form: HTMLFormElement, force: boolean): NewPhoneBody => {
    const country = foldDigits(fieldText(form, 'country')).toUpperCase()
    return {
      number: fieldText(form, 'number'),
      kind: fieldText(form, 'kind') as PhoneKind,
      ...(country ? { country } : {}),
      ...(fieldChecked(form, 'primary') ? { primary: true } : {}),
      ...(force ? { force: true } : {})
    }
  }
  const submit = (event: SubmitEvent): void => {
    event.preventDefault()
    if (!isSaving(i.status)) i.submit(body(event.currentTarget as HTMLFormElement, false))
  }
  const anyway = (event: Event): void => {
    const form = (event.currentTarget as HTMLElement).closest('form')
    if (form && !isSaving(i.status)) i.submit(body(form, true))
  }
  const invalid = i.status?.state === 'error' && i.status.code !== DUPLICATE
  return html`
    <form class="inline" data-form="phone" ?hidden=${!i.open} aria-label=${t.addPhone} @submit=${submit}>
      <label>${t.number}<input name="number" required maxlength="64" autocomplete="off" dir="ltr" inputmode="tel" data-first
        aria-invalid=${invalid ? 'true' : 'false'}></label>
      <label>${t.kind}
        <select name="kind">${KINDS.map((k) => html`<option value=${k} ?selected=${k === 'mobile'}>${t.kinds[k]}</option>`)}</select></label>
      ${saveStatus(i.status, 'phone', anyway)}
      <label>${t.country}<input name="country" maxlength="2" autocomplete="off" dir="ltr" pattern="[A-Za-z]{2}"></label>
      <label class="check"><input type="checkbox" name="primary"> ${t.makePrimary}</label>
      <div class="form-actions">
        <button class="primary" type="submit" ?disabled=${isSaving(i.status)}>${t.save} <kbd>Enter</kbd></button>
        <button type="button" @click=${i.cancel}>${t.cancel}</button>
        <span class="small muted">${t.enterHint}</span>
      </div>
    </form>
  `
}

/** An e-mail address and "primary". */
export function renderEmailForm (i: ContactFormInput): TemplateResult {
  const body = (form: HTMLFormElement, force: boolean): NewEmailBody => ({
    address: fieldText(form, 'address'),
    ...(fieldChecked(form, 'primary') ? { primary: true } : {}),
    ...(force ? { force: true } : {})
  })
  const submit = (event: SubmitEvent): void => {
    event.preventDefault()
    if (!isSaving(i.status)) i.submit(body(event.currentTarget as HTMLFormElement, false))
  }
  const anyway = (event: Event): void => {
    const form = (event.currentTarget as HTMLElement).closest('form')
    if (form && !isSaving(i.status)) i.submit(body(form, true))
  }
  return html`
    <form class="inline" data-form="email" ?hidden=${!i.open} aria-label=${t.addEmail} @submit=${submit}>
      <label class="wide">${t.address}<input name="address" type="email" required maxlength="254" autocomplete="off" dir="ltr" data-first></label>
      ${saveStatus(i.status, 'email', anyway)}
      <label class="check wide"><input type="checkbox" name="primary"> ${t.makePrimaryEmail}</label>
      <div class="form-actions">
        <button class="primary" type="submit" ?disabled=${isSaving(i.status)}>${t.save} <kbd>Enter</kbd></button>
        <button type="button" @click=${i.cancel}>${t.cancel}</button>
        <span class="small muted">${t.enterHint}</span>
      </div>
    </form>
  `
}

export const contactFormStyles = css`
  .duplicate {
    grid-column: 1 / -1; padding: 6px 8px; border: 1px solid var(--_bad); border-radius: var(--_radius);
    font-size: 12px; background: var(--_bg);
  }
  .duplicate p, .duplicate ul { margin: 0 0 4px; }
  .remove { border: 0; background: transparent; color: var(--_muted); padding: 0 4px; font-size: 13px; line-height: 1.2; }
  .remove:hover, .remove:focus-visible { color: var(--_bad); }
`
