/**
 * Trace in → card out → outcome in → row stored, through the whole agent:
 * fake PBX over real AMI/TCP, real database (SQLite and PostgreSQL), real
 * WebSocket and HTTP. Replays run on the agent's test clock (see
 * test/support/test-clock.ts): as fast as the agent handles them, with the
 * recorded timing; a test that acts mid-call holds the clock there.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dialects, useTestDatabase } from '../support/databases.js'
import { startAgent, startPbx, trace, type Agent } from '../support/agent-harness.js'
import { DEMO_NUMBERS } from '../../agent/demo/seed.js'

const RECORDED = '+4915112345678'
/** Trace 01 from its first event: 1001 rings at +3 ms and answers at +1005 ms; the caller hangs up at +3009 ms. */
const RINGING_01_MS = 1000
const TALKING_01_MS = 2000

describe.each(await dialects())('[%s] screen pop end to end', (_name, dialect) => {
  const t = useTestDatabase(dialect)
  let agent: Agent

  beforeEach(async () => { agent = await startAgent(t) })
  afterEach(async () => { await agent.close() })

  const rows = (callId: string) => t.db.selectFrom('interactions').selectAll().where('call_id', '=', callId).execute()
  const operatorId = async (login: string) => (await t.db.selectFrom('operators').select('id').where('login', '=', login).executeTakeFirstOrThrow()).id

  it('a direct call pops Jane Doe\'s card on 1001 while ringing; the outcome lands on the call\'s one row', async () => {
    const anna = await agent.operator('demo-1001')
    const ben = await agent.operator('demo-1002')
    const done = agent.pbx.play(await trace('01-inbound-answered'))

    const ringing = await anna.call(c => c.myLeg === 'ringing')
    expect(ringing.state).toBe('ringing')
    expect(ringing.match.kind).toBe('customer')
    if (ringing.match.kind !== 'customer') throw new Error('unreachable')
    expect(ringing.match.card).toMatchObject({ displayName: 'Jane Doe', salutation: 'Ms Doe', tier: 'gold', confidence: 'exact' })
    expect(ringing.match.card.openIssues.length).toBeGreaterThan(0)
    expect(ringing.match.card.lastContacts.length).toBeGreaterThan(0)
    expect(ringing.callerName).toBe('Jane Doe')

    await done
    const ended = await anna.call(c => c.state === 'ended')
    expect(ended).toMatchObject({ id: ringing.id, result: 'answered', myLeg: 'ended', wrappedUp: false })
    await agent.settled()
    // Ben's phone never rang: he saw nothing of this call (his pong came after everything sent to him).
    await ben.sync()
    expect(ben.calls()).toEqual([])

    const logged = await rows(ringing.id)
    expect(logged).toHaveLength(1)
    expect(logged[0]).toMatchObject({ kind: 'call', call_result: 'answered', extension: '1001', direction: 'inbound', customer_id: ringing.match.card.customerId })
    // The recorded durations: rang 1.0 s, talked 2.0 s.
    expect(Number(logged[0]!.ring_seconds)).toBe(1)
    expect(Number(logged[0]!.talk_seconds)).toBe(2)

    const key = 'k-' + ringing.id.replace(/[^A-Za-z0-9]/g, '')
    const body = { disposition: 'support', note: 'Router reset, works again', resolved: true }
    const saved = await agent.request('POST', `/api/calls/${encodeURIComponent(ringing.id)}/outcome`, { token: 'demo-1001', body, headers: { 'idempotency-key': key } })
    expect(saved.status).toBe(201)
    expect(saved.body).toMatchObject({ replayed: false, interactionId: logged[0]!.id })
    expect(await anna.call(c => c.id === ringing.id && c.wrappedUp)).toBeTruthy()

    const after = await rows(ringing.id)
    expect(after).toHaveLength(1)
    expect(after[0]).toMatchObject({ disposition: 'support', note: 'Router reset, works again', operator_id: await operatorId('anna'), call_result: 'answered' })
    expect(Boolean(after[0]!.resolved)).toBe(true)

    const replay = await agent.request('POST', `/api/calls/${encodeURIComponent(ringing.id)}/outcome`, { token: 'demo-1001', body, headers: { 'idempotency-key': key } })
    expect(replay.status).toBe(200)
    expect(replay.body).toMatchObject({ replayed: true, interactionId: logged[0]!.id })
    expect(await rows(ringing.id)).toHaveLength(1)

    // The customer's file now shows the call with its outcome.
    const file = await agent.request('GET', `/api/customers/${ringing.match.card.customerId}`, { token: 'demo-1001' })
    expect(file.status).toBe(200)
    expect(file.body.contacts[0]).toMatchObject({ id: logged[0]!.id, kind: 'call', disposition: 'Support', note: 'Router reset, works again', resolved: true, callResult: 'answered', operatorName: 'Anna Berg' })

    // Another operator cannot see or wrap up Anna's call.
    const other = await agent.request('POST', `/api/calls/${encodeURIComponent(ringing.id)}/outcome`, { token: 'demo-1002', body, headers: { 'idempotency-key': key + 'x' } })
    expect(other).toMatchObject({ status: 404, body: { code: 'RC_ERR_CALL_NOT_FOUND' } })
  })

  it('queue ring-all: both members pop; 1002 answers; 1001 sees "answered by Ben Okafor"; one row for the call', async () => {
    const anna = await agent.operator('demo-1001')
    const ben = await agent.operator('demo-1002')
    await agent.pbx.play(await trace('05-queue-answered'), { rewrite: { [RECORDED]: DEMO_NUMBERS.pat } })
    const annaRing = await anna.call(c => c.myLeg === 'ringing')
    const benRing = await ben.call(c => c.myLeg === 'ringing')
    expect(annaRing.id).toBe(benRing.id)
    expect(annaRing).toMatchObject({ queue: 'support', match: { kind: 'customer', card: { displayName: 'Pat O\'Brien' } } })
    expect(await anna.call(c => c.answeredBy === '1002')).toMatchObject({ myLeg: 'cancelled', answeredByName: 'Ben Okafor' })
    expect(await ben.call(c => c.state === 'connected')).toMatchObject({ myLeg: 'answered', answeredBy: null })
    await ben.call(c => c.state === 'ended')
    await agent.settled()
    const logged = await rows(annaRing.id)
    expect(logged).toHaveLength(1)
    expect(logged[0]).toMatchObject({ call_result: 'answered', extension: '1002', queue: 'support', operator_id: await operatorId('ben') })

    // Only Ben talked to the caller: Anna, whose phone merely rang, cannot wrap it up.
    const path = `/api/calls/${encodeURIComponent(annaRing.id)}/outcome`
    const body = { disposition: 'support', note: 'Ben helped', resolved: true }
    expect(await agent.request('POST', path, { token: 'demo-1001', body, headers: { 'idempotency-key': 'anna-ringall-1' } }))
      .toMatchObject({ status: 404, body: { code: 'RC_ERR_CALL_NOT_FOUND' } })
    expect((await agent.request('POST', path, { token: 'demo-1002', body, headers: { 'idempotency-key': 'ben-ringall-1' } })).status).toBe(201)
  })

  it('missed and abandoned calls are logged once each, with no wrap-up owed', async () => {
    const anna = await agent.operator('demo-1001')
    await agent.pbx.play(await trace('03-inbound-noanswer'), { rewrite: { [RECORDED]: DEMO_NUMBERS.jane } })
    const missed = await anna.call(c => c.state === 'ended')
    expect(missed).toMatchObject({ result: 'missed', myLeg: 'noanswer' })
    await agent.pbx.play(await trace('06-queue-abandoned'), { rewrite: { [RECORDED]: DEMO_NUMBERS.jane } })
    const abandoned = await anna.call(c => c.state === 'ended' && c.id !== missed.id)
    expect(abandoned).toMatchObject({ result: 'abandoned', queue: 'support' })
    await agent.settled()
    expect(await rows(missed.id)).toEqual([expect.objectContaining({ call_result: 'missed', extension: '1001' })])
    expect(await rows(abandoned.id)).toEqual([expect.objectContaining({ call_result: 'abandoned', queue: 'support' })])

    // Nobody answered the queue call, so either member may log the follow-up — but not overwrite the other's.
    const path = `/api/calls/${encodeURIComponent(abandoned.id)}/outcome`
    const body = { disposition: 'callback', note: 'call back', resolved: false }
    expect((await agent.request('POST', path, { token: 'demo-1001', body, headers: { 'idempotency-key': 'anna-abandon-1' } })).status).toBe(201)
    expect(await agent.request('POST', path, { token: 'demo-1002', body, headers: { 'idempotency-key': 'ben-abandon-1' } }))
      .toMatchObject({ status: 409, body: { code: 'RC_ERR_CALL_WRAPPED_UP' } })
    expect(await rows(abandoned.id)).toEqual([expect.objectContaining({ operator_id: await operatorId('anna'), disposition: 'callback' })])
  })

  it('an unknown number pops "unknown caller"; create lead links the call and re-pops the card', async () => {
    const anna = await agent.operator('demo-1001')
    // The call keeps ringing until the lead exists.
    agent.clock.holdFor(RINGING_01_MS)
    const done = agent.pbx.play(await trace('01-inbound-answered'), { rewrite: { [RECORDED]: DEMO_NUMBERS.unknown } })
    const ringing = await anna.call(c => c.myLeg === 'ringing')
    expect(ringing.match).toEqual({ kind: 'unknown', number: expect.stringContaining('89 555'), e164: DEMO_NUMBERS.unknown })
    const created = await agent.request('POST', '/api/customers', {
      token: 'demo-1001',
      body: { displayName: 'Lena Vogt', phone: ringing.match.kind === 'unknown' ? ringing.match.number : '', callId: ringing.id }
    })
    expect(created.status).toBe(201)
    expect(created.body.customer).toMatchObject({ displayName: 'Lena Vogt', stage: 'lead', ownerName: 'Anna Berg' })
    const repop = await anna.call(c => c.id === ringing.id && c.match.kind === 'customer')
    expect(repop.match).toMatchObject({ card: { customerId: created.body.customer.customerId } })
    agent.clock.release()
    await done
    await anna.call(c => c.state === 'ended')
    await agent.settled()
    expect(await rows(ringing.id)).toEqual([expect.objectContaining({ customer_id: created.body.customer.customerId, call_result: 'answered' })])
  })

  it('a household number pops a chooser with both customers; a withheld caller pops "withheld"', async () => {
    const anna = await agent.operator('demo-1001')
    await agent.pbx.play(await trace('01-inbound-answered'), { rewrite: { [RECORDED]: DEMO_NUMBERS.shared } })
    const chooser = await anna.call(c => c.match.kind === 'choose')
    if (chooser.match.kind !== 'choose') throw new Error('unreachable')
    expect(chooser.match.candidates.map(c => c.displayName).sort()).toHaveLength(2)
    // Anna picks the second candidate: the pop switches and the call is filed on that customer.
    const picked = chooser.match.candidates[1]!
    const put = await agent.request('PUT', `/api/calls/${encodeURIComponent(chooser.id)}/customer`, { token: 'demo-1001', body: { customerId: picked.customerId } })
    expect(put).toMatchObject({ status: 200, body: { customer: { customerId: picked.customerId, confidence: picked.confidence } } })
    expect(await anna.call(c => c.id === chooser.id && c.match.kind === 'choose' && c.match.chosenId !== undefined)).toMatchObject({ match: { chosenId: picked.customerId } })
    expect(await agent.request('PUT', `/api/calls/${encodeURIComponent(chooser.id)}/customer`, { token: 'demo-1001', body: { customerId: 999_999 } }))
      .toMatchObject({ status: 400, body: { code: 'RC_ERR_API_BAD_BODY' } })
    expect(await agent.request('PUT', `/api/calls/${encodeURIComponent(chooser.id)}/customer`, { token: 'demo-1002', body: { customerId: picked.customerId } }))
      .toMatchObject({ status: 404, body: { code: 'RC_ERR_CALL_NOT_FOUND' } })
    await agent.settled()
    expect(await rows(chooser.id)).toEqual([expect.objectContaining({ customer_id: picked.customerId })])

    await agent.pbx.play(await trace('07-anonymous'))
    await anna.call(c => c.id !== chooser.id && c.state === 'ended')
    // Every pop of the three calls has arrived once the pong has.
    await anna.sync()
    const views = anna.calls().filter(c => c.id !== chooser.id)
    expect(new Set(views.map(v => v.id)).size).toBe(3)
    // 07: (a) no caller ID at all, (b) anonymous, (c) CLIR with the network number still in AMI.
    const byId = new Map(views.map(v => [v.id, v.match]))
    expect([...byId.values()].map(m => m.kind === 'withheld' ? m.reason : m.kind)).toEqual(['absent', 'withheld', 'withheld'])
    for (const v of views) expect(v.number).toBeNull()
    expect(JSON.stringify(views)).not.toContain('4930123456')
  })

  it('the PBX link drops mid-call: the agent reconnects, resyncs, keeps the pop and logs the call once', async () => {
    const anna = await agent.operator('demo-1001')
    agent.clock.holdFor(RINGING_01_MS)
    const done = agent.pbx.play(await trace('01-inbound-answered'))
    const ringing = await anna.call(c => c.myLeg === 'ringing')
    await agent.clock.held()
    agent.pbx.dropConnections()
    // While the link is down the pop stays, flagged as unconfirmed; the resync confirms it.
    expect(await anna.call(c => c.id === ringing.id && c.unverified === true)).toMatchObject({ state: expect.not.stringMatching('ended') })
    await agent.pbx.waitForLogin(2)
    const flaggedAt = anna.messages.findIndex(m => m.type === 'call' && m.call.unverified === true)
    expect(await anna.call(c => c.unverified === false, { from: flaggedAt })).toMatchObject({ id: ringing.id, state: 'ringing' })
    agent.clock.release()
    await done
    const ended = await anna.call(c => c.id === ringing.id && c.state === 'ended')
    expect(ended.result).toBe('answered')
    await agent.settled()
    expect(await rows(ringing.id)).toHaveLength(1)
    expect(agent.app.ringcard.tracker.calls()).toEqual([])
    const actions = agent.pbx.received.map(a => a.action.toLowerCase())
    expect(actions.filter(a => a === 'coreshowchannels')).toHaveLength(2)
  })

  it('the agent itself restarts mid-call: the call keeps its id, pops again, and is logged once', async () => {
    const pbx = await startPbx()
    try {
      const first = await startAgent(t, { pbx })
      const before = await first.operator('demo-1001')
      pbx.clock.holdFor(RINGING_01_MS)
      const done = pbx.play(await trace('01-inbound-answered'))
      const ringing = await before.call(c => c.myLeg === 'ringing')
      await pbx.clock.held()
      await first.close()

      const second = await startAgent(t, { pbx })
      const anna = await second.operator('demo-1001')
      // Popped again: in the snapshot, or right after it once the resync found the call.
      await anna.next(m => (m.type === 'snapshot' && m.calls.some(c => c.id === ringing.id)) || (m.type === 'call' && m.call.id === ringing.id))
      pbx.clock.release()
      await done
      expect(await anna.call(c => c.id === ringing.id && c.state === 'ended')).toMatchObject({ result: 'answered' })
      await second.settled()
      const linkedid = ringing.id.slice(ringing.id.indexOf(':') + 1)
      const logged = await t.db.selectFrom('interactions').select('call_id').where('call_id', 'like', `%:${linkedid}`).execute()
      expect(logged).toEqual([{ call_id: ringing.id }])
      await second.close()
    } finally {
      await pbx.close()
    }
  })

  it('Asterisk restarts mid-call: the call that vanished is closed as "unknown", not left ringing', async () => {
    const anna = await agent.operator('demo-1001')
    agent.clock.holdFor(TALKING_01_MS)
    const stopped = agent.pbx.play(await trace('01-inbound-answered'))
    const connected = await anna.call(c => c.state === 'connected')
    await agent.clock.held()
    await agent.pbx.restart({ downMs: 100 })
    // The restart ended the replay before the call's Hangup.
    await stopped
    agent.clock.release()
    const ended = await anna.call(c => c.id === connected.id && c.state === 'ended')
    expect(ended.result).toBe('unknown')
    await agent.settled()
    expect(await rows(connected.id)).toEqual([expect.objectContaining({ call_result: 'unknown' })])
    expect(agent.app.ringcard.tracker.calls()).toEqual([])
  })
})
