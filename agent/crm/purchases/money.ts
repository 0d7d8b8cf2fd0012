/**
 * Amounts of money as whole minor units of a currency (cents, or whole yen),
 * converted from and to the decimal text people type and read. How many
 * minor digits a currency has is what `Intl` (CLDR) says: 2 for EUR, 0 for
 * JPY and IRR, 3 for KWD.
 */

const digitsCache = new Map<string, number>()
let known: ReadonlySet<string> | undefined

/** True for an ISO 4217 code `Intl` knows (upper case). */
export function isCurrency (code: string): boolean {
  known ??= new Set(Intl.supportedValuesOf('currency'))
  return known.has(code)
}

/** How many minor digits `currency` has. */
export function currencyDigits (currency: string): number {
  let digits = digitsCache.get(currency)
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
    digitsCache.set(currency, digits)
  }
  return digits
}

const DECIMAL = /^(\d{1,15})(?:\.(\d+))?$/

/**
 * Whole minor units of a decimal amount (`"1249.99"` EUR → 124999), or null
 * when the text is not a plain non-negative decimal, has more decimals than
 * the currency, or does not fit a safe integer.
 */
export function toMinorUnits (amount: string, currency: string): number | null {
  const m = DECIMAL.exec(amount.trim())
  if (m === null) return null
  const digits = currencyDigits(currency)
  const fraction = (m[2] ?? '').replace(/0+$/, '')
  if (fraction.length > digits) return null
  const minor = Number(m[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0')
  return Number.isSafeInteger(minor) ? minor : null
}

/** The decimal text of an amount in minor units: 124999 EUR → `"1249.99"`, 1500 JPY → `"1500"`. */
export function fromMinorUnits (minor: number, currency: string): string {
  const digits = currencyDigits(currency)
  if (digits === 0) return String(minor)
  const text = String(Math.abs(minor)).padStart(digits + 1, '0')
  return `${minor < 0 ? '-' : ''}${text.slice(0, -digits)}.${text.slice(-digits)}`
}

/**
 * An amount for people: `€12,400` (whole units, as a summary), or with its
 * cents when `exact`. `locale` is a BCP 47 tag.
 */
export function formatMoney (minor: number, currency: string, locale: string, exact = false): string {
  const digits = currencyDigits(currency)
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: exact ? digits : 0,
    maximumFractionDigits: exact ? digits : 0
  }).format(minor / 10 ** digits)
}
