/**
 * Caller IDs and AMI frames nobody should send, arriving over real AMI/TCP:
 * each gets a sensible pop (or a coded log line) and the agent keeps popping
 * the next call.
 */
import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dialects, useTestDatabase } from '../support/databases.js'
import { startAgent, trace, type Agent } from '../support/agent-harness.js'
import { createLogger } from '../../agent/logger.js'
import { DEMO_NUMBERS } from '../../agent/demo/seed.js'
import type { CallView } from '../../agent/contracts/ws.js'

const RECORDED = '+4915112345678'
const sqlite = (await dialects()).filter(([name]) => name === 'sqlite')

describe.each(sqlite)('[%s] odd caller IDs and frames', (_name, dialect) => {
  const t = useTestDatabase(dialect)
  let agent: Agent
  let logText: () => string

  beforeEach(async () => {
    const chunks: string[] = []
    logText = () => chunks.join('')
    agent = await startAgent(t, { logger: createLogger('info', new Writable({ write (c, _e, cb) { chunks.push(String(c)); cb() } })) })
  })
  afterEach(async () => { await agent.close() })

  async function ring (number: string, name = 'Jane Doe'): Promise<CallView> {
    const anna = await agent.operator('demo-1001')
    // Resolves once the agent has handled the whole call (the replay runs on the agent's test clock).
    await agent.pbx.play(await trace('01-inbound-answered'), { rewrite: { [RECORDED]: number, 'Jane Doe': name } })
    const view = await anna.call(c => c.myLeg === 'ringing')
    await anna.call(c => c.id === view.id && c.state === 'ended')
    anna.close()
    return view
  }

  it.each([
    ['empty', '', 'absent'],
    ['anonymous', 'anonymous', 'withheld'],
    ['Anonymous', 'Anonymous', 'withheld'],
    ['<unknown>', '<unknown>', 'absent']
  ])('%s number pops a card without a number', async (_what, number, reason) => {
    const view = await ring(number)
    expect(view.match).toEqual({ kind: 'withheld', reason })
    expect(view.number).toBeNull()
  })

  it('Persian digits match the customer stored with Latin digits', async () => {
    const persian = DEMO_NUMBERS.jane.replace(/\d/g, d => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!)
    const view = await ring(persian)
    expect(view.match).toMatchObject({ kind: 'customer', card: { displayName: 'Jane Doe' } })
  })

  it('a national-format number with spaces matches; a 200-character garbage number pops "unknown" and the next call still pops', async () => {
    const national = await ring('0151 1234 5678')
    expect(national.match).toMatchObject({ kind: 'customer', card: { displayName: 'Jane Doe', confidence: 'national' } })
    const garbage = 'x9'.repeat(100)
    const view = await ring(garbage, 'G'.repeat(200))
    expect(view.match).toMatchObject({ kind: 'unknown', e164: null })
    expect(view.callerName).toBe('G'.repeat(200))
    const next = await ring(DEMO_NUMBERS.jane)
    expect(next.match.kind).toBe('customer')
  })

  it('a caller name with markup and C escapes arrives as plain text', async () => {
    const view = await ring(DEMO_NUMBERS.unknown, '<img src=x onerror=alert(1)> O\\\'Brien')
    expect(view.callerName).toBe('<img src=x onerror=alert(1)> O\'Brien')
  })

  it('malformed AMI frames are logged with a code and skipped; the next call pops', async () => {
    agent.pbx.sendRaw('Event: Newchannel\r\nPrivilege: call,all\r\nChannel: Local/x\r\n\r\n')
    agent.pbx.sendRaw('this line has no colon\r\nEvent: DialBegin\r\n\r\n')
    agent.pbx.sendRaw('\r\n\r\n: empty key\r\n\r\n')
    const view = await ring(DEMO_NUMBERS.jane)
    expect(view.match.kind).toBe('customer')
    expect(logText()).toContain('RC_ERR_AMI_MALFORMED_FRAME')
    expect((await agent.request('GET', '/healthz')).body).toMatchObject({ ok: true, pbx: 'connected' })
  })
})
