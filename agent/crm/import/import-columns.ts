/**
 * Which CSV column holds which customer field: by header name (English,
 * German and Persian aliases, any case, spaces, `_`, `-` and `.` alike),
 * overridden by `--map "header=field,…"`. Unknown headers are ignored and
 * reported.
 */
import { RingcardError } from '../../errors.js'
import { foldSearchText } from '../customers/search-text.js'
import type { PhoneKind } from '../../model/customer.js'

/** The fields an import fills, as `--map` names them. */
export const IMPORT_FIELDS = [
  'external_id', 'display_name', 'honorific', 'given_name', 'family_name', 'company',
  'phone', 'mobile', 'work_phone', 'home_phone', 'landline', 'country',
  'email', 'groups', 'owner', 'stage', 'tier', 'campaign',
  'birthday', 'language', 'address', 'city', 'notes'
] as const
export type ImportField = (typeof IMPORT_FIELDS)[number]

/** Fields that hold phone numbers, and the kind each gives its numbers. */
export const PHONE_FIELDS: Readonly<Partial<Record<ImportField, PhoneKind>>> = {
  phone: 'other', mobile: 'mobile', work_phone: 'work', home_phone: 'home', landline: 'landline'
}

/** `--map` names a column `ignore` (or `-`) to leave it out on purpose. */
const IGNORE = new Set(['ignore', '-'])

/**
 * Header names each field is recognised by, before folding. Ringcard's own
 * export columns are among them, so an export imports back.
 */
const ALIASES: Readonly<Record<ImportField, readonly string[]>> = {
  external_id: ['external_id', 'external id', 'id', 'customer id', 'customer number', 'customer no', 'account number', 'kundennummer', 'kunden nr', 'شناسه', 'کد مشتری', 'شماره مشتری'],
  display_name: ['display_name', 'name', 'display name', 'full name', 'customer', 'customer name', 'contact name', 'kunde', 'نام کامل', 'نام مشتری', 'نام و نام خانوادگی'],
  honorific: ['honorific', 'title', 'salutation', 'anrede', 'عنوان', 'لقب'],
  given_name: ['given_name', 'given name', 'first name', 'firstname', 'forename', 'vorname', 'نام'],
  family_name: ['family_name', 'family name', 'last name', 'lastname', 'surname', 'nachname', 'نام خانوادگی'],
  company: ['company', 'organisation', 'organization', 'company name', 'firma', 'unternehmen', 'شرکت', 'سازمان'],
  phone: ['phone', 'phones', 'telephone', 'tel', 'phone number', 'phone numbers', 'number', 'numbers', 'telefon', 'telefonnummer', 'تلفن', 'شماره تلفن', 'شماره', 'تلفن ها'],
  mobile: ['mobile', 'mobile phone', 'cell', 'cell phone', 'cellphone', 'handy', 'mobil', 'موبایل', 'تلفن همراه', 'همراه'],
  work_phone: ['work_phone', 'work phone', 'office phone', 'business phone', 'telefon geschaftlich', 'تلفن محل کار', 'تلفن کار'],
  home_phone: ['home_phone', 'home phone', 'private phone', 'telefon privat', 'تلفن منزل', 'تلفن خانه'],
  landline: ['landline', 'fixed line', 'festnetz', 'تلفن ثابت'],
  country: ['country', 'phone country', 'land', 'کشور'],
  email: ['email', 'emails', 'e-mail', 'e mail', 'mail', 'email address', 'e-mail address', 'ایمیل', 'رایانامه', 'پست الکترونیک'],
  groups: ['groups', 'group', 'tags', 'tag', 'labels', 'gruppen', 'gruppe', 'گروه', 'گروه ها', 'برچسب'],
  owner: ['owner', 'owner login', 'account manager', 'agent', 'betreuer', 'مسئول', 'مسئول مشتری', 'کارشناس'],
  stage: ['stage', 'status', 'lifecycle stage', 'phase', 'مرحله', 'وضعیت'],
  tier: ['tier', 'level', 'customer tier', 'stufe', 'سطح', 'سطح مشتری'],
  campaign: ['campaign', 'source', 'source campaign', 'lead source', 'kampagne', 'quelle', 'کمپین', 'منبع'],
  birthday: ['birthday', 'date of birth', 'birth date', 'birthdate', 'dob', 'geburtstag', 'geburtsdatum', 'تاریخ تولد', 'تولد'],
  language: ['language', 'lang', 'preferred language', 'sprache', 'زبان'],
  address: ['address', 'street', 'street address', 'adresse', 'strasse', 'نشانی', 'آدرس'],
  city: ['city', 'town', 'stadt', 'ort', 'شهر'],
  notes: ['notes', 'note', 'comment', 'comments', 'remarks', 'bemerkung', 'notizen', 'یادداشت', 'توضیحات']
}

/** Headers of ringcard's own export that an import leaves out on purpose (its internal id, the owner's display name, times). */
const KNOWN_IGNORED = new Set(['ringcard_id', 'owner_name', 'tier_source', 'created_at', 'updated_at'].map(fold))

