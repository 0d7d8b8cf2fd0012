/**
 * The demo's customers as the CSV file a contact center would import: the
 * thirteen customers the demo's calls ring for (each named by its external
 * id `demo-<key>`), and a deterministic crowd of a few hundred more in
 * German, English, Persian, Italian and Turkish, with numbers in every
 * notation people write (national, `+`, Persian digits), groups, owners,
 * stages across the funnel, campaigns, some tiers and birthdays (Jalali
 * ones too). The seed imports it through the same path as `npm run import`.
 */
import { stringify } from 'csv-stringify/sync'
import { foldSearchText } from '../crm/customers/search-text.js'

/** Customers the crowd adds in demo mode. */
export const DEMO_CROWD = 300

const COLUMNS = [
  'external_id', 'display_name', 'honorific', 'given_name', 'family_name', 'company',
  'mobile', 'work_phone', 'home_phone', 'landline', 'country', 'email', 'groups', 'owner',
  'stage', 'campaign', 'tier', 'birthday', 'language', 'city', 'notes'
] as const
type Row = Partial<Record<(typeof COLUMNS)[number], string>>

/** The customers the demo's calls and the tests count on, keyed by external id `demo-<key>`. */
const CALLERS: ReadonlyArray<Row & { key: string }> = [
  { key: 'jane', display_name: 'Jane Doe', honorific: 'Ms', company: 'Doe Logistics GmbH', mobile: '+49 151 12345678', owner: 'anna', stage: 'customer', campaign: 'spring-fair-2025', birthday: '1984-03-12', language: 'en', notes: 'Prefers e-mail follow-ups.', groups: 'VIP;Newsletter' },
  { key: 'pat', display_name: 'Pat O\'Brien', honorific: 'Mr', mobile: '+353 86 123 4567', owner: 'ben', stage: 'prospect', campaign: 'dublin-expo-2026', language: 'en', groups: 'Newsletter' },
  { key: 'wagner', display_name: 'Klaus Wagner', honorific: 'Dr', company: 'Wagner Architekten', work_phone: '+49 30 123456', owner: 'anna', stage: 'customer', language: 'de', groups: 'Enterprise' },
  { key: 'maria', display_name: 'Maria Schmidt', honorific: 'Frau', home_phone: '040 111222333', owner: 'ben', stage: 'customer', language: 'de', groups: 'VIP' },
  { key: 'thomas', display_name: 'Thomas Schmidt', honorific: 'Herr', home_phone: '040 111222333', owner: 'ben', stage: 'customer', language: 'de' },
  { key: 'shirin', display_name: 'شیرین تهرانی', honorific: 'خانم', mobile: '+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷', owner: 'anna', stage: 'customer', campaign: 'instagram-fa', language: 'fa', groups: 'Newsletter' },
  { key: 'helga', display_name: 'Helga Braun', honorific: 'Frau', landline: '030 1234567', country: 'DE', stage: 'customer', campaign: 'legacy-import', language: 'de', notes: 'Imported from the old CRM; number not verified.' },
  { key: 'lukas', display_name: 'Lukas Meier', mobile: '+49 176 24681357', stage: 'lead', campaign: 'google-ads-q4', language: 'de' },
  { key: 'sofia', display_name: 'Sofia Rossi', honorific: 'Ms', company: 'Acme Industrial S.p.A.', work_phone: '+39 06 6982 1234', owner: 'ben', stage: 'customer', campaign: 'partner-referral', language: 'it', groups: 'Enterprise;VIP' },
  { key: 'yuki', display_name: 'Yuki Tanaka', company: 'Tanaka Trading', work_phone: '+81 3 5555 0147', owner: 'anna', stage: 'prospect', campaign: 'webinar-2026-10', language: 'ja' },
  { key: 'ahmed', display_name: 'Ahmed Hassan', honorific: 'Mr', mobile: '+20 12 2345 6789', stage: 'customer', language: 'ar', groups: 'Newsletter' },
  { key: 'emma', display_name: 'Emma Fischer', honorific: 'Frau', landline: '0221 45678901', owner: 'ben', stage: 'prospect', campaign: 'newsletter-signup', birthday: '1990-11-24', language: 'de', groups: 'Newsletter' },
  { key: 'oliver', display_name: 'Oliver Smith', honorific: 'Mr', company: 'Smith & Sons Ltd', work_phone: '+44 20 7946 0958', owner: 'anna', stage: 'customer', language: 'en-GB', groups: 'Enterprise' }
]

