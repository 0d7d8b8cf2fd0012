/**
 * Every URL the widget binds (`href`) goes through here: Lit escapes text but
 * does not check URLs, and customer data (an e-mail address, a number) is
 * not trusted. Only these schemes pass; anything else binds nothing.
 */
const allowed = new Set(['http:', 'https:', 'tel:', 'mailto:'])

/** `url` when its scheme is http(s), tel or mailto; otherwise undefined (use with `ifDefined`). */
export function safeHref (url: string): string | undefined {
  try {
    return allowed.has(new URL(url).protocol) ? url : undefined
  } catch {
    return undefined
  }
}

/** A `tel:` link for an E.164 number (`+` and digits only), else undefined. */
export function telHref (e164: string | null): string | undefined {
  return e164 !== null && /^\+[1-9]\d{3,14}$/.test(e164) ? safeHref(`tel:${e164}`) : undefined
}

/** A `mailto:` link for a plain address, else undefined. */
export function mailtoHref (address: string): string | undefined {
  return /^[^\s@?#/:]+@[^\s@?#/:]+$/.test(address) ? safeHref(`mailto:${address}`) : undefined
}
