/**
 * The last parts of the customer view (issue 6) in Chromium against the real
 * agent (SQLite, the demo seed): numbers and e-mail addresses added and
 * removed (a duplicate is named, "save anyway" saves it, a bad number gets the
 * agent's code), the owner picked by name, the source campaign, the tier
 * overridden and handed back to the rules, and the admin's CSV import with
 * its progress and report; an operator sees no import. Asserts on what the
 * page shows and on the rows the agent then holds. Then, against a scripted
 * agent, what the real one seldom does on cue: an import still running
 * (progress, rate, time left) and a second import refused with 409.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportStatus } from '../../agent/contracts/imports.js'
import { buildWidget } from '../../web-widget/build.js'
import { startAgent, type Agent } from '../support/agent-harness.js'
import { chromiumAvailability, launchChromium } from '../support/browser.js'
import { dialects, useTestDatabase } from '../support/databases.js'
import { dispositions, operator } from './call-fixtures.js'
import { FakeAgent } from './fake-agent.js'

const chromium = chromiumAvailability()
const artifacts = join(process.cwd(), 'test-artifacts')
const PERSIAN_NAME = 'شیرین تهرانی'
const ANNA = 'demo-1001'
const ADMIN = 'demo-admin'

describe.runIf(!chromium.run && chromium.mustFail)('browser prerequisites', () => {
  it('has Chromium installed', () => {
    throw new Error(chromium.run ? '' : chromium.notice)
  })
})

/** The demo intranet page on its own origin, with this file's own build of the widget, pointed at the agent. */
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