/** The external id a demo caller is imported with. */
export function demoExternalId (key: string): string {
  return `demo-${key}`
}

/** The keys of the demo's callers, in the order the CSV lists them. */
export const DEMO_CALLER_KEYS: readonly string[] = CALLERS.map(c => c.key)

interface People {
  readonly language: string
  readonly country: string
  readonly given: ReadonlyArray<readonly [string, 'f' | 'm']>
  readonly family: readonly string[]
  readonly cities: readonly string[]
  readonly honorific: { readonly f: string; readonly m: string }
  /** A valid mobile number written as people of the country write it, unique per `k` (0–9999). */
  readonly phone: (k: number, pick: number) => { readonly number: string; readonly country?: string }
}

const pad4 = (k: number): string => String(k).padStart(4, '0')
const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹'
const persianDigits = (text: string): string => text.replace(/\d/g, d => PERSIAN_DIGITS[Number(d)]!)

const PEOPLE: readonly People[] = [
  {
    language: 'de', country: 'DE', honorific: { f: 'Frau', m: 'Herr' },
    given: [['Lena', 'f'], ['Felix', 'm'], ['Jonas', 'm'], ['Marie', 'f'], ['Paul', 'm'], ['Sophie', 'f'], ['Leon', 'm'], ['Mia', 'f'], ['Jürgen', 'm'], ['Gülay', 'f']],
    family: ['Müller', 'Schneider', 'Weiß', 'Becker', 'Hoffmann', 'Schäfer', 'Koch', 'Bauer', 'Richter', 'Wolf'],
    cities: ['Berlin', 'Hamburg', 'München', 'Köln', 'Frankfurt am Main'],
    phone: (k, pick) => pick % 2 === 0 ? { number: `+49 176 4000${pad4(k)}` } : { number: `0176 4100${pad4(k)}` }
  },
  {
    language: 'fa', country: 'IR', honorific: { f: 'سرکار خانم', m: 'جناب آقای' },
    given: [['محمد', 'm'], ['زهرا', 'f'], ['علی‌رضا', 'm'], ['فاطمه', 'f'], ['حسین', 'm'], ['مریم', 'f'], ['رضا', 'm'], ['سارا', 'f'], ['امیر', 'm'], ['نگار', 'f']],
    family: ['احمدی', 'رضایی', 'حسینی', 'کریمی', 'محمدی', 'موسوی', 'جعفری', 'قاسمی', 'صادقی', 'رحیمی'],
    cities: ['تهران', 'اصفهان', 'شیراز', 'مشهد', 'تبریز'],
    phone: (k, pick) => pick % 2 === 0
      ? { number: persianDigits(`0912 400 ${pad4(k)}`), country: 'IR' }
      : { number: `+98 935 400 ${pad4(k)}` }
  },
  {
    language: 'en', country: 'GB', honorific: { f: 'Ms', m: 'Mr' },
    given: [['Oliver', 'm'], ['Amelia', 'f'], ['Harry', 'm'], ['Isla', 'f'], ['George', 'm'], ['Ava', 'f'], ['Noah', 'm'], ['Emily', 'f'], ['Jack', 'm'], ['Grace', 'f']],
    family: ['Taylor', 'Brown', 'Wilson', 'Evans', 'Thomas', 'Johnson', 'Roberts', 'Walker', 'Wright', 'O\'Connor'],
    cities: ['London', 'Manchester', 'Dublin', 'Leeds', 'Bristol'],
    phone: k => ({ number: `+49 30 4001${pad4(k)}` })
  },
  {
    language: 'it', country: 'IT', honorific: { f: 'Sig.ra', m: 'Sig.' },
    given: [['Giulia', 'f'], ['Marco', 'm'], ['Chiara', 'f'], ['Luca', 'm'], ['Francesca', 'f'], ['Matteo', 'm']],
    family: ['Rossi', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino'],
    cities: ['Milano', 'Roma', 'Torino', 'Bologna'],
    phone: k => ({ number: `+39 347 400 ${pad4(k)}` })
  },
  {
    language: 'tr', country: 'TR', honorific: { f: 'Hanım', m: 'Bey' },
    given: [['Ayşe', 'f'], ['Mehmet', 'm'], ['Elif', 'f'], ['Mustafa', 'm'], ['Zeynep', 'f'], ['Emre', 'm']],
    family: ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Öztürk'],
    cities: ['İstanbul', 'Ankara', 'İzmir', 'Berlin'],
    phone: k => ({ number: `+90 532 400 ${pad4(k)}` })
  }
]

const COMPANIES = ['Nordlicht GmbH', 'Atlas Logistik AG', 'پارس صنعت', 'Bright Harbor Ltd', 'Officine Moretti S.r.l.', 'Anadolu Tekstil A.Ş.', 'Kaveh Trading', 'Blue Fjord AB']
const GROUPS = ['VIP', 'Newsletter', 'Enterprise', 'مشتریان ویژه', 'Late payer']
const CAMPAIGNS = ['spring-fair-2025', 'google-ads-q4', 'instagram-fa', 'newsletter-signup', 'partner-referral', 'webinar-2026-10']
/** The funnel: more leads than prospects, more customers than either, a few gone quiet. */
const STAGES = ['lead', 'lead', 'lead', 'prospect', 'prospect', 'customer', 'customer', 'customer', 'customer', 'inactive'] as const
const TIERS = ['gold', 'silver', 'silver', 'bronze', 'bronze', 'bronze'] as const
const NOTES = ['Prefers calls in the morning.', 'Asked for a quote in Q1.', 'لطفاً فقط با ایمیل تماس بگیرید.', 'Pays by instalments.', 'Met at the trade fair.']

/** A small deterministic generator (mulberry32): the same crowd on every start. */
function random (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The crowd's `i`-th customer. */
function crowdRow (i: number, next: () => number): Row {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
  const people = pick(PEOPLE)
  const [given, gender] = pick(people.given)
  const family = pick(people.family)
  const phone = people.phone(1000 + i, i)
  const latin = foldSearchText(`${given}.${family}`).replace(/[^a-z.]/g, '')
  const company = next() < 0.3 ? pick(COMPANIES) : undefined
  const groups = GROUPS.filter(() => next() < 0.18)
  const tier = next() < 0.3 ? pick(TIERS) : undefined
  const year = 1950 + Math.floor(next() * 55)
  const birthday = next() < 0.35
    ? people.language === 'fa'
      ? persianDigits(`${year - 621}/${String(1 + Math.floor(next() * 12)).padStart(2, '0')}/${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`)
      : `${year}-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`
    : undefined
  return {
    external_id: `demo-crowd-${String(i + 1).padStart(4, '0')}`,
    display_name: `${given} ${family}`,
    honorific: next() < 0.7 ? people.honorific[gender] : undefined,
    given_name: given,
    family_name: family,
    company,
    mobile: phone.number,
    country: phone.country,
    email: latin.length > 1 && people.language !== 'fa' ? `${latin}${i + 1}@example.com` : next() < 0.5 ? `customer${i + 1}@example.ir` : undefined,
    groups: groups.join(';') || undefined,
    owner: pick(['anna', 'ben', 'anna', 'ben', '']) || undefined,
    stage: pick(STAGES),
    campaign: next() < 0.6 ? pick(CAMPAIGNS) : undefined,
    tier,
    birthday,
    language: people.language,
    city: pick(people.cities),
    notes: next() < 0.2 ? pick(NOTES) : undefined
  }
}

/**
 * The demo customers as CSV: the callers first, then `crowd` more (the same
 * ones on every call with the same `crowd`).
 */
export function demoCustomersCsv (opts: { readonly crowd?: number } = {}): string {
  const next = random(20261203)
  const rows: Row[] = [
    ...CALLERS.map(({ key, ...row }) => ({ ...row, external_id: demoExternalId(key) })),
    ...Array.from({ length: opts.crowd ?? 0 }, (_, i) => crowdRow(i, next))
  ]
  return stringify(rows.map(r => COLUMNS.map(c => r[c] ?? '')), { header: true, columns: [...COLUMNS] })
}
