// The main layout: module menu in Chinese, the English switch, the modules
// that are not built yet.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launch, openPage, screenshot } from './browser.mjs'
import { menuItem, signIn } from './helpers.mjs'

let server, browser, page

before(async () => {
  server = await startServer()
  browser = await launch()
  page = await openPage(browser, server.url)
  await signIn(page)
  await page.waitForURL((u) => u.pathname === '/')
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const ZH = ['首页', '客户', '服务工单', '呼叫中心', '客户关怀', '满意度', '报表']
const EN = ['Home', 'Customers', 'Service tickets', 'Call center', 'Customer care', 'Satisfaction', 'Reports']
// The menu's groups (sub-menus) rather than pages.
const GROUPS = new Set(['呼叫中心', 'Call center'])

// A module's entry: a page's menu item, or a group's title.
const moduleEntry = (name) =>
  GROUPS.has(name) ? page.locator('[data-test=side-menu]').getByText(name, { exact: true }) : menuItem(page, name)

test('the side menu lists the modules in Chinese, in order', async () => {
  for (const name of ZH) await moduleEntry(name).waitFor()
  const menu = page.locator('[data-test=side-menu]')
  await menu.getByText('系统管理', { exact: true }).waitFor()
  // 呼叫中心 is a group of pages, between 服务工单 and 客户关怀.
  await menu.getByText('呼叫中心', { exact: true }).waitFor()
  const text = await menu.innerText()
  const order = [...ZH.slice(0, 3), '呼叫中心', ...ZH.slice(3), '系统管理'].map((n) => text.indexOf(n))
  assert.deepEqual([...order].sort((a, b) => a - b), order, `menu order: ${text}`)
  await page.getByText('关系 Guanxi').first().waitFor()
  await screenshot(page, 'home-zh')
})

test('the admin sub-menu holds users, roles and audit', async () => {
  await page.locator('[data-test=side-menu]').getByText('系统管理', { exact: true }).click()
  for (const name of ['用户管理', '角色权限', '审计日志']) await menuItem(page, name).waitFor()
})

test('a module not built yet shows the coming-soon notice', async () => {
  await menuItem(page, '客户关怀').click()
  await page.waitForURL((u) => u.pathname === '/care')
  await page.locator('[data-test=coming-soon]').getByText('后续版本').waitFor()
  await screenshot(page, 'coming-soon')
})

test('switching to English relabels the menu and is remembered', async () => {
  await page.locator('[data-test=language-switch]').click()
  await page.getByRole('menuitem', { name: 'English' }).click()
  for (const name of EN) await moduleEntry(name).waitFor()
  await page.locator('[data-test=side-menu]').getByText('Administration', { exact: true }).waitFor()
  await page.locator('[data-test=coming-soon]').getByText('later release').waitFor()
  await page.goto('/')
  await page.getByText('Welcome, ').waitFor()
  await screenshot(page, 'home-en')
  assert.equal(await page.evaluate(() => localStorage.getItem('guanxi.locale')), 'en')

  await page.locator('[data-test=language-switch]').click()
  await page.getByRole('menuitem', { name: '中文' }).click()
  await menuItem(page, '客户').waitFor()
  assert.deepEqual(page.errors, [])
})

test('an unknown address shows the not-found page inside the layout', async () => {
  await page.goto('/no/such/page')
  await page.getByText('页面不存在', { exact: true }).waitFor()
  await menuItem(page, '首页').waitFor()
})
