// Customer records in the browser: an administrator switches on review and
// adds an extension field; an agent entering a customer is warned of a
// likely duplicate and fills the extension field; the record waits for
// review and another person gives the first review; the two customers are
// then merged into one.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launch, openPage, screenshot } from './browser.mjs'
import { api, openAdminPage, signIn } from './helpers.mjs'

const AGENT = { username: 'zuoxi02', password: 'Agent@12345' }
let server, browser, page, teamId

before(async () => {
  server = await startServer()
  browser = await launch()
  page = await openPage(browser, server.url)
  await signIn(page)
  await page.waitForURL((u) => u.pathname === '/')
  const team = await api(page, 'POST', 'teams', { name: '客服二组' })
  teamId = team.body.id
  const agent = await api(page, 'POST', 'users', {
    username: AGENT.username,
    display_name: '坐席二号',
    password: AGENT.password,
    roles: ['agent'],
    team_id: teamId,
  })
  assert.equal(agent.status, 201, JSON.stringify(agent.body))
  const c = await api(page, 'POST', 'customers', { type: 'individual', name: '林则徐', phones: ['13700000001'], team_id: teamId })
  assert.equal(c.status, 201, JSON.stringify(c.body))
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('an administrator switches on review and adds an extension field', async () => {
  await openAdminPage(page, '系统管理', '客户设置')
  await page.locator('[data-test=setting-review]').click()
  await page.getByText('设置已保存').waitFor()
  await page.locator('[data-test=field-create]').click()
  const dialog = page.getByRole('dialog', { name: '新建扩展字段' })
  await dialog.locator('[data-test=field-key]').fill('Contract')
  await dialog.locator('[data-test=field-label]').fill('合同编号')
  await dialog.getByText('个人', { exact: true }).click()
  await dialog.locator('[data-test=field-submit]').click()
  await dialog.getByText('英文小写字母开头').first().waitFor()
  await dialog.locator('[data-test=field-key]').fill('contract_no')
  await dialog.locator('[data-test=field-searchable]').click()
  await dialog.locator('[data-test=field-submit]').click()
  await page.getByText('已保存扩展字段 合同编号').waitFor()
  await page.locator('[data-test=field-table]').getByText('contract_no').waitFor()
})

test('an agent is warned of a duplicate, fills the extension field, and the record waits for review', async () => {
  const ctx = await browser.newContext({ baseURL: server.url, locale: 'zh-CN' })
  const agent = await ctx.newPage()
  try {
    await signIn(agent, AGENT.username, AGENT.password)
    await agent.waitForURL((u) => u.pathname === '/')
    await agent.goto('/customers')
    await agent.locator('[data-test=customer-create]').click()
    const dialog = agent.getByRole('dialog', { name: '新建客户' })
    await dialog.locator('[data-test=customer-name]').fill('林则旭')
    await dialog.locator('[data-test=customer-phones-0]').fill('137 0000 0001')
    const warning = dialog.locator('[data-test=customer-duplicates]')
    await warning.getByText('林则徐').waitFor()
    await warning.getByText('电话相同').waitFor()
    await dialog.locator('[data-test=ext-contract_no]').fill('HT-2026-0042')
    await dialog.locator('[data-test=customer-submit]').click()
    await agent.getByText('已创建客户 林则旭').waitFor()
    await agent.locator('[data-test=customers-table]').getByText('林则旭', { exact: true }).click()
    await agent.locator('[data-test=customer-review-tag]').getByText('待初审').waitFor()
    await agent.locator('[data-test=ext-contract_no]').getByText('HT-2026-0042').waitFor()
    await screenshot(agent, 'customer-review-pending')
  } finally {
    await ctx.close()
  }
})

test('someone else gives the first review, then merges the duplicate', async () => {
  const found = await api(page, 'GET', 'customers?ext_field=contract_no&ext_value=HT-2026-0042')
  assert.equal(found.body.items.length, 1)
  const id = found.body.items[0].id
  await page.goto(`/customers/${id}`)
  await page.getByRole('tab', { name: '审核' }).click()
  await page.locator('[data-test=review-approve]').click()
  await page.getByText('已通过初审').waitFor()
  await page.locator('[data-test=review-state]').getByText('待复审').waitFor()
  await page.locator('[data-test=customer-review]').getByText('admin', { exact: false }).first().waitFor()

  await page.locator('[data-test=customer-merge]').click()
  const dialog = page.getByRole('dialog', { name: '合并客户' })
  await dialog.locator('[data-test=merge-pick] input').fill('林则徐')
  await page.getByRole('option', { name: /林则徐/ }).click()
  await dialog.locator('[data-test=merge-compare]').getByText('13700000001').first().waitFor()
  await dialog.locator('[data-test=merge-confirm]').click()
  await page.getByText('已将 林则徐 并入 林则旭').waitFor()
  await page.getByRole('tab', { name: '修改记录' }).click()
  await page.getByText('合并自').first().waitFor()
  const gone = await api(page, 'GET', 'customers?q=13700000001')
  assert.deepEqual(gone.body.items.map((c) => c.name), ['林则旭'])
})
