/**
 * The customer view (`<ringcard-customer>` and the search) in Chromium against
 * the real agent (fake PBX over real AMI/TCP, SQLite, the demo seed): an
 * operator finds the Persian demo customer, opens the file from the card and
 * from the search, and changes it by keyboard. Asserts on what crosses the
 * wire: the rows in the database, the request the search sends, and pixels.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CustomerRecord } from '../../agent/contracts/customers.js'
import type { PurchaseList, TimelineEntry } from '../../agent/contracts/timeline.js'
import { DEMO_NUMBERS } from '../../agent/demo/seed.js'
import { buildWidget } from '../../web-widget/build.js'
import { startAgent, trace, type Agent } from '../support/agent-harness.js'
import { chromiumAvailability, launchChromium } from '../support/browser.js'
import { dialects, useTestDatabase } from '../support/databases.js'
import { callView, customerCard, dispositions, operator } from './call-fixtures.js'
import { FakeAgent, type HubConnection } from './fake-agent.js'

const chromium = chromiumAvailability()
const artifacts = join(process.cwd(), 'test-artifacts')
const RECORDED_NUMBER = '+4915112345678'
/** The seeded name, with Persian ی (U+06CC). */
const PERSIAN_NAME = 'شیرین تهرانی'
/** The same name as an Arabic keyboard types it: ي (U+064A) for ی. */
const ARABIC_YEH_NAME = 'شيرين تهراني'

describe.runIf(!chromium.run && chromium.mustFail)('browser prerequisites', () => {
  it('has Chromium installed', () => {
    throw new Error(chromium.run ? '' : chromium.notice)
  })
})

/**
 * The demo intranet page on its own origin, hosting its own copy of the widget
 * (built for this file, so no other suite's build of `dist/` can race it) and
 * pointing it at the agent.
 */
async function intranetPage (widgetDir: string, agentUrl: () => string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = req.url?.split('?')[0] ?? '/'
    const send = async (): Promise<void> => {
      if (path === '/widget.js' || path === '/widget.js.map') {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(await readFile(join(widgetDir, path.slice(1))))
        return
      }
      const demo = await readFile(join(widgetDir, 'index.html'), 'utf8')
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(demo.replace('<ringcard-pop></ringcard-pop>', `<ringcard-pop server="${agentUrl()}"></ringcard-pop>`))
    }
    send().catch((err: unknown) => { res.writeHead(500).end(String(err)) })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return server
}

const sqlite = (await dialects()).find(([name]) => name === 'sqlite')![1]

