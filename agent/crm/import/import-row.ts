/**
 * One CSV row of a customer import, read into what the store writes, or the
 * one reason it cannot be (a bad phone, a missing name, an unknown owner, a
 * bad date …), for the import's report. No I/O: owners and tiers are looked
 * up through the context.
 */
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js'
import { isValidJalaaliDate, toGregorian } from 'jalaali-js'
import type { NewFilePhone } from '../../model/customer-file.js'
import type { Stage } from '../../model/customer.js'
import { foldDigits } from '../customers/phone-digits.js'
import { normalizePhone } from '../customers/phone-number.js'
import { emailKey } from '../customers/customer-parts-repo.js'
import { foldSearchText } from '../customers/search-text.js'
import type { ColumnPlan, ImportField } from './import-columns.js'

/** A row that can be written: every field as stored; null means "not in this row" (an update leaves it alone). */
export interface ImportRecord {
  /** Line of the CSV file the row starts on (the header is line 1). */
  readonly line: number
  readonly externalId: string | null
  readonly displayName: string
  readonly honorific: string | null
  readonly givenName: string | null
  readonly familyName: string | null
  readonly company: string | null
  /** Unique by E.164; the first is the primary number. */
  readonly phones: readonly NewFilePhone[]
  /** Unique by lower-case form; the first is the primary address. */
  readonly emails: readonly string[]
  /** Group names, unique ignoring case. */
  readonly groups: readonly string[]
  readonly ownerId: number | null
  readonly stage: Stage | null
  /** A configured tier name, as configured. */
  readonly tier: string | null
  readonly campaign: string | null
  /** YYYY-MM-DD (Gregorian; a Jalali date is converted). */
  readonly birthday: string | null
  readonly language: string | null
  readonly address: string | null
  readonly city: string | null
  readonly notes: string | null
}

/** What reading a row needs to know beyond the row. */
export interface RowContext {
  /** The country of numbers whose row and column name none. */
  readonly defaultCountry: CountryCode
  /** The id of the operator (who may own customers) with this login, any case; null when there is none. */
  readonly ownerIdOf: (login: string) => number | null
  /** The configured tier this name means (any case), or null. */
  readonly tierNamed: (name: string) => string | null
  /** The configured tier names, for the report's "the tiers are …". */
  readonly tierNames: readonly string[]
  /** Today (YYYY-MM-DD): a birthday after it is a bad date. */
  readonly today: string
}

/** The row, read; or why not. */
export type RowReading =
  | { readonly ok: true; readonly record: ImportRecord }
  | { readonly ok: false; readonly reason: string }

/** Longest text per field, as the REST contract allows. */
const MAX_LENGTH: Readonly<Partial<Record<ImportField, number>>> = {
  external_id: 100, display_name: 200, honorific: 40, given_name: 120, family_name: 120, company: 200,
  campaign: 120, address: 400, city: 120, notes: 4000
}
const MAX_GROUP_NAME = 60

/** Stage names as people write them (folded), English, German and Persian. */
const STAGES: ReadonlyMap<string, Stage> = new Map(([
  ['lead', 'lead'], ['prospect', 'prospect'], ['customer', 'customer'], ['inactive', 'inactive'],
  ['interessent', 'prospect'], ['kunde', 'customer'], ['inaktiv', 'inactive'],
  ['سرنخ', 'lead'], ['مشتری بالقوه', 'prospect'], ['مشتری', 'customer'], ['غیرفعال', 'inactive']
] as const).map(([name, stage]) => [foldSearchText(name).replace(/\s+/g, ' '), stage]))

/** Language names people write instead of a code. */
const LANGUAGES: ReadonlyMap<string, string> = new Map(Object.entries({
  english: 'en', englisch: 'en', german: 'de', deutsch: 'de', persian: 'fa', farsi: 'fa', فارسی: 'fa', arabic: 'ar', arabisch: 'ar', عربی: 'ar',
  french: 'fr', französisch: 'fr', italian: 'it', italienisch: 'it', spanish: 'es', spanisch: 'es', turkish: 'tr', türkisch: 'tr', ترکی: 'tr'
}).map(([name, code]) => [foldSearchText(name), code]))

const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/
const EMAIL = /^[^\s@\u0000]+@[^\s@\u0000]+$/
/** Excel runs a cell starting with one of these as a formula, so exports guard them with a leading `'`; imports drop it. */
const GUARDED = /^'(?=[=+\-@\t\r])/

/** A cell as imported: formula guard dropped, NUL removed (PostgreSQL cannot store it), trimmed. */
export function cellText (cell: string | undefined): string {
  return (cell ?? '').replace(GUARDED, '').replace(/\u0000/g, '').trim()
}

/** Reads one row. `cells` as parsed, `line` where it starts. */
export function readRow (cells: readonly string[], line: number, plan: ColumnPlan, ctx: RowContext): RowReading {
  const problems: string[] = []
  const cell = (field: ImportField): string => {
    const index = plan.fields[field]
    return index === undefined ? '' : cellText(cells[index])
  }
  const text = (field: ImportField): string | null => {
    const value = cell(field)
    if (value === '') return null
    const max = MAX_LENGTH[field]
    if (max !== undefined && value.length > max) problems.push(`${field} is longer than ${max} characters`)
    return value
  }

  const givenName = text('given_name')
  const familyName = text('family_name')
  const company = text('company')
  const displayName = text('display_name') ?? ([givenName, familyName].filter(n => n !== null).join(' ') || company)
  if (displayName === null) return { ok: false, reason: 'missing name' }

  const record: ImportRecord = {
    line,
    externalId: text('external_id'),
    displayName,
    honorific: text('honorific'),
    givenName,
    familyName,
    company,
    phones: readPhones(cells, plan, ctx, problems),
    emails: readEmails(cell('email'), problems),
    groups: readGroups(cell('groups'), problems),
    ownerId: readOwner(cell('owner'), ctx, problems),
    stage: readStage(cell('stage'), problems),
    tier: readTier(cell('tier'), ctx, problems),
    campaign: text('campaign'),
    birthday: readBirthday(cell('birthday'), ctx.today, problems),
    language: readLanguage(cell('language'), problems),
    address: text('address'),
    city: text('city'),
    notes: text('notes')
  }
  return problems.length > 0 ? { ok: false, reason: problems.join('; ') } : { ok: true, record }
}

