/**
 * The real thing in Chromium: the whole agent (fake PBX over real AMI/TCP,
 * SQLite) serving the built widget, embedded in an intranet page on another
 * origin — so CORS on the REST API and the Origin allow-list on the WebSocket
 * are exercised by a real browser, not by a test client that sets headers.
 * One dialect is enough here; the store and API suites cover PostgreSQL.
 * Calls replay on the agent's test clock (no wall time; held where the test
 * looks at a ringing card), and the page runs on Playwright's clock, so the
 * widget's own timers can be fast-forwarded instead of waited for.
 */
import { mkdir, readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_NUMBERS } from '../../agent/demo/seed.js'
import { SAVED_LINGER_MS } from '../../web-widget/src/call-list.js'
import { buildWidget, defaultOutDir } from '../../web-widget/build.js'
import { INTRANET, startAgent, trace, type Agent } from '../support/agent-harness.js'
import { chromiumAvailability, deepScan, launchChromium } from '../support/browser.js'
import { dialects, useTestDatabase } from '../support/databases.js'

const chromium = chromiumAvailability()
const artifacts = join(process.cwd(), 'test-artifacts')
/** The caller number and caller ID name recorded in the fixture traces. */
const RECORDED_NUMBER = '+4915112345678'
const RECORDED_NAME = 'Jane Doe'
const ALERT = '<img src=x onerror=alert(1)>'
const FLAG = '<img src=x onerror=window.__xss=1>'

describe.runIf(!chromium.run && chromium.mustFail)('browser prerequisites', () => {
  it('has Chromium installed', () => {
    throw new Error(chromium.run ? '' : chromium.notice)
  })
})

/**
 * A page server on its own origin. `widget` says where the page loads the
 * widget from: the agent (the documented embedding) or a copy it hosts itself.
 */
class PageServer {
  agentUrl = ''
  private readonly server: Server

  private constructor (private readonly widget: 'agent' | 'self-hosted') {
    this.server = createServer((req, res) => {
      void this.handle(req.url ?? '/').then(
        ({ type, body }) => { res.writeHead(200, { 'content-type': type }).end(body) },
        (err: unknown) => { res.writeHead(500).end(String(err)) })
    })
  }

  static async start (widget: 'agent' | 'self-hosted'): Promise<PageServer> {
    const s = new PageServer(widget)
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve))
    return s
  }

  get origin (): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  close (): Promise<void> {
    this.server.closeAllConnections()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }

  /** The demo intranet page, re-pointed at the agent the way an intranet embeds it. */
  private async handle (path: string): Promise<{ type: string; body: string | Buffer }> {
    if (path === '/widget.js' && this.widget === 'self-hosted') {
      return { type: 'text/javascript', body: await readFile(join(defaultOutDir, 'widget.js')) }
    }
    const demo = await readFile(join(defaultOutDir, 'index.html'), 'utf8')
    const scriptSrc = this.widget === 'agent' ? `${this.agentUrl}/widget.js` : '/widget.js'
    const page = demo
      .replace('<ringcard-pop></ringcard-pop>', `<ringcard-pop server="${this.agentUrl}"></ringcard-pop>`)
      .replace('src="/widget.js"', `src="${scriptSrc}"`)
    if (!page.includes(`server="${this.agentUrl}"`) || !page.includes(`src="${scriptSrc}"`)) {
      throw new Error('the demo page no longer has the markup this test re-points')
    }
    return { type: 'text/html; charset=utf-8', body: page }
  }
}

const sqlite = (await dialects()).find(([name]) => name === 'sqlite')![1]