describe.skipIf(!chromium.run)('customer view in Chromium against the agent (SQLite)', () => {
  const t = useTestDatabase(sqlite, { resetEachTest: false })
  let agent: Agent
  let intranet: Server
  let widgetDir: string
  let browser: Browser
  let page: Page
  let shirinId = 0
  let annaId = 0
  let benId = 0
  const pageErrors: string[] = []

  const text = (selector: string): Promise<string> => page.locator(selector).first().textContent().then((s) => s ?? '')
  const file = 'ringcard-customer'
  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: `/tmp/customer-view-${name}.png` })
    await page.screenshot({ path: join(artifacts, `customer-view-${name}.png`) })
  }

  beforeAll(async () => {
    widgetDir = await mkdtemp(join(tmpdir(), 'ringcard-widget-customer-'))
    await buildWidget({ outDir: widgetDir })
    await mkdir(artifacts, { recursive: true })
    intranet = await intranetPage(widgetDir, () => agent.baseUrl)
    const origin = `http://127.0.0.1:${(intranet.address() as AddressInfo).port}`
    agent = await startAgent(t, { env: { RINGCARD_ALLOWED_ORIGINS: origin } })
    const shirin = await t.db.selectFrom('customers').select('id').where('display_name', '=', PERSIAN_NAME).executeTakeFirstOrThrow()
    shirinId = shirin.id
    annaId = (await t.db.selectFrom('operators').select('id').where('login', '=', 'anna').executeTakeFirstOrThrow()).id
    benId = (await t.db.selectFrom('operators').select('id').where('login', '=', 'ben').executeTakeFirstOrThrow()).id
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } })
    page.setDefaultTimeout(5_000)
    page.on('pageerror', (e) => pageErrors.push(e.message))
  })

  afterAll(async () => {
    await browser?.close()
    await agent?.close()
    intranet?.closeAllConnections()
    await new Promise((resolve) => intranet?.close(resolve))
    if (widgetDir) await rm(widgetDir, { recursive: true, force: true })
  })

  it('signs in, and with no call ringing shows the customer search', async () => {
    const { port } = intranet.address() as AddressInfo
    await page.goto(`http://127.0.0.1:${port}/`)
    await page.locator('ringcard-pop input[name="token"]').fill('demo-1001')
    await page.keyboard.press('Enter')
    await expect.poll(() => text('ringcard-pop header')).toContain('Connected')
    await page.locator('ringcard-search input').waitFor()
    // `/` from anywhere on the page (not typing) puts the caret in it.
    await page.locator('body').click({ position: { x: 5, y: 300 } })
    await page.keyboard.press('/')
    await expect.poll(() => page.locator('ringcard-search input').evaluate((el) => el.matches(':focus'))).toBe(true)
    expect(await page.locator('ringcard-search input').inputValue()).toBe('')
    await page.keyboard.press('Escape')
    await shot('idle')
  })

  it('opens the full file from the ringing card ("Open file")', async () => {
    agent.clock.holdFor(1000)
    const done = agent.pbx.play(await trace('01-inbound-answered'), { rewrite: { [RECORDED_NUMBER]: DEMO_NUMBERS.persian } })
    const card = page.locator('ringcard-card').first()
    await card.waitFor()
    await expect.poll(() => text('ringcard-card .salutation')).toContain('تهرانی')
    // While a call rings the search makes way for the card.
    expect(await page.locator('ringcard-search').count()).toBe(0)
    await page.locator('ringcard-card [part="open-file"]').click()
    await expect.poll(() => text(`${file} .salutation`)).toContain('تهرانی')
    await expect.poll(() => text(`${file} ringcard-customer-fields section`)).toContain('+98 912 123 4567')
    expect(await text(`${file} .controls`)).toContain('Anna Berg')
    expect(await page.locator(`${file} .stage-btn[aria-pressed="true"]`).textContent()).toBe('customer')
    await expect.poll(() => text(`${file} ringcard-timeline .contacts`)).toContain('Ordered the annual plan')
    await expect.poll(() => text(`${file} ringcard-purchases section`)).toContain('4 purchases')
    agent.clock.release()
    await done
    // The call ended: wrap it up as the README says (1, Enter); the file reopens with the call in it.
    const wrapup = page.locator('ringcard-wrapup form')
    await wrapup.waitFor()
    await wrapup.focus()
    await page.keyboard.press('1')
    await page.keyboard.press('Enter')
    await expect.poll(() => text('ringcard-wrapup .status')).toContain('saved ✓')
    await expect.poll(() => text(`${file} ringcard-timeline .contacts li`)).toContain('call in')
    await shot('from-card')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator(file).count()).toBe(0)
  })

  it('finds the Persian customer by a name typed with Arabic ي, and opens the file with the keyboard', async () => {
    const searches: URL[] = []
    const listen = (r: { url: () => string }): void => {
      const url = new URL(r.url())
      if (url.pathname === '/api/customers' && url.searchParams.has('q')) searches.push(url)
    }
    page.on('request', listen)
    try {
      await page.keyboard.press('/')
      await expect.poll(() => page.locator('ringcard-search input').evaluate((el) => el.matches(':focus'))).toBe(true)
      await page.keyboard.type(ARABIC_YEH_NAME)
      const option = page.locator('ringcard-search [role="option"]', { hasText: PERSIAN_NAME })
      await option.waitFor()
      await shot('search')
      // What crossed the wire is what was typed (Arabic ي): the agent folds it, not the widget.
      expect(searches.at(-1)?.searchParams.get('q')).toBe(ARABIC_YEH_NAME)
      expect([...ARABIC_YEH_NAME].some((c) => c === '\u064A')).toBe(true)
      expect(await page.locator('ringcard-search input').getAttribute('aria-expanded')).toBe('true')
      // Arrow keys move the choice (wrapping round), Enter opens it.
      const count = await page.locator('ringcard-search [role="option"]').count()
      for (let i = 0; i < count; i++) await page.keyboard.press('ArrowDown')
      expect(await option.getAttribute('aria-selected')).toBe(await page.locator('ringcard-search [role="option"]').first().getAttribute('aria-selected'))
      while (await option.getAttribute('aria-selected') !== 'true') await page.keyboard.press('ArrowDown')
      await page.keyboard.press('Enter')
      await expect.poll(() => text(`${file} .salutation`)).toContain('تهرانی')
      await expect.poll(() => page.locator(`${file} section.file`).evaluate((el) => el.matches(':focus'))).toBe(true)
      expect(await page.locator('ringcard-search input').inputValue()).toBe('')
      const found = await t.db.selectFrom('audit_log').selectAll()
        .where('action', '=', 'customer.find').where('actor_id', '=', annaId).where('entity_id', '=', String(shirinId)).execute()
      expect(found.length).toBeGreaterThan(0)
    } finally {
      page.off('request', listen)
    }
  })

  it('adds a note, opens an issue and resolves it; both show in the timeline and land in the database', async () => {
    await openShirin()
    await page.keyboard.press('n')
    const entryForm = `${file} ringcard-timeline form[data-form="entry"]`
    await expect.poll(() => page.locator(`${entryForm} select[name="kind"]`).evaluate((el) => el.matches(':focus'))).toBe(true)
    expect(await page.locator(`${entryForm} select[name="kind"]`).inputValue()).toBe('note')
    await page.locator(`${entryForm} textarea[name="note"]`).fill('فاکتور فارسی را دوباره خواست.')
    await page.keyboard.press('Enter')
    await expect.poll(() => text(`${file} ringcard-timeline .contacts li`)).toContain('فاکتور فارسی را دوباره خواست.')
    expect(await page.locator(entryForm).isHidden()).toBe(true)

    await page.keyboard.press('i')
    const issueForm = `${file} ringcard-issues form[data-form="issue"]`
    await page.locator(`${issueForm} input[name="title"]`).fill('Persian invoice missing')
    await page.keyboard.press('Enter')
    const openIssue = `${file} ringcard-issues li.issue:not(.resolved)`
    await expect.poll(() => text(openIssue)).toContain('Persian invoice missing')
    const issue = await t.db.selectFrom('issues').selectAll().where('customer_id', '=', shirinId).where('title', '=', 'Persian invoice missing').executeTakeFirstOrThrow()
    expect(issue).toMatchObject({ status: 'open', opened_by: annaId })

    await page.locator(`${openIssue} button[data-opens^="resolve-"]`).click()
    await page.keyboard.type('Sent the corrected invoice')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator(`${file} ringcard-issues li.issue.resolved`).count()).toBe(1)
    const newest = page.locator(`${file} ringcard-timeline .contacts li`).first()
    await expect.poll(() => newest.textContent()).toContain('Sent the corrected invoice')
    expect(await newest.textContent()).toContain('✓ resolved')
    expect(await newest.textContent()).toContain(`Issue #${issue.id}: Persian invoice missing (resolved)`)
    expect(await newest.textContent()).toContain('Anna Berg')
    const second = await page.locator(`${file} ringcard-timeline .contacts li`).nth(1).textContent()
    expect(second).toContain('فاکتور فارسی را دوباره خواست.')
    expect(second).not.toContain('resolved')
    await shot('timeline')

    const notes = await t.db.selectFrom('interactions').selectAll().where('customer_id', '=', shirinId).where('kind', '=', 'note').orderBy('id').execute()
    expect(notes).toHaveLength(2)
    expect(notes[0]).toMatchObject({ note: 'فاکتور فارسی را دوباره خواست.', operator_id: annaId, issue_id: null })
    expect(notes[1]).toMatchObject({ note: 'Sent the corrected invoice', operator_id: annaId, issue_id: issue.id })
    expect(Boolean(notes[1]!.resolved)).toBe(true)
    const resolved = await t.db.selectFrom('issues').selectAll().where('id', '=', issue.id).executeTakeFirstOrThrow()
    expect(resolved).toMatchObject({ status: 'resolved', resolved_by: annaId })

    // Reopen straight on the issue (no contact needed).
    await page.locator(`${file} ringcard-issues details summary`).click()
    await page.locator(`${file} ringcard-issues li.issue.resolved button`, { hasText: 'Reopen' }).click()
    await expect.poll(() => text(openIssue)).toContain('Persian invoice missing')
    expect((await t.db.selectFrom('issues').select('status').where('id', '=', issue.id).executeTakeFirstOrThrow()).status).toBe('open')
    expect(pageErrors).toEqual([])
  })

  it('edits the fields, stage, groups, a purchase and the owner by keyboard; each change is stored', async () => {
    await openShirin()
    await page.keyboard.press('e')
    const fields = `${file} ringcard-customer-fields form[data-form="fields"]`
    await page.locator(`${fields} input[name="city"]`).fill('اصفهان')
    await page.locator(`${fields} input[name="city"]`).press('Enter')
    await expect.poll(() => text(`${file} ringcard-customer-fields dl`)).toContain('اصفهان')
    expect((await customer()).city).toBe('اصفهان')

    await page.locator(`${file} .stage-btn[data-stage="inactive"]`).click()
    await expect.poll(() => page.locator(`${file} .stage-btn[aria-pressed="true"]`).textContent()).toBe('inactive')
    expect((await customer()).stage).toBe('inactive')

    // A new group in its colour: the chip is painted in it.
    await page.locator(`${file} section.file`).focus()
    await page.keyboard.press('g')
    const newGroup = `${file} form[data-form="group-new"]`
    await page.locator(`${newGroup} input[name="name"]`).fill('فاکتور رسمی')
    await page.locator(`${newGroup} input[name="colour"]`).fill('#0f766e')
    await page.locator(`${newGroup} input[name="name"]`).press('Enter')
    const chip = page.locator(`${file} .group-chip`, { hasText: 'فاکتور رسمی' })
    await chip.waitFor()
    expect(await chip.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(15, 118, 110)')
    const box = (await chip.boundingBox())!
    const png = await page.screenshot({ clip: { x: box.x + 3, y: box.y + box.height / 2, width: 1, height: 1 } })
    expect(await pixel(page, png)).toEqual([15, 118, 110])
    const tag = await t.db.selectFrom('tags').selectAll().where('name', '=', 'فاکتور رسمی').executeTakeFirstOrThrow()
    expect(tag.colour).toBe('#0f766e')
    expect(await t.db.selectFrom('customer_tags').selectAll().where('customer_id', '=', shirinId).where('tag_id', '=', tag.id).execute()).toHaveLength(1)

    // A purchase typed with Persian digits and the Arabic decimal separator.
    await page.locator(`${file} section.file`).focus()
    await page.keyboard.press('p')
    const purchase = `${file} ringcard-purchases form[data-form="purchase"]`
    await page.keyboard.type('۱۲۴۹٫۹۹')
    await page.locator(`${purchase} select[name="paidOnTime"]`).selectOption('yes')
    await page.locator(`${purchase} input[name="product"]`).fill('Annual plan')
    await page.locator(`${purchase} input[name="product"]`).press('Enter')
    await expect.poll(() => text(`${file} ringcard-purchases section`)).toContain('5 purchases')
    const stored = await t.db.selectFrom('purchases').selectAll().where('customer_id', '=', shirinId).where('product', '=', 'Annual plan').executeTakeFirstOrThrow()
    expect(Number(stored.amount_minor)).toBe(124_999)
    expect(stored).toMatchObject({ currency: 'EUR', payment_method: 'cash' })
    expect(Boolean(stored.paid_on_time)).toBe(true)
    await shot('edited')

    // The owner: Ben, picked by name from every operator (`GET /api/operators`), Enter saves.
    await page.locator(`${file} section.file`).focus()
    await page.keyboard.press('o')
    const owner = `${file} form[data-form="owner"]`
    await expect.poll(() => page.locator(`${owner} select[name="owner"] option`).allTextContents()).toContain('Ben Okafor')
    await page.locator(`${owner} select[name="owner"]`).selectOption({ label: 'Ben Okafor' })
    await page.locator(`${owner} select[name="owner"]`).press('Enter')
    await expect.poll(() => text(`${file} .controls .owner`)).toBe('Ben Okafor')
    // Saved: the form closes and focus returns to its button.
    await expect.poll(() => page.locator(owner).isHidden()).toBe(true)
    await expect.poll(() => page.locator(`${file} [data-opens="owner"]`).evaluate((el) => el.matches(':focus'))).toBe(true)
    expect((await customer()).owner_id).toBe(benId)
    expect(pageErrors).toEqual([])
  })

  it('an error from the agent shows where the operator typed, and keeps the input', async () => {
    await openShirin()
    await page.keyboard.press('g')
    const newGroup = `${file} form[data-form="group-new"]`
    // The demo has a "Newsletter" group already.
    await page.locator(`${newGroup} input[name="name"]`).fill('Newsletter')
    await page.locator(`${newGroup} input[name="name"]`).press('Enter')
    await expect.poll(() => text(`${newGroup} .err`)).toContain('RC_ERR_GROUP_EXISTS')
    expect(await page.locator(`${newGroup} input[name="name"]`).inputValue()).toBe('Newsletter')
    await shot('error')
    // Escape closes the form (the draft stays), a second Escape the file.
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator(newGroup).isHidden()).toBe(true)
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator(file).count()).toBe(0)
  })

  it('mirrors in a right-to-left page (logical properties, isolated numbers)', async () => {
    await page.evaluate(() => { document.querySelector('ringcard-pop')!.setAttribute('dir', 'rtl') })
    await openShirin()
    const close = (await page.locator(`${file} .bar button`).boundingBox())!
    const label = (await page.locator(`${file} .bar .label`).boundingBox())!
    expect(close.x).toBeLessThan(label.x)
    await shot('rtl')
    await page.keyboard.press('Escape')
    await page.evaluate(() => { document.querySelector('ringcard-pop')!.removeAttribute('dir') })
  })

  /** Opens Shirin's file through the search, by keyboard: `/`, her name, Enter. The file takes focus. */
  async function openShirin (): Promise<void> {
    await page.keyboard.press('/')
    await expect.poll(() => page.locator('ringcard-search input').evaluate((el) => el.matches(':focus'))).toBe(true)
    await page.keyboard.type(PERSIAN_NAME)
    await page.locator('ringcard-search [role="option"]', { hasText: PERSIAN_NAME }).waitFor()
    await page.keyboard.press('Enter')
    await page.locator(`${file} .salutation`).waitFor()
    await expect.poll(() => page.locator(`${file} section.file`).evaluate((el) => el.matches(':focus'))).toBe(true)
  }

  function customer () {
    return t.db.selectFrom('customers').selectAll().where('id', '=', shirinId).executeTakeFirstOrThrow()
  }
})

