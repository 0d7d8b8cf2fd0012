import { html, nothing, type ReactiveController, type ReactiveElement, type TemplateResult } from 'lit'
import type { SaveState } from './save-state.js'

/*
 * What the small forms of the customer file have in common: one form open at
 * a time per element, opened by a button and closed by Escape (focus goes
 * back to that button), Enter submits (Shift+Enter is a new line in a note),
 * and a failed save keeps every typed character and says why, in place.
 * Forms stay in the DOM while hidden, so a draft survives closing one.
 */

/** Which inline form of an element is open; moves focus into it and back. */
export class FormSwitch implements ReactiveController {
  #open: string | null = null

  constructor (private readonly host: ReactiveElement & { readonly renderRoot: HTMLElement | DocumentFragment }) {
    host.addController(this)
  }

  hostConnected (): void { /* nothing to start */ }

  get open (): string | null {
    return this.#open
  }

  isOpen (name: string): boolean {
    return this.#open === name
  }

  /** Opens `name` (closing any other) and focuses its first field. */
  show (name: string): void {
    this.#open = name
    this.host.requestUpdate()
    void this.host.updateComplete.then(() => {
      const root = this.host.renderRoot
      // A form, or a group of forms shown together (`data-form-root`); its first field that takes input.
      const form = root.querySelector(`[data-form-root="${name}"]`) ?? root.querySelector(`form[data-form="${name}"]`)
      const enabled = ':not(:disabled):not([type=hidden])'
      ;(form?.querySelector<HTMLElement>(`[data-first]${enabled}`) ?? form?.querySelector<HTMLElement>(`input${enabled}, select${enabled}, textarea${enabled}`))?.focus()
    })
  }

  toggle (name: string): void {
    if (this.#open === name) this.hide()
    else this.show(name)
  }

  /** Closes the open form and gives focus back to the button that opened it. */
  hide (): void {
    const name = this.#open
    this.#open = null
    this.host.requestUpdate()
    if (name === null) return
    void this.host.updateComplete.then(() => {
      // The opener may be gone (a resolved issue moves away): then the element's first opener.
      const root = this.host.renderRoot
      ;(root.querySelector<HTMLElement>(`[data-opens="${name}"]`) ?? root.querySelector<HTMLElement>('[data-opens]'))?.focus()
    })
  }

  /**
   * Escape inside an open form closes it. Marks the event handled, so the
   * file around it stays open (every Escape handler checks `defaultPrevented`).
   */
  onKeydown (event: KeyboardEvent): void {
    if (event.key !== 'Escape' || event.defaultPrevented || this.#open === null) return
    event.preventDefault()
    this.hide()
  }
}

/** The trimmed text of a form field, '' when absent. */
export function fieldText (form: HTMLFormElement, name: string): string {
  const field = form.elements.namedItem(name)
  return field instanceof HTMLInputElement || field instanceof HTMLSelectElement || field instanceof HTMLTextAreaElement
    ? field.value.trim()
    : ''
}

export function fieldChecked (form: HTMLFormElement, name: string): boolean {
  const field = form.elements.namedItem(name)
  return field instanceof HTMLInputElement && field.checked
}

/** In a textarea, Enter submits the form and Shift+Enter starts a new line. */
export function enterSubmits (event: KeyboardEvent): void {
  if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return
  const target = event.target
  if (!(target instanceof HTMLTextAreaElement)) return
  event.preventDefault()
  target.form?.requestSubmit()
}

/**
 * On a select, Enter submits the form (browsers submit only from text
 * fields): for forms whose choice is the whole answer (the owner, the tier).
 */
export function enterSubmitsFromSelect (event: KeyboardEvent): void {
  if (event.key !== 'Enter' || event.isComposing || !(event.target instanceof HTMLSelectElement)) return
  event.preventDefault()
  event.target.form?.requestSubmit()
}

/** True when a request just finished well: the form can be emptied and closed. */
export function justSaved (before: SaveState | undefined, now: SaveState | undefined): boolean {
  return before?.state === 'saving' && now?.state === 'saved'
}

export interface StatusWords {
  readonly saving: string
  readonly saved?: string
}

/** "Saving…", or the agent's message and code right under the form; nothing when idle. */
export function statusLine (state: SaveState | undefined, words: StatusWords): TemplateResult | typeof nothing {
  switch (state?.state) {
    case 'saving': return html`<p class="status small muted" role="status">${words.saving}</p>`
    case 'saved': return words.saved ? html`<p class="status small ok" role="status">${words.saved}</p>` : nothing
    case 'error': return html`<p class="err small" role="alert">${state.message} <bdi class="code">(${state.code})</bdi></p>`
    default: return nothing
  }
}

export const isSaving = (state: SaveState | undefined): boolean => state?.state === 'saving'