describe.skipIf(!chromium.run)('ringcard end to end in Chromium (SQLite)', () => {
  const t = useTestDatabase(sqlite, { resetEachTest: false })
  let intranet: PageServer
  let stranger: PageServer
  let agent: Agent
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let callId = ''
  const dialogs: string[] = []
  const pageErrors: string[] = []

  const text = (selector: string): Promise<string> => page.locator(selector).first().textContent().then((s) => s ?? '')
  const rows = (id: string) => t.db.selectFrom('interactions').selectAll().where('call_id', '=', id).execute()

  beforeAll(async () => {
    await buildWidget()
    await mkdir(artifacts, { recursive: true })
    intranet = await PageServer.start('agent')
    stranger = await PageServer.start('self-hosted')
    // The agent's own origin is irrelevant here: operators use it from the intranet page.
    agent = await startAgent(t, { env: { RINGCARD_ALLOWED_ORIGINS: `${INTRANET},${intranet.origin}` } })
    intranet.agentUrl = agent.baseUrl
    stranger.agentUrl = agent.baseUrl
    browser = await launchChromium()
    context = await browser.newContext({ viewport: { width: 1100, height: 760 } })
    page = await context.newPage()
    // Time flows as usual until a test fast-forwards it.
    await page.clock.install()
    page.setDefaultTimeout(5_000)
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss() })
    page.on('pageerror', (e) => pageErrors.push(e.message))
  })

  afterAll(async () => {
    await browser?.close()
    await agent?.close()
    await intranet?.close()
    await stranger?.close()
  })

  it('signs in from the intranet page (another origin) with the token typed into the widget', async () => {
    await page.goto(`${intranet.origin}/`)
    expect(new URL(page.url()).origin).not.toBe(new URL(agent.baseUrl).origin)
    await page.locator('ringcard-pop input[name="token"]').fill('demo-1001')
    await page.keyboard.press('Enter')
    await expect.poll(() => text('ringcard-pop .operator')).toContain('Anna Berg')
    await expect.poll(() => text('ringcard-pop header')).toContain('Connected')
    expect(agent.app.ringcard.hub.connectedOperators).toBe(1)
  })

  it('pops Jane Doe\'s card while the phone is still ringing', async () => {
    // Trace 01 rings 1001 at +3 ms and answers at +1005 ms: the call rings until released.
    agent.clock.holdFor(1000)
    const done = agent.pbx.play(await trace('01-inbound-answered'), { rewrite: { [RECORDED_NUMBER]: DEMO_NUMBERS.jane } })
    const card = page.locator('ringcard-card').first()
    await card.waitFor()
    callId = (await card.getAttribute('data-call')) ?? ''
    expect(callId).not.toBe('')
    const sel = `ringcard-card[data-call="${callId}"]`
    // Read in one go, so "ringing" and the customer data are seen in the same frame.
    const seen = await page.locator(sel).evaluate((el) => {
      const root = el.shadowRoot!
      const q = (s: string) => root.querySelector(s)?.textContent?.trim() ?? ''
      return { state: q('.st'), salutation: q('.salutation'), tier: q('.tier-gold'), issues: q('.issues'), contacts: q('.contacts') }
    })
    expect(seen.state).toBe('ringing…')
    expect(agent.app.ringcard.tracker.calls().find((c) => c.id === callId)?.state).toBe('ringing')
    expect(seen.salutation).toBe('Ms Doe')
    expect(seen.tier).toBe('gold')
    expect(seen.issues).toContain('Invoice 2026-114 charged twice')
    expect(seen.contacts).toContain('Invoice 2026-114 charged twice; finance is checking.')
    expect(seen.contacts).toContain('Quarterly review at their office.')
    expect(seen.contacts).toContain('✗ unresolved')
    expect(await text(`${sel} .who`)).toContain('Doe Logistics GmbH')
    expect(await text('ringcard-pop [aria-live="assertive"]')).toBe('Incoming call from Ms Doe (Doe Logistics GmbH)')
    await page.screenshot({ path: join(artifacts, 'e2e-ringing.png') })
    // Answered, then held again while it talks (the caller hangs up at +3009 ms).
    await agent.clock.held()
    agent.clock.holdFor(1500)
    await agent.clock.held()
    await expect.poll(() => text(`${sel} .st`), { timeout: 5_000 }).toMatch(/^connected \d\d:\d\d$/)
    agent.clock.release()
    await done
  })

  it('wrap-up by keyboard only, as the README says: 1, a note, Tab Space (resolved), Enter — stored on the call\'s one row', async () => {
    const form = `ringcard-wrapup[data-call="${callId}"]`
    await page.locator(`${form} form`).waitFor()
    await page.keyboard.press('1')
    await expect.poll(() => page.locator(`${form} .disp[aria-checked="true"]`).allTextContents()).toEqual(['1Support'])
    await page.keyboard.type('Reset router, works again')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Space')
    await page.screenshot({ path: join(artifacts, 'e2e-wrapup.png') })
    await page.keyboard.press('Enter')
    await expect.poll(() => text(`${form} .status`)).toContain('saved ✓')

    await agent.settled()
    const first = agent.config.dispositions[0]!
    expect(first.code).toBe('support')
    const anna = await t.db.selectFrom('operators').select('id').where('login', '=', 'anna').executeTakeFirstOrThrow()
    const stored = await rows(callId)
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ disposition: first.code, operator_id: anna.id, call_result: 'answered', kind: 'call', extension: '1001', note: 'Reset router, works again' })
    expect(Boolean(stored[0]!.resolved)).toBe(true)
  })

  it('the customer file opens after the save and lists this call with its outcome', async () => {
    await expect.poll(() => text('ringcard-customer .contacts h3')).toBe('Contact history (4)')
    expect(await text('ringcard-customer .salutation')).toBe('Ms Doe')
    const newest = await text('ringcard-customer .contacts li')
    expect(newest).toContain('call in')
    expect(newest).toContain('answered')
    expect(newest).toContain('Support')
    expect(newest).toContain('✓ resolved')
    expect(newest).toContain('Reset router, works again')
    expect(newest).toContain('Anna Berg')
    // Let the "saved ✓" wrap-up leave (after its linger, on the widget's 1 s tick), so the picture shows the file as the operator sees it afterwards.
    await page.clock.runFor(SAVED_LINGER_MS + 1000)
    await expect.poll(() => page.locator('ringcard-wrapup').count(), { timeout: 4_000 }).toBe(0)
    await page.screenshot({ path: join(artifacts, 'e2e-customer-file.png') })
    // Still keyboard only: the file kept the focus it took when it opened, so Escape reaches it.
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('ringcard-customer').count()).toBe(0)
  })

  it('hostile caller ID names and customer names render as literal text', async () => {
    await page.evaluate(() => { delete (window as { __xss?: unknown }).__xss })
    // 1) Unknown number, caller ID name with markup.
    await agent.pbx.play(await trace('01-inbound-answered'), {
      rewrite: { [RECORDED_NUMBER]: DEMO_NUMBERS.unknown, [RECORDED_NAME]: ALERT }
    })
    await expect.poll(async () => (await deepScan(page)).text).toContain(`“${ALERT}”`)

    // 2) A stored customer whose name (and company) carry markup, calling with a hostile caller ID name.
    const hostileNumber = '+4917699887766'
    const created = await agent.request('POST', '/api/customers', {
      token: 'demo-1001', body: { displayName: ALERT, company: FLAG, phone: hostileNumber }
    })
    expect(created.status).toBe(201)
    await agent.pbx.play(await trace('01-inbound-answered'), {
      rewrite: { [RECORDED_NUMBER]: hostileNumber, [RECORDED_NAME]: FLAG }
    })
    const salutations = () => page.locator('ringcard-card .salutation').allTextContents()
    await expect.poll(salutations).toContain(ALERT)
    await expect.poll(async () => (await deepScan(page)).text).toContain(`“${FLAG}”`)
    // Both calls ended (the replays resolve once the agent handled them): the page is done once both wrap-ups show.
    await expect.poll(() => page.locator('ringcard-wrapup').count()).toBe(2)

    const scan = await deepScan(page)
    expect(scan.text).toContain(`${ALERT}, `) // wrap-up heading of the unknown caller: "name, number"
    expect(scan.text).toContain(FLAG) // company
    expect(scan.images).toBe(0)
    expect(await page.locator('img').count()).toBe(0)
    expect(dialogs).toEqual([])
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined()
    await page.screenshot({ path: join(artifacts, 'e2e-xss.png') })
    expect(pageErrors).toEqual([])
  })

  it('a page on an origin that is not allow-listed cannot connect, and the widget says why', async () => {
    const before = agent.app.ringcard.hub.connectedOperators
    const other = await browser.newPage({ viewport: { width: 1100, height: 760 } })
    other.setDefaultTimeout(5_000)
    try {
      await other.goto(`${stranger.origin}/`)
      await other.locator('ringcard-pop input[name="token"]').fill('demo-1001')
      await other.keyboard.press('Enter')
      const signin = () => other.locator('ringcard-pop .signin').textContent().then((s) => s ?? '')
      await expect.poll(signin).toContain(`This page's origin (${stranger.origin}) is not allowed to use ringcard`)
      expect(await other.locator('ringcard-pop input[name="token"]').count()).toBe(0)
      expect(await other.locator('ringcard-pop header').textContent()).toContain('Not connected')
      await other.screenshot({ path: join(artifacts, 'e2e-origin-refused.png') })
      expect(agent.app.ringcard.hub.connectedOperators).toBe(before)
    } finally {
      await other.close()
    }
  })
})
