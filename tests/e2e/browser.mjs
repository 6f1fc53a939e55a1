// Chromium through playwright-core, which is installed with the web app
// (web/node_modules), driving the system browser at /usr/bin/chromium.
import { createRequire } from 'node:module'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './server.mjs'

const require = createRequire(join(ROOT, 'web', 'package.json'))
const { chromium } = require('playwright-core')

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export function launch() {
  return chromium.launch({
    executablePath: process.env.GUANXI_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ARGS,
  })
}

/** A fresh context (no cookies, no localStorage) and page on `baseURL`.
 *  Uncaught page errors and CSP violations are collected in page.errors. */
export async function openPage(browser, baseURL) {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1366, height: 820 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  context.setDefaultTimeout(10000)
  const page = await context.newPage()
  page.errors = []
  page.on('pageerror', (e) => page.errors.push(e))
  // The server sends a strict Content-Security-Policy; a blocked script,
  // style or eval shows up only on the console.
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) page.errors.push(new Error(m.text()))
  })
  return page
}

/** Saves a full-page screenshot when GUANXI_SCREENSHOTS names a folder. */
export async function screenshot(page, name) {
  const dir = process.env.GUANXI_SCREENSHOTS
  if (!dir) return
  mkdirSync(dir, { recursive: true })
  await page.waitForTimeout(400) // let dialog and menu transitions finish
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true })
}
