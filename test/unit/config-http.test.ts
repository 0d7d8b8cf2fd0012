import { describe, expect, it } from 'vitest'
import { loadConfig, startupLogSettings } from '../../agent/config.js'

describe('config: HTTP server limits', () => {
  it('defaults bound every connection in time and count', () => {
    const c = loadConfig({})
    expect(c.httpHeadersTimeoutMs).toBe(10_000)
    expect(c.httpRequestTimeoutMs).toBe(30_000)
    expect(c.httpKeepAliveTimeoutMs).toBe(5000)
    expect(c.httpMaxConnections).toBe(500)
  })

  it('reads the four variables', () => {
    const c = loadConfig({
      RINGCARD_HTTP_HEADERS_TIMEOUT_MS: '300',
      RINGCARD_HTTP_REQUEST_TIMEOUT_MS: '600',
      RINGCARD_HTTP_KEEPALIVE_TIMEOUT_MS: '200',
      RINGCARD_HTTP_MAX_CONNECTIONS: '50'
    })
    expect([c.httpHeadersTimeoutMs, c.httpRequestTimeoutMs, c.httpKeepAliveTimeoutMs, c.httpMaxConnections]).toEqual([300, 600, 200, 50])
  })

  it.each([
    ['RINGCARD_HTTP_HEADERS_TIMEOUT_MS', '0'],
    ['RINGCARD_HTTP_REQUEST_TIMEOUT_MS', '-5'],
    ['RINGCARD_HTTP_REQUEST_TIMEOUT_MS', '30s'],
    ['RINGCARD_HTTP_KEEPALIVE_TIMEOUT_MS', '0'],
    ['RINGCARD_HTTP_MAX_CONNECTIONS', '0'],
    ['RINGCARD_HTTP_MAX_CONNECTIONS', 'unlimited']
  ])('%s=%s fails fast with RC_ERR_CONFIG_INVALID naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(expect.objectContaining({
      code: 'RC_ERR_CONFIG_INVALID',
      message: expect.stringContaining(name)
    }))
  })

  it('a headers timeout longer than the request timeout is refused (Node would throw at listen)', () => {
    expect(() => loadConfig({ RINGCARD_HTTP_HEADERS_TIMEOUT_MS: '5000', RINGCARD_HTTP_REQUEST_TIMEOUT_MS: '1000' }))
      .toThrow(/RINGCARD_HTTP_HEADERS_TIMEOUT_MS/)
  })
})

describe('startupLogSettings', () => {
  it('passes good values through', () => {
    expect(startupLogSettings({ RINGCARD_LOG_LEVEL: 'WARN', RINGCARD_LOG_FORMAT: 'json' })).toEqual({ level: 'warn', format: 'json' })
  })

  it('falls back to the defaults instead of failing, so a config error can still be logged', () => {
    expect(startupLogSettings({ RINGCARD_LOG_LEVEL: 'loud', RINGCARD_LOG_FORMAT: 'fancy' })).toEqual({ level: 'info', format: 'auto' })
    expect(startupLogSettings({})).toEqual({ level: 'info', format: 'auto' })
  })
})