describe.skipIf(!chromium.run)('customer file edits and the admin import in Chromium against the agent (SQLite)', () => {
  const t = useTestDatabase(sqlite, { resetEachTest: false })
  let agent: Agent
  let intranet: Server
  let widgetDir: string
  let browser: Browser
  let page: Page
  let shirinId = 0
  let janeId = 0
  let benId = 0
  const pageErrors: string[] = []
  const file = 'ringcard-customer'
  const fields = `${file} ringcard-customer-fields`
  const text = (selector: string): Promise<string> => page.locator(selector).first().textContent().then((s) => s ?? '')
  const shot = async (name: string): Promise<void> => { await page.screenshot({ path: join(artifacts, `customer-file-edits-${name}.png`) }) }

  beforeAll(async () => {
    widgetDir = await mkdtemp(join(tmpdir(), 'ringcard-widget-edits-'))
    await buildWidget({ outDir: widgetDir })
    await mkdir(artifacts, { recursive: true })
    intranet = await intranetPage(widgetDir, () => agent.baseUrl)
    const origin = `http://127.0.0.1:${(intranet.address() as AddressInfo).port}`
    agent = await startAgent(t, { env: { RINGCARD_ALLOWED_ORIGINS: origin } })
    shirinId = (await t.db.selectFrom('customers').select('id').where('display_name', '=', PERSIAN_NAME).executeTakeFirstOrThrow()).id
    janeId = (await t.db.selectFrom('customers').select('id').where('display_name', '=', 'Jane Doe').executeTakeFirstOrThrow()).id
    benId = (await t.db.selectFrom('operators').select('id').where('login', '=', 'ben').executeTakeFirstOrThrow()).id
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 1100 }, acceptDownloads: true })
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

  async function signIn (token: string): Promise<void> {
    const { port } = intranet.address() as AddressInfo
    await page.goto(`http://127.0.0.1:${port}/`)
    await page.locator('ringcard-pop input[name="token"], ringcard-pop header button:has-text("Sign out")').first().waitFor()
    if (await page.locator('ringcard-pop header button', { hasText: 'Sign out' }).count() > 0) {
      await page.locator('ringcard-pop header button', { hasText: 'Sign out' }).click()
    }
    await page.locator('ringcard-pop input[name="token"]').fill(token)
    await page.keyboard.press('Enter')
    await expect.poll(() => text('ringcard-pop header')).toContain('Connected')
  }

  /** Opens Shirin's file through the search, by keyboard. */
  async function openShirin (): Promise<void> {
    // Not typing anywhere: `/` goes to the search.
    await page.evaluate(() => { (document.activeElement as HTMLElement | null)?.blur() })
    await page.keyboard.press('/')
    await expect.poll(() => page.locator('ringcard-search input').evaluate((el) => el.matches(':focus'))).toBe(true)
    await page.keyboard.type(PERSIAN_NAME)
    await page.locator('ringcard-search [role="option"]', { hasText: PERSIAN_NAME }).waitFor()
    await page.keyboard.press('Enter')
    await page.locator(`${file} .salutation`).waitFor()
    await page.locator(`${fields} dl`).waitFor()
  }

  const phones = (customerId: number) => t.db.selectFrom('customer_phones').selectAll().where('customer_id', '=', customerId).orderBy('id').execute()
  const emails = (customerId: number) => t.db.selectFrom('customer_emails').selectAll().where('customer_id', '=', customerId).orderBy('id').execute()
  const customer = () => t.db.selectFrom('customers').selectAll().where('id', '=', shirinId).executeTakeFirstOrThrow()

  it('an operator adds a number and an e-mail address; after a reload the file shows both, and the rows hold them', async () => {
    await signIn(ANNA)
    // An operator has no import.
    expect(await page.locator('ringcard-pop header [data-opens="import"]').count()).toBe(0)
    expect(await page.locator('ringcard-import').count()).toBe(0)
    await openShirin()

    await page.locator(`${fields} [data-opens="phone"]`).click()
    const phoneForm = `${fields} form[data-form="phone"]`
    await expect.poll(() => page.locator(`${phoneForm} input[name="number"]`).evaluate((el) => el.matches(':focus'))).toBe(true)
    await page.keyboard.type('0151 7654 3210')
    await page.locator(`${phoneForm} select[name="kind"]`).selectOption('work')
    await page.locator(`${phoneForm} input[name="country"]`).fill('de')
    await page.locator(`${phoneForm} input[name="country"]`).press('Enter')
    await expect.poll(() => text(`${fields} dl`)).toContain('0151 7654 3210')
    expect(await page.locator(phoneForm).isHidden()).toBe(true)

    await page.locator(`${fields} [data-opens="email"]`).click()
    const emailForm = `${fields} form[data-form="email"]`
    await page.keyboard.type('shirin.tehrani@example.ir')
    await page.keyboard.press('Enter')
    await expect.poll(() => text(`${fields} dl`)).toContain('shirin.tehrani@example.ir')
    expect(await page.locator(emailForm).isHidden()).toBe(true)

    await page.reload()
    await expect.poll(() => text('ringcard-pop header')).toContain('Connected')
    await openShirin()
    const facts = await text(`${fields} dl`)
    expect(facts).toContain('0151 7654 3210')
    expect(facts).toContain('shirin.tehrani@example.ir')
    // The number reads left to right inside the page, whatever its direction.
    expect(await page.locator(`${fields} li[data-phone] bdi[dir="ltr"]`, { hasText: '0151 7654 3210' }).count()).toBe(1)

    expect((await phones(shirinId)).find((p) => p.raw === '0151 7654 3210')).toMatchObject({ e164: '+4915176543210', kind: 'work', country: 'DE' })
    expect((await emails(shirinId)).map((e) => e.address)).toContain('shirin.tehrani@example.ir')
    await shot('added')
  })

  it('a number another customer has: the warning names that file, "save anyway" saves it; a bad number gets the agent\'s code', async () => {
    await page.locator(`${fields} [data-opens="phone"]`).click()
    const phoneForm = `${fields} form[data-form="phone"]`
    await page.keyboard.type('+49 151 12345678')
    await page.keyboard.press('Enter')
    const warning = `${phoneForm} .duplicate`
    await expect.poll(() => text(warning)).toContain('Jane Doe')
    expect(await text(warning)).toContain('Another customer already has this number')
    expect(await page.locator(`${warning} [data-duplicate="${janeId}"]`).count()).toBe(1)
    expect((await phones(shirinId)).some((p) => p.e164 === '+4915112345678')).toBe(false)
    await shot('duplicate')

    await page.locator(`${warning} button.save-anyway`).click()
    await expect.poll(() => page.locator(phoneForm).isHidden()).toBe(true)
    await expect.poll(() => text(`${fields} dl`)).toContain('+49 151 12345678')
    expect((await phones(shirinId)).filter((p) => p.e164 === '+4915112345678')).toHaveLength(1)
    // Jane keeps hers.
    expect((await phones(janeId)).some((p) => p.e164 === '+4915112345678')).toBe(true)

    await page.locator(`${fields} [data-opens="phone"]`).click()
    await page.keyboard.type('call me maybe')
    await page.keyboard.press('Enter')
    await expect.poll(() => text(`${phoneForm} .err`)).toContain('RC_ERR_PHONE_INVALID')
    expect(await page.locator(`${phoneForm} input[name="number"]`).inputValue()).toBe('call me maybe')
    expect(await page.locator(`${phoneForm} input[name="number"]`).getAttribute('aria-invalid')).toBe('true')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator(phoneForm).isHidden()).toBe(true)
  })

  it('removes a number and an address', async () => {
    await page.locator(`${fields} li[data-phone] button.remove[aria-label*="+49 151 12345678"]`).click()
    await expect.poll(() => text(`${fields} dl`)).not.toContain('+49 151 12345678')
    expect((await phones(shirinId)).some((p) => p.e164 === '+4915112345678')).toBe(false)
    await page.locator(`${fields} li[data-email] button.remove`).first().click()
    await expect.poll(() => text(`${fields} dl`)).not.toContain('shirin.tehrani@example.ir')
    expect(await emails(shirinId)).toEqual([])
  })

  it('picks the source campaign from the list, and none', async () => {
    const fair = await t.db.selectFrom('campaigns').select(['id', 'name']).where('name', '=', 'spring-fair-2025').executeTakeFirstOrThrow()
    await page.locator(`${file} section.file`).focus()
    await page.keyboard.press('e')
    const form = `${fields} form[data-form="fields"]`
    const select = page.locator(`${form} select[name="campaignId"]`)
    expect(await select.locator('option:checked').textContent()).toBe('instagram-fa')
    await select.selectOption({ label: 'spring-fair-2025' })
    await page.locator(`${form} input[name="city"]`).press('Enter')
    await expect.poll(() => page.locator(`${fields} dd[data-campaign]`).getAttribute('data-campaign')).toBe(String(fair.id))
    expect((await customer()).campaign_id).toBe(fair.id)
    // Saved: the form closes (the file was read again), and `e` opens it anew.
    await expect.poll(() => page.locator(form).isHidden()).toBe(true)

    await page.keyboard.press('e')
    await select.selectOption({ label: 'none' })
    await page.locator(`${form} input[name="city"]`).press('Enter')
    await expect.poll(() => page.locator(`${fields} dd[data-campaign]`).count()).toBe(0)
    expect((await customer()).campaign_id).toBeNull()
  })

  it('an operator sees the tier and where it comes from, and no override', async () => {
    await expect.poll(() => page.locator(`${file} ringcard-purchases .tier-line`).count()).toBe(1)
    expect(await page.locator(`${file} ringcard-purchases [data-opens="tier"]`).count()).toBe(0)
    // The API refuses anyway.
    const refused = await agent.request('PUT', `/api/customers/${shirinId}/tier`, { token: ANNA, body: { tier: 'gold', reason: 'try' } })
    expect(refused).toMatchObject({ status: 403, body: { code: 'RC_ERR_AUTH_FORBIDDEN' } })
  })

  it('hands the customer to a colleague picked by name from every operator', async () => {
    await page.locator(`${file} section.file`).focus()
    await page.keyboard.press('o')
    const owner = `${file} form[data-form="owner"]`
    const select = page.locator(`${owner} select[name="owner"]`)
    await expect.poll(() => select.locator('option').allTextContents()).toEqual(['nobody', 'me (Anna Berg)', 'Alex Admin', 'Ben Okafor', 'Sam Lee'])
    expect(await page.locator(`${owner} input[name="ownerId"]`).count()).toBe(0)
    await select.selectOption({ label: 'Ben Okafor' })
    await select.press('Enter')
    await expect.poll(() => text(`${file} .controls .owner`)).toBe('Ben Okafor')
    await expect.poll(() => page.locator(owner).isHidden()).toBe(true)
    expect((await customer()).owner_id).toBe(benId)
    await page.keyboard.press('Escape')
    expect(pageErrors).toEqual([])
  })

  it('a supervisor or admin overrides the tier with a reason and hands it back to the rules', async () => {
    await signIn(ADMIN)
    await openShirin()
    const purchases = `${file} ringcard-purchases`
    const before = await customer()
    expect(before.tier_source).not.toBe('manual')
    await page.locator(`${file} section.file`).focus()
    await page.keyboard.press('t')
    const form = `${purchases} form[data-form="tier"]`
    await expect.poll(() => page.locator(`${form} select[name="tier"]`).evaluate((el) => el.matches(':focus'))).toBe(true)
    await page.locator(`${form} select[name="tier"]`).selectOption('gold')
    await page.locator(`${form} input[name="reason"]`).fill('Key account, agreed with sales')
    await page.locator(`${form} input[name="reason"]`).press('Enter')
    await expect.poll(() => page.locator(`${purchases} .tier-line`).getAttribute('data-tier-source')).toBe('manual')
    expect(await text(`${purchases} .tier-line`)).toContain('overridden by hand')
    expect(await text(`${purchases} .tier-line .tier-name`)).toBe('gold')
    expect(await text(`${purchases} .why`)).toContain('Key account, agreed with sales')
    await expect.poll(() => page.locator(form).isHidden()).toBe(true)
    expect(await customer()).toMatchObject({ tier: 'gold', tier_source: 'manual', tier_reason: 'Key account, agreed with sales' })
    await shot('tier-override')

    await page.locator(`${purchases} [data-action="clear-tier"]`).click()
    await expect.poll(() => page.locator(`${purchases} .tier-line`).getAttribute('data-tier-source')).not.toBe('manual')
    expect(await text(`${purchases} .tier-line`)).not.toContain('overridden by hand')
    expect(await page.locator(`${purchases} [data-action="clear-tier"]`).count()).toBe(0)
    expect((await customer()).tier_source).not.toBe('manual')
    const audit = await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'customer').where('entity_id', '=', String(shirinId))
      .where('action', 'in', ['tier.override', 'tier.clear']).orderBy('id').execute()
    expect(audit.map((a) => a.action)).toEqual(['tier.override', 'tier.clear'])
    await page.keyboard.press('Escape')
  })

  it('an admin uploads a CSV with bad rows: progress runs to the end, the counts and each bad row show, the report downloads', async () => {
    const opener = page.locator('ringcard-pop header [data-opens="import"]')
    await opener.click()
    const view = 'ringcard-import'
    await page.locator(view).waitFor()
    const csv = [
      'name,mobile,email,owner,stage',
      'Golnar Rahimi,+98 912 555 0101,golnar@example.ir,anna,lead',
      ',+49 170 5550102,,anna,lead',
      'Jonas Weber,+49 170 5550103,jonas@example.de,ben,prospect',
      'Zoe Bad Phone,12,,anna,lead',
      'Mina Karimi,+98 935 555 0105,,zoe,lead',
      'Sara Nouri,+98 912 555 0106,sara@example.ir,,customer'
    ].join('\r\n') + '\r\n'
    await page.locator(`${view} input[name="file"]`).setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') })
    await page.locator(`${view} input[name="map"]`).focus()
    await page.keyboard.press('Enter')
    const progress = `${view} .progress`
    await expect.poll(() => page.locator(progress).getAttribute('data-state')).toBe('finished')
    expect(await text(`${progress} .rows`)).toBe('6 / 6 rows')
    expect(await page.locator(`${progress} progress`).evaluate((el: HTMLProgressElement) => [el.value, el.max])).toEqual([6, 6])
    expect(await text(`${progress} [data-count="inserted"]`)).toBe('3 new')
    expect(await text(`${progress} [data-count="errors"]`)).toBe('3 bad rows')
    const lines = await page.locator(`${progress} ol.report li`).evaluateAll((els) => els.map((el) => [el.getAttribute('data-line'), el.textContent?.replace(/\s+/g, ' ').trim()]))
    expect(lines.map(([line]) => line)).toEqual(['3', '5', '6'])
    expect(lines[0]![1]).toMatch(/^line 3 .*name/)
    expect(lines[1]![1]).toMatch(/^line 5 .*phone/)
    expect(lines[2]![1]).toMatch(/^line 6 .*owner "zoe"/)
    await shot('import')

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`${progress} button[data-action="report"]`).click()])
    expect(download.suggestedFilename()).toMatch(/^imp_.*-report\.csv$/)
    const report = await readFile((await download.path())!, 'utf8')
    expect(report.charCodeAt(0)).toBe(0xFEFF)
    expect(report).toContain('Zoe Bad Phone')
    expect(report.split('\r\n').filter((l) => l.trim() !== '')).toHaveLength(4)

    const imported = await t.db.selectFrom('customers').select(['display_name', 'stage', 'owner_id']).where('display_name', 'in', ['Golnar Rahimi', 'Jonas Weber', 'Sara Nouri', 'Zoe Bad Phone', 'Mina Karimi']).orderBy('display_name').execute()
    expect(imported.map((c) => c.display_name)).toEqual(['Golnar Rahimi', 'Jonas Weber', 'Sara Nouri'])
    expect(imported.find((c) => c.display_name === 'Jonas Weber')).toMatchObject({ stage: 'prospect', owner_id: benId })

    // Escape closes the view; focus goes back to its button.
    await page.locator(`${view} input[name="map"]`).focus()
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator(view).count()).toBe(0)
    await expect.poll(() => opener.evaluate((el) => el.matches(':focus'))).toBe(true)
    expect(pageErrors).toEqual([])
  })

  it('the operator still has no import after the admin\'s session, and the agent refuses theirs', async () => {
    await signIn(ANNA)
    expect(await page.locator('ringcard-pop header [data-opens="import"]').count()).toBe(0)
    const refused = await agent.request('POST', '/api/imports', { token: ANNA, body: 'name\r\nX\r\n', headers: { 'content-type': 'text/csv' } })
    expect(refused).toMatchObject({ status: 403, body: { code: 'RC_ERR_AUTH_FORBIDDEN' } })
  })
})

