import { describe, expect, it } from 'vitest'
import {
  MAX_TERM_LENGTH, customerTerms, emailTerm, foldSearchText, phoneTerm, prefixRange, searchWords
} from '../../../../agent/crm/customers/search-text.js'
import { parseSearchQuery } from '../../../../agent/crm/customers/search-query.js'

describe('foldSearchText', () => {
  it('ignores case and accents', () => {
    expect(foldSearchText('Müller')).toBe('muller')
    expect(foldSearchText('MÜLLER')).toBe('muller')
    expect(foldSearchText('Ångström Çelik Ñúñez')).toBe('angstrom celik nunez')
    expect(foldSearchText('Straße Øre Łódź Æsir')).toBe('strasse ore lodz aesir')
    expect(foldSearchText('İstanbul ırmak')).toBe('istanbul irmak')
  })

  it('makes Arabic yeh and kaf the Persian letters, and drops ZWNJ, tatweel and harakat', () => {
    expect(foldSearchText('علي')).toBe('علی')
    expect(foldSearchText('كريمي')).toBe('کریمی')
    expect(foldSearchText('موسى')).toBe('موسی')
    expect(foldSearchText('می\u200Cشود')).toBe('میشود')
    expect(foldSearchText('تهـــرانی')).toBe('تهرانی')
    expect(foldSearchText('مُحَمَّد')).toBe('محمد')
    expect(foldSearchText('فاطمة')).toBe('فاطمه')
    expect(foldSearchText('خانهٔ')).toBe('خانه')
    expect(foldSearchText('أحمد إيمان آرش')).toBe('احمد ایمان ارش')
  })

  it('folds Persian and Arabic-Indic digits and strips bidi marks', () => {
    expect(foldSearchText('۰۹۱۲ ١٢٣')).toBe('0912 123')
    expect(foldSearchText('\u200F\u2066Anna\u2069')).toBe('anna')
  })

  it('turns compatibility forms into plain letters (full-width, Arabic presentation forms)', () => {
    expect(foldSearchText('ＡＢＣ１')).toBe('abc1')
    expect(foldSearchText('\uFEE9\uFEE8\uFEAE')).toBe(foldSearchText('هنر'))
  })
})

describe('searchWords', () => {
  it('splits at punctuation and spaces, joins at apostrophes, without repeats', () => {
    expect(searchWords('Pat O\'Brien')).toEqual(['pat', 'obrien'])
    expect(searchWords('Müller-Lüdenscheidt, Anna  anna')).toEqual(['muller', 'ludenscheidt', 'anna'])
    expect(searchWords('Smith & Sons Ltd.')).toEqual(['smith', 'sons', 'ltd'])
    expect(searchWords(null)).toEqual([])
    expect(searchWords(' - ')).toEqual([])
  })

  it('cuts very long words to the term length', () => {
    expect(Array.from(searchWords('x'.repeat(200))[0]!)).toHaveLength(MAX_TERM_LENGTH)
  })
})

describe('customerTerms', () => {
  it('holds name and company words, the name run together, addresses and reversed numbers', () => {
    expect(customerTerms({
      displayName: 'شیرین تهرانی',
      givenName: 'شيرين',
      familyName: null,
      company: 'Doe Logistics GmbH',
      phones: ['+989121234567', '030 1234567'],
      emails: ['Shirin.T@Example.COM']
    })).toEqual([
      'شیرین', 'تهرانی', 'شیرینتهرانی', 'doe', 'logistics', 'gmbh', 'shirin.t@example.com', '#765432121989', '#7654321030'
    ])
  })

  it('gives numbers written in Persian digits the same term', () => {
    expect(phoneTerm('+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷')).toBe(phoneTerm('+989121234567'))
    expect(phoneTerm('n/a')).toBeNull()
    expect(emailTerm('  Anna@Example.org ')).toBe('anna@example.org')
  })
})

describe('prefixRange', () => {
  it('is the half-open range of strings starting with the prefix', () => {
    expect(prefixRange('ann')).toEqual({ from: 'ann', to: 'ano' })
    expect(prefixRange('تهر')).toEqual({ from: 'تهر', to: 'ته\u0632' })
    const { from, to } = prefixRange('ab')
    for (const inside of ['ab', 'abc', 'ab\uFFFF', 'ab\u{1F600}']) expect(inside >= from && inside < to, inside).toBe(true)
    for (const outside of ['aa', 'ac', 'a']) expect(outside >= from && outside < to, outside).toBe(false)
    expect(() => prefixRange('')).toThrow(RangeError)
  })
})

describe('parseSearchQuery', () => {
  it('reads a valid number in any format as its national number, reversed', () => {
    const jane = { kind: 'phone', prefixes: ['#87654321151'] }
    for (const typed of ['0151 12345678', '+49 151 12345678', '0049 (151) 1234-5678', '۰۱۵۱ ۱۲۳۴۵۶۷۸', '\u200E+49\u00A0151\u00A012345678']) {
      expect(parseSearchQuery(typed, 'DE'), typed).toEqual(jane)
    }
    expect(parseSearchQuery('0912 123 4567', 'IR')).toEqual({ kind: 'phone', prefixes: ['#7654321219'] })
  })

  it('reads a part of a number (4 digits or more) as its last digits', () => {
    expect(parseSearchQuery('4567', 'DE')).toEqual({ kind: 'phone', prefixes: ['#7654'] })
    expect(parseSearchQuery('۴۵۶۷۸', 'DE')).toEqual({ kind: 'phone', prefixes: ['#87654'] })
    expect(parseSearchQuery('+49 30', 'DE')).toEqual({ kind: 'phone', prefixes: ['#0394'] })
  })

  it('reads text with @ as the start of an e-mail address, and the rest as words', () => {
    expect(parseSearchQuery('Jane.Doe@Exa', 'DE')).toEqual({ kind: 'email', prefixes: ['jane.doe@exa'] })
    expect(parseSearchQuery('Klaus Wagner', 'DE')).toEqual({ kind: 'words', prefixes: ['klaus', 'wagner'] })
    expect(parseSearchQuery('42', 'DE')).toEqual({ kind: 'words', prefixes: ['42'] })
    expect(parseSearchQuery('a b c d e f g', 'DE')).toEqual({ kind: 'words', prefixes: ['a', 'b', 'c', 'd', 'e'] })
    expect(parseSearchQuery(' ?! ', 'DE')).toEqual({ kind: 'nothing' })
  })
})
