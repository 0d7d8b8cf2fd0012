import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../../agent/logger.js'

function sink (): { stream: Writable; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = []
  const stream = new Writable({ write (c, _e, cb) { chunks.push(String(c)); cb() } })
  return { stream, lines: () => chunks.join('').trim().split('\n').map(l => JSON.parse(l) as Record<string, unknown>) }
}

describe('logger', () => {
  it('redacts numbers, names, notes and tokens wherever they sit in a log object', () => {
    const s = sink()
    const log = createLogger('info', s.stream)
    log.info({ number: '+4915112345678', call: { callerName: 'Jane Doe', remoteNumber: '+4915112345678' }, token: 'demo-1001', customer: { displayName: 'Jane Doe', note: 'private' } }, 'x')
    const text = JSON.stringify(s.lines())
    expect(text).not.toContain('4915112345678')
    expect(text).not.toContain('Jane Doe')
    expect(text).not.toContain('demo-1001')
    expect(text).not.toContain('private')
    expect(s.lines()[0]).toMatchObject({ number: '[redacted]', call: { callerName: '[redacted]' } })
  })
})