describe.skipIf(!chromium.run)('the import view against a scripted agent: a running import, and a second one refused', () => {
  let outDir: string
  let agent: FakeAgent
  let browser: Browser
  let page: Page
  const pageErrors: string[] = []
  const urls: URL[] = []
  const view = 'ringcard-import'
  const text = (selector: string): Promise<string> => page.locator(selector).first().textContent().then((s) => s ?? '')
  const admin = { ...operator, id: 9, login: 'admin', displayName: 'Alex Admin', role: 'admin' as const, extensions: [] }
  const status = (over: Partial<ImportStatus>): ImportStatus => ({
    id: 'imp_abcdef12', state: 'running', dryRun: true, startedAt: '2026-12-03T10:00:00.000Z', finishedAt: null,
    rowsDone: 0, rowsTotal: 0, inserted: 0, updated: 0, unchanged: 0, errors: 0, rowsPerSecond: 0,
    ignoredColumns: [], failure: null, report: [], reportTruncated: false, ...over
  })

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'ringcard-widget-import-'))
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

  it('shows rows done of total, the rate and the time left while it runs; a second import gets the agent\'s 409 in place', async () => {
    await page.goto(`${agent.origin}/`)
    await page.locator('ringcard-pop input[name="token"]').fill('demo-admin')
    await page.keyboard.press('Enter')
    const hub = await agent.waitForConnection(0)
    await hub.nextMessage()
    hub.send({ type: 'welcome', operator: admin, dispositions, pbx: 'connected' })
    hub.send({ type: 'snapshot', calls: [] })
    await page.locator('ringcard-pop header [data-opens="import"]').click()

    agent.reply((r) => r.method === 'POST' && r.path === '/api/imports', () => ({ status: 202, body: { importId: 'imp_abcdef12' } }))
    let current = status({ rowsDone: 2_500, rowsTotal: 10_000, rowsPerSecond: 500, inserted: 2_400, errors: 100 })
    agent.replyAlways((r) => r.path === '/api/imports/imp_abcdef12', () => ({ status: 200, body: current }))
    await page.locator(`${view} input[name="file"]`).setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from('name,phone\r\nA,+4915112345678\r\n') })
    await page.locator(`${view} input[name="dryRun"]`).check()
    await page.locator(`${view} input[name="map"]`).fill('Handy=mobile')
    await page.locator(`${view} input[name="map"]`).press('Enter')
    const upload = await agent.waitForRequest('POST', '/api/imports')
    expect(upload.headers['content-type']).toBe('text/csv')
    expect(upload.body).toBe('name,phone\r\nA,+4915112345678\r\n')
    expect(upload.headers.authorization).toBe('Bearer demo-admin')
    const query = urls.find((u) => u.pathname === '/api/imports')?.searchParams
    expect([query?.get('map'), query?.get('dryRun')]).toEqual(['Handy=mobile', 'true'])

    const progress = `${view} .progress`
    await expect.poll(() => text(`${progress} .rows`)).toBe('2,500 / 10,000 rows')
    expect(await text(`${progress} .rate`)).toBe('500 rows/s')
    expect(await text(`${progress} .eta`)).toBe('15 s left')
    expect(await page.locator(`${progress} progress`).evaluate((el: HTMLProgressElement) => [el.value, el.max])).toEqual([2_500, 10_000])
    expect(await text(`${progress} .figures`)).toContain('dry run')
    await page.screenshot({ path: join(artifacts, 'customer-file-edits-import-running.png') })

    // While it runs, a second upload: the agent says another import is running.
    agent.reply((r) => r.method === 'POST' && r.path === '/api/imports', () => ({
      status: 409, body: { statusCode: 409, code: 'RC_ERR_IMPORT_RUNNING', message: 'Another import is still running; wait for it to finish' }
    }))
    await page.locator(`${view} button[type="submit"]`).click()
    await expect.poll(() => text(`${view} form .err`)).toContain('Another import is still running; wait for it to finish')
    expect(await text(`${view} form .err`)).toContain('RC_ERR_IMPORT_RUNNING')

    // The first one finishes: polling picks it up.
    current = status({
      state: 'finished', finishedAt: '2026-12-03T10:00:20.000Z', rowsDone: 10_000, rowsTotal: 10_000, rowsPerSecond: 500, inserted: 9_900, errors: 100,
      report: [{ line: 7, reason: 'missing name' }]
    })
    await expect.poll(() => page.locator(progress).getAttribute('data-state'), { timeout: 10_000 }).toBe('finished')
    expect(await text(`${progress} .rows`)).toBe('10,000 / 10,000 rows')
    expect(await page.locator(`${progress} .eta`).count()).toBe(0)
    expect(await text(`${progress} ol.report li`)).toContain('missing name')
    const asked = (await Promise.all([0, 1].map((i) => agent.waitForRequest('POST', '/api/imports', i)))).map((r) => r.path)
    expect(asked).toEqual(['/api/imports', '/api/imports'])
    expect(pageErrors).toEqual([])
  })
})
