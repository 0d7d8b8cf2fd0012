import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildWidget } from '../../web-widget/build.js'
import { chromiumAvailability, deepScan, launchChromium } from '../support/browser.js'
import { callView, customerCard, dispositions, operator } from './call-fixtures.js'
import { FakeAgent, type HubConnection } from './fake-agent.js'

const chromium = chromiumAvailability()
const artifacts = join(process.cwd(), 'test-artifacts')
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const hostile = '<img src=x onerror=alert(1)>'

describe.runIf(!chromium.run && chromium.mustFail)('browser prerequisites', () => {
  it('has Chromium installed', () => {
    throw new Error(chromium.run ? '' : chromium.notice)
  })
})

describe.skipIf(!chromium.run)('<ringcard-pop> in Chromium', () => {
  let outDir: string
  let agent: FakeAgent
  let browser: Browser
  let page: Page
  let hub: HubConnection
  const dialogs: string[] = []
  const pageErrors: string[] = []

  const text = (selector: string): Promise<string> => page.locator(selector).first().textContent().then((t) => t ?? '')

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'ringcard-widget-'))
    await buildWidget({ outDir })
    await mkdir(artifacts, { recursive: true })
    agent = await FakeAgent.start(outDir)
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1100, height: 760 } })
    page.setDefaultTimeout(5_000)
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss() })
    page.on('pageerror', (e) => pageErrors.push(e.message))
  })

  afterAll(async () => {
    await browser?.close()
    await agent?.stop()
    if (outDir) await rm(outDir, { recursive: true, force: true })
  })

  it('signs in: the token goes in the first WebSocket message, never in the URL', async () => {
    await page.goto(`${agent.origin}/`)
    await page.locator('ringcard-pop input[name="token"]').fill('demo-1001')
    await page.keyboard.press('Enter')
    hub = await agent.waitForConnection(0)
    expect(await hub.nextMessage()).toEqual({ type: 'auth', v: 1, token: 'demo-1001' })
    expect(hub.url).toBe('/ws')
    expect(hub.origin).toBe(agent.origin)
    hub.send({ type: 'welcome', operator, dispositions, pbx: 'connected' })
    await expect.poll(() => text('ringcard-pop .operator')).toContain('Anna Operator')
    expect(await page.evaluate(() => sessionStorage.getItem('ringcard.token'))).toBe('demo-1001')
  })

  it('shows a ringing customer call from the snapshot, and announces it', async () => {
    hub.send({ type: 'snapshot', calls: [callView()] })
    const card = 'ringcard-card[data-call="c-1"]'
    await expect.poll(() => text(`${card} .salutation`)).toBe('Ms Doe')
    expect(await page.locator(`${card} .tier-gold`).textContent()).toBe('gold')
    expect(await page.locator(`${card} .chip`).allTextContents()).toEqual(['VIP', 'Wholesale'])
    expect(await text(`${card} .issues`)).toContain('Router keeps rebooting')
    const contacts = await text(`${card} .contacts`)
    expect(contacts).toContain('Firmware update sent, will call back')
    expect(contacts).toContain('✗ unresolved')
    expect(contacts).toContain('✓ resolved')
    expect(await text(`${card} .state-line`)).toMatch(/ringing…\s+queue support/)
    expect(await text('ringcard-pop [aria-live="assertive"]')).toBe('Incoming call from Ms Doe (ACME GmbH)')
    await page.screenshot({ path: join(artifacts, 'widget-ringing.png') })
  })

  it('choose: key 2 picks the second candidate', async () => {
    await page.evaluate(() => {
      document.addEventListener('ringcard-choose', (e) => { document.body.dataset.chosen = JSON.stringify(e.detail) })
    })
    const candidates = [
      customerCard({ customerId: 11, displayName: 'Max Meier', salutation: 'Mr Meier', company: 'Meier KG', tier: 'silver' }),
      customerCard({ customerId: 12, displayName: 'Eva Meier', salutation: 'Ms Meier', company: null, tier: 'bronze' })
    ]
    hub.send({ type: 'call', call: callView({ id: 'c-2', number: '+49 89 555', match: { kind: 'choose', candidates } }) })
    const card = 'ringcard-card[data-call="c-2"]'
    await expect.poll(() => page.locator(`${card} .candidate`).count()).toBe(2)
    await page.screenshot({ path: join(artifacts, 'widget-choose.png') })
    await page.keyboard.press('2')
    await expect.poll(() => text(`${card} .salutation`)).toBe('Ms Meier')
    expect(JSON.parse(await page.evaluate(() => document.body.dataset.chosen ?? 'null')))
      .toEqual({ callId: 'c-2', customerId: 12 })
    // The agent is told, so the call is filed on the chosen customer.
    const put = await agent.waitForRequest('PUT', '/api/calls/c-2/customer')
    expect(put.body).toEqual({ customerId: 12 })
    expect(put.headers.authorization).toBe('Bearer demo-1001')
  })

  it('unknown caller: typing a name + Enter creates the lead with the number prefilled', async () => {
    hub.send({
      type: 'call',
      call: callView({ id: 'c-3', callerName: null, number: '030 1234567', match: { kind: 'unknown', number: '030 1234567', e164: '+49301234567' } })
    })
    const card = 'ringcard-card[data-call="c-3"]'
    await expect.poll(() => page.locator(`${card} input[name="phone"]`).inputValue()).toBe('+49301234567')
    await page.screenshot({ path: join(artifacts, 'widget-lead.png') })
    agent.reply((r) => r.path === '/api/customers', (r) => ({
      status: 201,
      body: { customer: customerCard({ customerId: 40, displayName: 'Max Mustermann', salutation: 'Max Mustermann', stage: 'lead', tier: null, groups: [], openIssues: [], lastContacts: [], why: `created from call ${String((r.body as { callId?: string }).callId)}` }) }
    }))
    await page.keyboard.type('Max Mustermann')
    await page.keyboard.press('Enter')
    const request = await agent.waitForRequest('POST', '/api/customers')
    expect(request.body).toEqual({ displayName: 'Max Mustermann', phone: '+49301234567', callId: 'c-3' })
    expect(request.headers.authorization).toBe('Bearer demo-1001')
    await expect.poll(() => text(`${card} .salutation`)).toBe('Max Mustermann')
  })

  it('wrap-up: 1 + Enter saves; a failed save keeps the form, retries with the same Idempotency-Key, and an edited form gets a new one', async () => {
    const answeredAt = new Date(Date.now() - 95_000).toISOString()
    hub.send({ type: 'call', call: callView({ state: 'ended', myLeg: 'ended', answeredAt, endedAt: new Date().toISOString() }) })
    const form = 'ringcard-wrapup[data-call="c-1"]'
    await page.locator(`${form} form`).waitFor()
    agent.reply((r) => r.path === '/api/calls/c-1/outcome', () => ({
      status: 503, body: { statusCode: 503, code: 'RC_ERR_STORE_UNAVAILABLE', message: 'Store unavailable' }
    }))
    await page.keyboard.press('1')
    await page.screenshot({ path: join(artifacts, 'widget-wrapup.png') })
    await page.keyboard.press('Enter')
    const first = await agent.waitForRequest('POST', '/api/calls/c-1/outcome')
    expect(first.body).toEqual({ disposition: 'sales', resolved: false, customerId: 1 })
    const key = first.headers['idempotency-key']
    expect(key).toMatch(uuid)
    expect(first.headers.authorization).toBe('Bearer demo-1001')
    await expect.poll(() => text(`${form} .status`)).toContain('RC_ERR_STORE_UNAVAILABLE')

    // Retrying the same content reuses the key, so the agent can never store it twice.
    agent.reply((r) => r.path === '/api/calls/c-1/outcome', () => ({
      status: 503, body: { statusCode: 503, code: 'RC_ERR_STORE_UNAVAILABLE', message: 'Store unavailable' }
    }))
    await page.keyboard.press('Enter')
    const retry = await agent.waitForRequest('POST', '/api/calls/c-1/outcome', 1)
    expect(retry.body).toEqual(first.body)
    expect(retry.headers['idempotency-key']).toBe(key)
    await expect.poll(() => text(`${form} .status`)).toContain('RC_ERR_STORE_UNAVAILABLE')

    // Picking moved focus to the note: digits typed there stay in the note; Ctrl+Enter (or Enter) saves.
    await page.keyboard.type('call back at 3')
    agent.reply((r) => r.path === '/api/calls/c-1/outcome', () => ({
      status: 201, body: { interactionId: 501, issueId: null, replayed: false }
    }))
    agent.reply((r) => r.path === '/api/customers/1', () => ({
      status: 200, body: { customer: customerCard(), contacts: customerCard().lastContacts }
    }))
    await page.keyboard.press('Control+Enter')
    const second = await agent.waitForRequest('POST', '/api/calls/c-1/outcome', 2)
    expect(second.body).toEqual({ disposition: 'sales', resolved: false, customerId: 1, note: 'call back at 3' })
    // Edited content is a new outcome: a new key, so the agent stores the edit (as a correction if the first one landed).
    expect(second.headers['idempotency-key']).toMatch(uuid)
    expect(second.headers['idempotency-key']).not.toBe(key)
    await expect.poll(() => text(`${form} .status`)).toContain('saved ✓')

    await agent.waitForRequest('GET', '/api/customers/1')
    await expect.poll(() => text('ringcard-customer .contacts h3')).toBe('Contact history (2)')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('ringcard-customer').count()).toBe(0)
    expect(agent.requests.filter((r) => r.path === '/api/calls/c-1/outcome')).toHaveLength(3)
  })

  it('renders hostile caller ID and names as literal text', async () => {
    hub.send({
      type: 'call',
      call: callView({ id: 'c-4', callerName: hostile, match: { kind: 'customer', card: customerCard({ customerId: 66, displayName: hostile, salutation: hostile }) } })
    })
    await expect.poll(async () => (await deepScan(page)).text).toContain(`“${hostile}”`)
    await page.waitForTimeout(200)
    const scan = await deepScan(page)
    expect(scan.text).toContain(hostile)
    expect(scan.images).toBe(0)
    expect(dialogs).toEqual([])
  })

  it('a call answered by a colleague shows who took it, then disappears', async () => {
    hub.send({ type: 'call', call: callView({ id: 'c-4', myLeg: 'cancelled', state: 'connected', answeredBy: '1002', answeredByName: 'Bob Agent' }) })
    const notice = 'ringcard-pop .notice[data-call="c-4"]'
    await expect.poll(() => text(notice)).toContain('Answered by Bob Agent')
    await expect.poll(() => page.locator(notice).count(), { timeout: 7_000 }).toBe(0)
  })

  it('a missed call stays until dismissed', async () => {
    hub.send({ type: 'call', call: callView({ id: 'c-5', myLeg: 'noanswer', state: 'ended', endedAt: new Date().toISOString() }) })
    const notice = 'ringcard-pop .notice[data-call="c-5"]'
    await expect.poll(() => text(notice)).toContain('Missed call')
    await page.locator(`${notice} button`).press('Enter')
    await expect.poll(() => page.locator(notice).count()).toBe(0)
  })

  it('shows above the fold: birthday today, why the tier, and the volume when the reason does not say it', async () => {
    const card = customerCard({
      customerId: 6, tier: 'silver', tierWhy: 'set by hand: long-standing partner', birthdayToday: true,
      purchaseVolume: { amountMinor: 30_000, currency: 'EUR', windowDays: 365, text: '€300 in 12 months' }
    })
    hub.send({ type: 'call', call: callView({ id: 'c-6', match: { kind: 'customer', card } }) })
    const standing = 'ringcard-card[data-call="c-6"] .standing'
    await expect.poll(() => text(standing)).toContain('Birthday today')
    expect(await text(standing)).toContain('set by hand: long-standing partner')
    expect(await text(standing)).toContain('€300 in 12 months')
    // A reason by the rules already names the volume: it is not said twice.
    hub.send({ type: 'call', call: callView({ id: 'c-7' }) })
    const ruled = 'ringcard-card[data-call="c-7"] .standing'
    await expect.poll(() => text(ruled)).toContain('€12,400 in 12 months, 96% paid on time')
    expect((await text(ruled)).split('€12,400')).toHaveLength(2)
    expect(await page.locator('ringcard-card[data-call="c-7"] .birthday').count()).toBe(0)
  })

  it('a seq gap reconnects, re-authenticates and takes the fresh snapshot', async () => {
    hub.sendAfterGap({ type: 'pbx', status: 'disconnected' }, 3)
    const next = await agent.waitForConnection(1)
    expect(await next.nextMessage()).toEqual({ type: 'auth', v: 1, token: 'demo-1001' })
    next.send({ type: 'welcome', operator, dispositions, pbx: 'disconnected' })
    next.send({ type: 'snapshot', calls: [] })
    await expect.poll(() => text('ringcard-pop header')).toContain('PBX down')
    hub = next
  })

  it('close code 4401 returns to the sign-in form with a clear message', async () => {
    hub.send({ type: 'error', code: 'RC_ERR_AUTH_INVALID', message: 'token revoked' })
    hub.close(4401)
    await expect.poll(() => text('ringcard-pop .signin')).toContain('Your token was not accepted (token revoked)')
    expect(await page.evaluate(() => sessionStorage.getItem('ringcard.token'))).toBeNull()
    await page.screenshot({ path: join(artifacts, 'widget-signin.png') })
    expect(pageErrors).toEqual([])
  })
})