function readPhones (cells: readonly string[], plan: ColumnPlan, ctx: RowContext, problems: string[]): NewFilePhone[] {
  const rowCountryIndex = plan.fields.country
  const rowCountry = rowCountryIndex === undefined ? '' : cellText(cells[rowCountryIndex]).toUpperCase()
  const phones: NewFilePhone[] = []
  for (const column of plan.phones) {
    const items = cellText(cells[column.index]).split(/[;,|\n]/).map(s => s.trim()).filter(s => s !== '')
    if (items.length === 0) continue
    const own = column.countryIndex === null ? '' : cellText(cells[column.countryIndex]).toUpperCase()
    const country = own || rowCountry || null
    if (country !== null && !isSupportedCountry(country)) {
      problems.push(`country "${country}" is not an ISO 3166 code of a country with phone numbers`)
      continue
    }
    for (const raw of items) {
      const read = normalizePhone(raw, (country ?? ctx.defaultCountry) as CountryCode)
      if (read.kind === 'number' || read.kind === 'implausible') {
        const e164 = read.kind === 'number' ? read.e164 : null
        if (e164 !== null && phones.some(p => p.e164 === e164)) continue
        phones.push({ raw, e164, kind: column.kind, country, primary: phones.length === 0 })
      } else {
        problems.push(`bad phone "${raw}"`)
      }
    }
  }
  return phones
}

function readEmails (value: string, problems: string[]): string[] {
  const out: string[] = []
  for (const address of value.split(/[;,\s]+/).filter(a => a !== '')) {
    if (address.length > 254 || !EMAIL.test(address)) problems.push(`bad e-mail "${address}"`)
    else if (!out.some(a => emailKey(a) === emailKey(address))) out.push(address)
  }
  return out
}

function readGroups (value: string, problems: string[]): string[] {
  const out: string[] = []
  for (const name of value.split(/[;|]/).map(n => n.trim()).filter(n => n !== '')) {
    if (name.length > MAX_GROUP_NAME) problems.push(`group "${name}" is longer than ${MAX_GROUP_NAME} characters`)
    else if (!out.some(g => g.toLowerCase() === name.toLowerCase())) out.push(name)
  }
  return out
}

function readOwner (login: string, ctx: RowContext, problems: string[]): number | null {
  if (login === '') return null
  const id = ctx.ownerIdOf(login)
  if (id === null) problems.push(`unknown owner "${login}"`)
  return id
}

function readStage (value: string, problems: string[]): Stage | null {
  if (value === '') return null
  const stage = STAGES.get(foldSearchText(value).replace(/\s+/g, ' '))
  if (stage === undefined) problems.push(`unknown stage "${value}"; stages are lead, prospect, customer, inactive`)
  return stage ?? null
}

function readTier (value: string, ctx: RowContext, problems: string[]): string | null {
  if (value === '') return null
  const tier = ctx.tierNamed(value)
  if (tier === null) problems.push(`unknown tier "${value}"; the tiers are ${ctx.tierNames.join(', ')}`)
  return tier
}

function readLanguage (value: string, problems: string[]): string | null {
  if (value === '') return null
  if (LANGUAGE_TAG.test(value) && value.length <= 35) return value
  const code = LANGUAGES.get(foldSearchText(value))
  if (code === undefined) problems.push(`unknown language "${value}"; use a code such as de, fa, en-GB`)
  return code ?? null
}

/**
 * A birthday as YYYY-MM-DD. Reads `1984-03-12`, `1984/03/12`, `12.03.1984`
 * and Jalali dates (a year before 1700: `۱۳۶۳/۰۱/۱۵`), in any digits.
 * Ambiguous forms (`03/12/1984`) and days that do not exist are bad dates.
 */
export function readBirthday (value: string, today: string, problems: string[]): string | null {
  if (value === '') return null
  const plain = foldDigits(value).trim()
  let parts: [number, number, number] | null = null
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(plain)
  if (m !== null) parts = [Number(m[1]), Number(m[2]), Number(m[3])]
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(plain)
  if (m !== null) parts = [Number(m[3]), Number(m[2]), Number(m[1])]
  if (parts !== null && parts[0] < 1700) {
    const [jy, jm, jd] = parts
    if (!isValidJalaaliDate(jy, jm, jd)) parts = null
    else {
      const { gy, gm, gd } = toGregorian(jy, jm, jd)
      parts = [gy, gm, gd]
    }
  }
  const day = parts === null ? null : realDay(...parts)
  if (day === null || day > today) {
    problems.push(`bad date "${value}"; write YYYY-MM-DD`)
    return null
  }
  return day
}

/** YYYY-MM-DD when the day exists (from 1900 on), else null. */
function realDay (y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d))
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null
  return date.toISOString().slice(0, 10)
}