/** The RGB of a 1×1 PNG screenshot, decoded by the browser. */
async function pixel (page: Page, png: Buffer): Promise<number[]> {
  return await page.evaluate(async (b64) => {
    const img = new Image()
    img.src = `data:image/png;base64,${b64}`
    await img.decode()
    const canvas = new OffscreenCanvas(1, 1)
    const ctx = canvas.getContext('2d')!
    ctx.drawImage(img, 0, 0)
    return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)]
  }, png.toString('base64'))
}

/**
 * The same view against a scripted agent, for what the real one seldom does:
 * a part of the file that cannot be read, a save the agent refuses, a failed
 * search, the next page of the timeline. Replies are the contract's shapes.
 */
describe.skipIf(!chromium.run)('customer view in Chromium against a scripted agent: errors in place, paging', () => {
  let outDir: string
  let agent: FakeAgent
  let browser: Browser
  let page: Page
  let hub: HubConnection
  const urls: URL[] = []
  const pageErrors: string[] = []
  const file = 'ringcard-customer'
  const text = (selector: string): Promise<string> => page.locator(selector).first().textContent().then((s) => s ?? '')
  const storeDown = { status: 503, body: { statusCode: 503, code: 'RC_ERR_STORE_UNAVAILABLE', message: 'The database is not reachable' } }

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'ringcard-widget-file-'))
    await buildWidget({ outDir })
    agent = await FakeAgent.start(outDir)
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
    page.setDefaultTimeout(5_000)
    page.on('pageerror', (e) => pageErrors.push(e.message))
    page.on('request', (r) => { if (r.url().includes('/api/')) urls.push(new URL(r.url())) })
  })

  afterAll(async () => {
    await browser?.close()
    await agent?.stop()
    if (outDir) await rm(outDir, { recursive: true, force: true })
  })

  it('a failed search says why under the field, and keeps what was typed; typing fast asks once', async () => {
    await page.goto(`${agent.origin}/`)
    await page.locator('ringcard-pop input[name="token"]').fill('demo-1001')
    await page.keyboard.press('Enter')
    hub = await agent.waitForConnection(0)
    await hub.nextMessage()
    hub.send({ type: 'welcome', operator, dispositions, pbx: 'connected' })
    hub.send({ type: 'snapshot', calls: [] })
    await page.locator('ringcard-search input').waitFor()
    agent.reply((r) => r.method === 'GET' && r.path === '/api/customers', () => storeDown)
    await page.locator('ringcard-search input').click()
    await page.keyboard.type('Jane Do')
    await agent.waitForRequest('GET', '/api/customers')
    await expect.poll(() => text('ringcard-search .state')).toContain('RC_ERR_STORE_UNAVAILABLE')
    expect(await page.locator('ringcard-search input').inputValue()).toBe('Jane Do')
    const asked = urls.filter((u) => u.pathname === '/api/customers')
    expect(asked.map((u) => [u.searchParams.get('q'), u.searchParams.get('limit')])).toEqual([['Jane Do', '8']])
    await page.keyboard.press('Escape')
    expect(await page.locator('ringcard-search input').inputValue()).toBe('')
  })

  it('a part that cannot be read says so in place; the rest of the file shows', async () => {
    agent.reply((r) => r.path === '/api/customers/1', () => ({ status: 200, body: { customer: customerCard(), contacts: customerCard().lastContacts, file: record() } }))
    agent.reply((r) => r.path === '/api/customers/1/timeline', () => ({ status: 200, body: { entries: [entry(41, '2025-03-05T10:00:00Z'), entry(40, '2025-03-04T10:00:00Z')], next: '2025-03-04T10:00:00.000Z~40' } }))
    agent.reply((r) => r.path === '/api/customers/1/issues', () => storeDown)
    agent.reply((r) => r.path === '/api/customers/1/purchases', () => ({ status: 200, body: purchases() }))
    agent.reply((r) => r.path === '/api/groups', () => ({ status: 200, body: { groups: [] } }))
    hub.send({ type: 'call', call: callView({ state: 'connected', myLeg: 'answered', answeredAt: new Date().toISOString() }) })
    await page.locator('ringcard-card [part="open-file"]').click()
    await expect.poll(() => text(`${file} ringcard-issues section`)).toContain('RC_ERR_STORE_UNAVAILABLE')
    // Until the issues are in, the card's open issues stand in.
    expect(await text(`${file} ringcard-issues section`)).toContain('Router keeps rebooting')
    await expect.poll(() => text(`${file} ringcard-timeline h3`)).toBe('Contact history (2+)')
    expect(await text(`${file} ringcard-purchases section`)).toContain('€12,400 in 12 months')
    expect(await text(`${file} ringcard-customer-fields section`)).toContain('+49 151 12345678')
  })

  it('the next timeline page is asked for with the cursor and added below', async () => {
    agent.reply((r) => r.path === '/api/customers/1/timeline', () => ({ status: 200, body: { entries: [entry(39, '2025-03-01T10:00:00Z')], next: null } }))
    await page.locator(`${file} ringcard-timeline button.more`).click()
    await expect.poll(() => text(`${file} ringcard-timeline h3`)).toBe('Contact history (3)')
    const asked = urls.filter((u) => u.pathname === '/api/customers/1/timeline')
    expect(asked.at(-1)?.searchParams.get('before')).toBe('2025-03-04T10:00:00.000Z~40')
    expect(await page.locator(`${file} ringcard-timeline li`).last().getAttribute('data-entry')).toBe('39')
    expect(await page.locator(`${file} ringcard-timeline button.more`).count()).toBe(0)
  })

  it('a save the agent refuses keeps the form and every typed character; the retry adds the entry on top', async () => {
    await page.locator(`${file} section.file`).focus()
    await page.keyboard.press('n')
    const form = `${file} ringcard-timeline form[data-form="entry"]`
    await page.locator(`${form} select[name="kind"]`).selectOption('email')
    await page.locator(`${form} input[name="subject"]`).fill('Firmware link')
    await page.locator(`${form} textarea[name="note"]`).fill('Sent the firmware link again')
    agent.reply((r) => r.method === 'POST' && r.path === '/api/customers/1/timeline', () => ({
      status: 422, body: { statusCode: 422, code: 'RC_ERR_TIMELINE_INVALID', message: 'The timeline entry is empty or marks something resolved without naming its issue' }
    }))
    await page.keyboard.press('Enter')
    const refused = await agent.waitForRequest('POST', '/api/customers/1/timeline')
    expect(refused.body).toEqual({ kind: 'email', subject: 'Firmware link', note: 'Sent the firmware link again', direction: 'outbound' })
    await expect.poll(() => text(`${form} .err`)).toContain('RC_ERR_TIMELINE_INVALID')
    expect(await page.locator(`${form} textarea[name="note"]`).inputValue()).toBe('Sent the firmware link again')
    expect(await page.locator(form).isVisible()).toBe(true)
    await page.screenshot({ path: '/tmp/customer-view-refused.png' })

    agent.reply((r) => r.method === 'POST' && r.path === '/api/customers/1/timeline', (r) => ({
      status: 201, body: { entry: { ...entry(50, new Date().toISOString()), kind: 'email', direction: 'outbound', subject: 'Firmware link', note: (r.body as { note: string }).note }, issue: null }
    }))
    await page.locator(`${form} textarea[name="note"]`).press('Enter')
    await agent.waitForRequest('POST', '/api/customers/1/timeline', 1)
    await expect.poll(() => page.locator(`${file} ringcard-timeline li`).first().getAttribute('data-entry')).toBe('50')
    expect(await text(`${file} ringcard-timeline li`)).toContain('email out')
    expect(await page.locator(form).isHidden()).toBe(true)
    // The form is empty again for the next entry.
    expect(await page.locator(`${form} textarea[name="note"]`).inputValue()).toBe('')
    expect(pageErrors).toEqual([])
  })
})

