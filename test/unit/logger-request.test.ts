import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger, requestForLog } from '../../agent/logger.js'

describe('requestForLog', () => {
  it('keeps the path and replaces the query', () => {
    expect(requestForLog({ method: 'GET', url: '/api/me?token=SECRET123', ip: '127.0.0.1', host: 'agent:8080' }))
      .toEqual({ method: 'GET', url: '/api/me?[redacted]', host: 'agent:8080', remoteAddress: '127.0.0.1', remotePort: undefined })
    expect(requestForLog({ method: 'GET', url: '/healthz' })).toMatchObject({ url: '/healthz' })
    expect(requestForLog({ method: 'GET', url: '/x?' })).toMatchObject({ url: '/x?[redacted]' })
  })

  it('reads a raw Node request too (host header, socket address)', () => {
    expect(requestForLog({ method: 'POST', url: '/ws?t=1', headers: { host: 'h' }, socket: { remoteAddress: '10.0.0.1', remotePort: 5000 } }))
      .toEqual({ method: 'POST', url: '/ws?[redacted]', host: 'h', remoteAddress: '10.0.0.1', remotePort: 5000 })
  })

  it('is the logger\'s `req` serializer', () => {
    const chunks: string[] = []
    const log = createLogger('info', new Writable({ write (c, _e, cb) { chunks.push(String(c)); cb() } }))
    log.info({ req: { method: 'GET', url: '/api/me?token=SECRET123' } }, 'incoming request')
    expect(chunks.join('')).not.toContain('SECRET123')
    expect(JSON.parse(chunks.join(''))).toMatchObject({ req: { url: '/api/me?[redacted]' } })
  })
})
