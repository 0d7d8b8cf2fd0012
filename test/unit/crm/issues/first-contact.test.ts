import { describe, expect, it } from 'vitest'
import { resolvedOnFirstContact } from '../../../../agent/crm/issues/first-contact.js'

const resolved = { status: 'resolved' } as const
const contact = (occurredAt: string, solved: boolean | null) => ({ occurredAt, resolved: solved })

describe('resolved on first contact', () => {
  it('is unknown while the issue is open', () => {
    expect(resolvedOnFirstContact({ status: 'open' }, [contact('2026-11-01T09:00:00Z', true)], 7)).toBeNull()
  })

  it('holds when the first linked contact solved it and nothing about it followed within the window', () => {
    expect(resolvedOnFirstContact(resolved, [contact('2026-11-01T09:00:00Z', true)], 7)).toBe(true)
    expect(resolvedOnFirstContact(resolved, [contact('2026-11-01T09:00:00Z', true), contact('2026-11-08T09:00:01Z', null)], 7)).toBe(true)
  })

  it('fails when a later contact came within the window (the edge included), a later one solved it, or none did', () => {
    expect(resolvedOnFirstContact(resolved, [contact('2026-11-01T09:00:00Z', true), contact('2026-11-08T09:00:00Z', null)], 7)).toBe(false)
    expect(resolvedOnFirstContact(resolved, [contact('2026-11-01T09:00:00Z', false), contact('2026-11-02T09:00:00Z', true)], 7)).toBe(false)
    expect(resolvedOnFirstContact(resolved, [contact('2026-11-01T09:00:00Z', null)], 7)).toBe(false)
    expect(resolvedOnFirstContact(resolved, [], 7)).toBe(false)
  })
})
