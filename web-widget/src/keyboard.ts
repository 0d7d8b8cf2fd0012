/*
 * Keyboard rules shared by the chooser and the wrap-up form: single-key
 * shortcuts (1–9, r) act only when the operator is not typing, so a digit typed
 * into a note or a host-page field always stays text.
 */

/** True when `target` takes typed characters (so shortcuts must leave it alone). */
export function isTextEntry (target: EventTarget | null | undefined): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type)
  }
  return false
}

/** The element the keystroke was really aimed at, even across shadow roots. */
export function keyTarget (event: Event): EventTarget | undefined {
  return event.composedPath()[0]
}

/** 1–9 for an unmodified digit key press, otherwise null. */
export function digitOf (event: KeyboardEvent): number | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null
  return /^[1-9]$/.test(event.key) ? Number(event.key) : null
}

/** The focused element, looking inside open shadow roots. */
export function deepActiveElement (): Element | null {
  let active = document.activeElement
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement
  return active
}

/**
 * A new pop may grab focus only when the operator is not typing somewhere,
 * in the host page or in another of our forms.
 */
export function mayTakeFocus (): boolean {
  return !isTextEntry(deepActiveElement())
}
