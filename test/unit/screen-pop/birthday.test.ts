import { describe, expect, it } from 'vitest'
import { isBirthdayToday } from '../../../agent/screen-pop/birthday.js'

describe('birthday today', () => {
  it('compares month and day in the agent\'s time zone, not UTC', () => {
    const lateEvening = Date.parse('2026-03-11T23:30:00Z') // 12 March in Berlin, 11 March in UTC
    expect(isBirthdayToday('1984-03-12', lateEvening, 'Europe/Berlin')).toBe(true)
    expect(isBirthdayToday('1984-03-12', lateEvening, 'UTC')).toBe(false)
    expect(isBirthdayToday('1984-03-11', lateEvening, 'UTC')).toBe(true)
  })

  it('celebrates 29 February on 28 February in other years, and on the day in leap years', () => {
    expect(isBirthdayToday('2000-02-29', Date.parse('2027-02-28T12:00:00Z'), 'UTC')).toBe(true)
    expect(isBirthdayToday('2000-02-29', Date.parse('2028-02-28T12:00:00Z'), 'UTC')).toBe(false)
    expect(isBirthdayToday('2000-02-29', Date.parse('2028-02-29T12:00:00Z'), 'UTC')).toBe(true)
  })

  it('is false without a birthday or with one that is not a date', () => {
    expect(isBirthdayToday(null, Date.now(), 'UTC')).toBe(false)
    expect(isBirthdayToday('12.03.1984', Date.parse('2026-03-12T12:00:00Z'), 'UTC')).toBe(false)
  })
})
