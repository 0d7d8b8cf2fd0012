/**
 * A possible match in Chromium: a legacy number that only shares the caller's
 * last digits is shown as "possible match, press Enter to confirm", never as
 * the customer's card; Enter confirms through the chooser's path
 * (`PUT /api/calls/:callId/customer`), and only then the card appears.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildWidget } from '../../web-widget/build.js'
import { chromiumAvailability, launchChromium } from '../support/browser.js'
import { callView, customerCard, dispositions, operator } from './call-fixtures.js'
import { FakeAgent, type HubConnection } from './fake-agent.js'

const chromium = chromiumAvailability()
const artifacts = join(process.cwd(), 'test-artifacts')

describe.skipIf(!chromium.run)('<ringcard-pop> possible match in Chromium', () => {
  let outDir: string
  let agent: FakeAgent
  let browser: Browser
  let page: Page
  let hub: HubConnection
  const pageErrors: string[] = []

  const text = (selector: string): Promise<string> => page.locator(selector).first().textContent().then((t) => t ?? '')

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'ringcard-widget-possible-'))
    await buildWidget({ outDir })
    await mkdir(artifacts, { recursive: true })
    agent = await FakeAgent.start(outDir)
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1100, height: 760 } })
    page.setDefaultTimeout(5_000)
    page.on('pageerror', (e) => pageErrors.push(e.message))
    await page.goto(`${agent.origin}/`)
    await page.locator('ringcard-pop input[name="token"]').fill('demo-1001')
    await page.keyboard.press('Enter')
    hub = await agent.waitForConnection(0)
    await hub.nextMessage()
    hub.send({ type: 'welcome', operator, dispositions, pbx: 'connected' })
    hub.send({ type: 'snapshot', calls: [] })
  })

  afterAll(async () => {
    await browser?.close()
    await agent?.stop()
    if (outDir) await rm(outDir, { recursive: true, force: true })
  })

  it('shows "possible match, press Enter to confirm", not the card; Enter confirms through PUT …/customer', async () => {
    const lena = customerCard({
      customerId: 21, displayName: 'Lena Legacy', salutation: 'Lena Legacy', honorific: null, company: null, tier: null,
      confidence: 'suffix', why: 'last 8 digits 98765432 match "0171 98765432 (privat)", stored unverified'
    })
    hub.send({
      type: 'call',
      call: callView({ id: 'c-p', callerName: null, number: '+49 171 98765432', match: { kind: 'possible', candidates: [lena], number: '+49 171 98765432', e164: '+4917198765432' } })
    })
    const card = 'ringcard-card[data-call="c-p"]'
    await expect.poll(() => text(`${card} .possible`)).toContain('Possible match — press Enter to confirm')
    expect(await text(`${card} .possible`)).toContain('Lena Legacy')
    expect(await text(`${card} .possible`)).toContain('stored unverified')
    // Not the customer's card: no greeting, issues or history until the operator confirms.
    expect(await page.locator(`${card} .salutation`).count()).toBe(0)
    expect(await page.locator(`${card} .issues`).count()).toBe(0)
    expect(await text('ringcard-pop [aria-live="assertive"]')).not.toContain('Lena Legacy')
    await page.screenshot({ path: join(artifacts, 'widget-possible.png') })

    await page.keyboard.press('Enter')
    const put = await agent.waitForRequest('PUT', '/api/calls/c-p/customer')
    expect(put.body).toEqual({ customerId: 21 })
    expect(put.headers.authorization).toBe('Bearer demo-1001')
    await expect.poll(() => text(`${card} .salutation`)).toBe('Lena Legacy')
    expect(pageErrors).toEqual([])
  })

  it('"Not them" turns a possible match into the create-lead form with the number prefilled', async () => {
    const other = customerCard({ customerId: 22, displayName: 'Otto Old', salutation: 'Otto Old', confidence: 'suffix', why: 'last 8 digits match' })
    hub.send({
      type: 'call',
      call: callView({ id: 'c-q', callerName: null, number: '+49 171 11112222', match: { kind: 'possible', candidates: [other], number: '+49 171 11112222', e164: '+4917111112222' } })
    })
    const card = 'ringcard-card[data-call="c-q"]'
    await page.locator(`${card} button`, { hasText: 'Not them' }).click()
    await expect.poll(() => page.locator(`${card} input[name="phone"]`).inputValue()).toBe('+4917111112222')
    expect(await page.locator(`${card} .possible`).count()).toBe(0)
  })
})
