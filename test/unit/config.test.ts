import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DEFAULTS, loadConfig } from '../../agent/config.js'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

describe('config', () => {
  it('README configuration table lists exactly the variables config.ts reads, with their defaults', () => {
    const rows = new Map<string, string>()
    for (const m of readme.matchAll(/^\| `(RINGCARD_[A-Z0-9_]+)` \| (`[^`]*`|\(empty\)) \|/gm)) rows.set(m[1]!, m[2]!)
    expect([...rows.keys()].sort()).toEqual(Object.keys(DEFAULTS).sort())
    for (const [name, def] of Object.entries(DEFAULTS)) {
      const shown = rows.get(name)!
      if (def === '') expect(shown, name).toBe('(empty)')
      else if (shown.endsWith('…`')) expect(def.startsWith(shown.slice(1, -2)), name).toBe(true)
      else expect(shown, name).toBe('`' + def + '`')
    }
  })

  it('defaults give demo mode on 127.0.0.1:8080 with SQLite and a frozen result', () => {
    const c = loadConfig({})
    expect(c.host).toBe('127.0.0.1')
    expect(c.port).toBe(8080)
    expect(c.amiUrl).toBeNull()
    expect(c.seedDemo).toBe(true)
    // Demo data lives apart from the file a real deployment uses.
    expect(c.databaseUrl).toBe('sqlite:./data/ringcard-demo.db')
    expect(loadConfig({ RINGCARD_AMI_URL: 'ami://u:s@pbx:5038' }).databaseUrl).toBe('sqlite:./data/ringcard.db')
    expect(loadConfig({ RINGCARD_DATABASE_URL: 'sqlite:/tmp/x.db' }).databaseUrl).toBe('sqlite:/tmp/x.db')
    expect(c.allowedOrigins).toEqual(['http://127.0.0.1:8080', 'http://localhost:8080'])
    expect(c.dispositions[0]).toEqual({ key: 1, code: 'support', label: 'Support' })
    expect(Object.isFrozen(c)).toBe(true)
  })

  it('a real PBX turns demo seeding off unless asked for', () => {
    const c = loadConfig({ RINGCARD_AMI_URL: 'ami://u:s@pbx:5038' })
    expect(c.amiUrl).toBe('ami://u:s@pbx:5038')
    expect(c.seedDemo).toBe(false)
    expect(loadConfig({ RINGCARD_AMI_URL: 'ami://u:s@pbx:5038', RINGCARD_SEED_DEMO: 'yes' }).seedDemo).toBe(true)
  })

  it.each([
    ['RINGCARD_PORT', 'eighty'],
    ['RINGCARD_PORT', '70000'],
    ['RINGCARD_AMI_URL', 'http://pbx:5038'],
    ['RINGCARD_AMI_URL', 'ami://pbx:5038'],
    ['RINGCARD_DATABASE_URL', 'mysql://x'],
    ['RINGCARD_DEFAULT_COUNTRY', 'XX'],
    ['RINGCARD_ALLOWED_ORIGINS', 'https://intranet.example.com/path'],
    ['RINGCARD_DISPOSITIONS', 'no-label'],
    ['RINGCARD_SEED_DEMO', 'maybe'],
    ['RINGCARD_LOG_LEVEL', 'loud']
  ])('%s=%s fails fast with RC_ERR_CONFIG_INVALID naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(expect.objectContaining({
      code: 'RC_ERR_CONFIG_INVALID',
      message: expect.stringContaining(name)
    }))
  })

  it('reconnect max below min is refused', () => {
    expect(() => loadConfig({ RINGCARD_AMI_RECONNECT_MIN_MS: '5000', RINGCARD_AMI_RECONNECT_MAX_MS: '1000' }))
      .toThrow(/RINGCARD_AMI_RECONNECT_MAX_MS/)
  })

  it('allowed origins are added to the own origin', () => {
    const c = loadConfig({ RINGCARD_ALLOWED_ORIGINS: 'https://intranet.example.com, https://crm.example.com/' })
    expect(c.allowedOrigins).toContain('https://intranet.example.com')
    expect(c.allowedOrigins).toContain('https://crm.example.com')
  })
})
