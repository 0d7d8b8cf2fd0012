import { existsSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'

/**
 * Browser tests drive the system Chromium; nothing is ever downloaded.
 * Without it the suites skip with a printed notice, unless
 * `RINGCARD_REQUIRE_ALL=1`, in which case they fail (CI must not silently skip).
 */
export const CHROMIUM_PATH = '/usr/bin/chromium'

export const chromiumMissingNotice
  = `Chromium not found at ${CHROMIUM_PATH} — apt-get install -y chromium to run browser tests`

export type ChromiumAvailability =
  | { readonly run: true }
  | { readonly run: false; readonly mustFail: boolean; readonly notice: string }

/** Decide once per suite whether browser tests run; prints the notice when they cannot. */
export function chromiumAvailability (): ChromiumAvailability {
  if (existsSync(CHROMIUM_PATH)) return { run: true }
  const mustFail = process.env.RINGCARD_REQUIRE_ALL === '1'
  process.stderr.write(`\n⚠ ${chromiumMissingNotice}${mustFail ? ' (RINGCARD_REQUIRE_ALL=1: failing)' : ' (skipping)'}\n\n`)
  return { run: false, mustFail, notice: chromiumMissingNotice }
}

export function launchChromium (): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
}

/** Text and <img> count across the page and every open shadow root. */
export function deepScan (page: Page): Promise<{ text: string; images: number }> {
  return page.evaluate(() => {
    let text = ''
    let images = 0
    const visit = (root: Document | ShadowRoot): void => {
      images += root.querySelectorAll('img').length
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) {
          text += ` ${el.shadowRoot.textContent ?? ''}`
          visit(el.shadowRoot)
        }
      }
    }
    visit(document)
    return { text, images }
  })
}