/** Header text as compared: folded like a search, separators one space, trimmed. */
export function fold (header: string): string {
  return foldSearchText(header).replace(/[\s_.\-/]+/g, ' ').trim()
}

const BY_ALIAS: ReadonlyMap<string, ImportField> = new Map(
  (Object.entries(ALIASES) as Array<[ImportField, readonly string[]]>).flatMap(([field, names]) => names.map(n => [fold(n), field] as const))
)

/** A column that holds numbers: which, of what kind, and the column with their country, if any. */
export interface PhoneColumn {
  readonly index: number
  readonly kind: PhoneKind
  readonly countryIndex: number | null
}

/** Where each field is in a row. */
export interface ColumnPlan {
  /** The header row as read. */
  readonly headers: readonly string[]
  /** Column index of each single-column field. */
  readonly fields: Readonly<Partial<Record<ImportField, number>>>
  /** Every column with numbers, in file order (the first number of the first is primary). */
  readonly phones: readonly PhoneColumn[]
  /** Headers that name no field. */
  readonly ignored: readonly string[]
}

/**
 * Reads `--map "Kd-Nr=external_id,Handy=mobile,Fax=ignore"` (header names
 * as in the file, any case; a field listed in {@link IMPORT_FIELDS}, or
 * `ignore`).
 * @throws RingcardError RC_ERR_IMPORT_INVALID naming the bad entry
 */
export function parseColumnMap (text: string): ReadonlyMap<string, ImportField | 'ignore'> {
  const map = new Map<string, ImportField | 'ignore'>()
  for (const entry of text.split(',').map(e => e.trim()).filter(e => e !== '')) {
    const eq = entry.lastIndexOf('=')
    const header = eq > 0 ? fold(entry.slice(0, eq)) : ''
    const field = eq > 0 ? entry.slice(eq + 1).trim().toLowerCase().replace(/[\s-]+/g, '_') : ''
    if (header === '' || field === '') throw invalid(`--map entry "${entry}" is not header=field`)
    if (IGNORE.has(field)) map.set(header, 'ignore')
    else if ((IMPORT_FIELDS as readonly string[]).includes(field)) map.set(header, field as ImportField)
    else throw invalid(`--map entry "${entry}": unknown field "${field}"; fields are ${IMPORT_FIELDS.join(', ')}`)
  }
  return map
}

/**
 * Maps the header row. A header `<phone column> country` (`mobile country`,
 * `phone_country`, `کشور موبایل`) gives that column's numbers their country;
 * `country` alone gives it to every number of the row that has none.
 * `phone 2`, `Mobile2` … are more columns of the same kind.
 * @throws RingcardError RC_ERR_IMPORT_INVALID when no column holds a name, or a single-value field is mapped twice
 */
export function planColumns (headers: readonly string[], overrides: ReadonlyMap<string, ImportField | 'ignore'> = new Map()): ColumnPlan {
  const fields: Partial<Record<ImportField, number>> = {}
  const phoneColumns: Array<{ index: number; kind: PhoneKind; header: string }> = []
  const countryOf = new Map<string, number>()
  const ignored: string[] = []
  for (const [index, header] of headers.entries()) {
    const key = fold(header)
    const field = overrides.get(key) ?? recognise(key)
    if (field === 'ignore') continue
    if (field === undefined) {
      const phoneCountry = /^(.+?) ?(country|land|کشور)$|^(کشور) (.+)$/.exec(key)
      const column = phoneCountry === null ? undefined : recognise(phoneCountry[1] ?? phoneCountry[4] ?? '')
      if (column !== undefined && PHONE_FIELDS[column] !== undefined) countryOf.set(phoneCountry![1] ?? phoneCountry![4]!, index)
      else if (!KNOWN_IGNORED.has(key) && header.trim() !== '') ignored.push(header)
      continue
    }
    const kind = PHONE_FIELDS[field]
    if (kind !== undefined) {
      phoneColumns.push({ index, kind, header: key })
      continue
    }
    if (fields[field] !== undefined) throw invalid(`columns "${headers[fields[field]]}" and "${header}" both hold ${field}; map one of them with --map "${header}=ignore"`)
    fields[field] = index
  }
  if (fields.display_name === undefined && fields.given_name === undefined && fields.family_name === undefined && fields.company === undefined) {
    throw invalid('no column holds a name (name, first name, last name or company); map one with --map "<header>=display_name"')
  }
  const phones = phoneColumns.map(p => ({
    index: p.index,
    kind: p.kind,
    countryIndex: countryOf.get(p.header) ?? countryOf.get(p.header.replace(/ ?\d+$/, '')) ?? null
  }))
  return { headers: [...headers], fields, phones, ignored }
}

/** The field a folded header names by its aliases; `Phone 2` is another `phone`. */
function recognise (key: string): ImportField | undefined {
  return BY_ALIAS.get(key) ?? BY_ALIAS.get(key.replace(/ ?\d+$/, ''))
}

function invalid (message: string): RingcardError {
  return new RingcardError('RC_ERR_IMPORT_INVALID', message)
}