function record (overrides: Partial<CustomerRecord> = {}): CustomerRecord {
  return {
    id: 1, displayName: 'Jane Doe', honorific: 'Ms', givenName: 'Jane', familyName: 'Doe', company: 'ACME GmbH',
    contactPersons: [], phones: [{ id: 1, raw: '+49 151 12345678', e164: '+4915112345678', kind: 'mobile', country: null, primary: true }],
    emails: [{ id: 1, address: 'jane@example.com', primary: true }], birthday: null, language: 'de', address: null, city: 'Berlin',
    notes: null, owner: { id: 1, displayName: 'Anna Operator' }, stage: 'customer',
    stageHistory: [{ from: null, to: 'customer', at: '2025-01-01T09:00:00Z', by: null }], tier: 'gold', campaign: null,
    groups: [{ id: 3, name: 'VIP', colour: '#b45309' }], consent: { sms: { given: true, at: '2025-01-01T09:00:00Z' }, email: { given: null, at: null } },
    createdAt: '2025-01-01T09:00:00Z', createdBy: null, updatedAt: '2025-01-01T09:00:00Z', updatedBy: null,
    ...overrides
  }
}

function entry (id: number, occurredAt: string): TimelineEntry {
  return {
    id, kind: 'call', direction: 'inbound', occurredAt, operatorName: 'Anna Operator', subject: null, note: `contact ${id}`,
    outcome: 'Support', callResult: 'answered', talkSeconds: 95, resolved: null, issue: null
  }
}

function purchases (): PurchaseList {
  return {
    purchases: [],
    summary: { windowDays: 365, currency: 'EUR', volumeMinor: 1_240_000, volume: '€12,400 in 12 months', count: 12, onTimeRatio: 0.96 },
    tier: { tier: 'gold', source: 'rules', reason: null, why: '€12,400 in 12 months, 96% paid on time', updatedAt: null, tiers: ['gold', 'silver', 'bronze'] }
  }
}
