// Outbound call lists (外呼任务) through the browser: a supervisor creates a
// list and pastes entries (a bad line is named and not added); an agent
// takes the next entry on 我的外呼, sees the number masked, records 无人接听
// and is told nothing else is due yet; the supervisor then sees the entry
// waiting for a retry with one attempt and its next time.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launch, openPage, screenshot } from './browser.mjs'
import { api, openAdminPage, signIn } from './helpers.mjs'

const LIST = '宽带报修回访'
const AGENT = { username: 'agent_ob', password: 'Agent@12345' }
const HOUR = 3600 * 1000

let server, browser, page, agentPage

// Moves the server clock to the next 10:00 China time, inside the default
// calling hours (09:00–20:00), before anyone signs in (a long move would
// end their sessions).
async function toTenInTheMorning(url) {
  const now = async (advance) => {
    const r = await fetch(`${url}/api/v1/test/clock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ advance_ms: advance }),
    })
    return Date.parse((await r.json()).now)
  }
  const local = (await now(0)) + 8 * HOUR
  let target = Math.floor(local / (24 * HOUR)) * 24 * HOUR + 10 * HOUR
  if (target <= local) target += 24 * HOUR
  await now(target - local)
}

before(async () => {
  server = await startServer({ testClock: true })
  await toTenInTheMorning(server.url)
  browser = await launch()
  page = await openPage(browser, server.url)
  await signIn(page)
  await page.waitForURL((u) => u.pathname === '/')
  const u = await api(page, 'POST', 'users', {
    username: AGENT.username,
    display_name: '外呼坐席',
    password: AGENT.password,
    roles: ['agent'],
  })
  assert.equal(u.status, 201, JSON.stringify(u.body))
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const listRow = () => page.locator('[data-test=ob-lists-table] tbody tr').filter({ hasText: LIST })

test('a supervisor creates a list and pastes its entries', async () => {
  await openAdminPage(page, '呼叫中心', '外呼任务')
  await page.waitForURL((u) => u.pathname === '/call-center/outbound')
  await page.locator('[data-test=ob-lists-table]').getByText('还没有外呼名单').waitFor()
  await page.locator('[data-test=ob-list-create]').click()
  const d = page.getByRole('dialog', { name: '新建名单' })
  await d.waitFor()
  await d.getByLabel('名单名称').fill(LIST)
  await d.locator('[data-test=ob-list-kind]').click()
  await page.getByRole('option', { name: '满意度调查' }).click()
  await d.getByRole('button', { name: '保存' }).click()
  await d.waitFor({ state: 'hidden' })
  await listRow().getByText('满意度调查').waitFor()
  await listRow().getByText('09:00–20:00').waitFor()
  await listRow().getByText('最多 3 次，间隔 120 分钟').waitFor()

  await listRow().getByRole('button', { name: '添加名单明细' }).click()
  const add = page.getByRole('dialog', { name: `添加名单明细：${LIST}` })
  await add.waitFor()
  await add.locator('textarea[data-test=ob-add-lines]').fill('张三,13800138000\n李四,12345')
  await add.getByRole('button', { name: '添加', exact: true }).click()
  // The bad line is named and kept for correcting; the good one is in.
  const errors = add.locator('[data-test=ob-add-errors]')
  await errors.getByText('以下 1 行未添加').waitFor()
  await errors.locator('tbody tr').filter({ hasText: '不是有效的手机号或固定电话' }).getByText('2', { exact: true }).waitFor()
  assert.equal(await add.locator('textarea[data-test=ob-add-lines]').inputValue(), '李四,12345')
  await screenshot(page, 'cc-outbound-add')
  await add.getByRole('button', { name: '关闭', exact: true }).click()
  await add.waitFor({ state: 'hidden' })
  await listRow().getByText('共 1 · 待拨 1 · 拨打中 0 · 完成 0 · 失败 0').waitFor()
  assert.deepEqual(page.errors, [])
})

test('an agent takes the entry and records 无人接听', async () => {
  agentPage = await openPage(browser, server.url)
  await signIn(agentPage, AGENT.username, AGENT.password)
  await agentPage.waitForURL((u) => u.pathname === '/')
  await openAdminPage(agentPage, '呼叫中心', '外呼任务')
  // An agent has only 我的外呼.
  await agentPage.getByRole('tab', { name: '我的外呼' }).waitFor()
  assert.equal(await agentPage.getByRole('tab', { name: '外呼名单' }).count(), 0)
  await agentPage.locator('[data-test=ob-panel-claim]').click()
  const entry = agentPage.locator('[data-test=ob-panel-entry]')
  await entry.locator('[data-test=ob-panel-name]').getByText('张三').waitFor()
  // Agents without customer.read_sensitive see the number masked.
  await entry.locator('[data-test=ob-panel-phone]').getByText('138****8000').waitFor()

  // Dialling needs an extension configured for the agent.
  await entry.locator('[data-test=ob-panel-dial]').click()
  await agentPage.getByText('您还不是配置了分机的呼叫中心坐席').waitFor()

  await entry.locator('[data-test=ob-panel-result]').getByText('无人接听').click()
  await entry.locator('textarea[data-test=ob-panel-note]').fill('响铃一分钟无人接')
  await screenshot(agentPage, 'cc-outbound-panel')
  await entry.locator('[data-test=ob-panel-submit]').click()
  // Saving takes the next one: none is due, and the panel says why.
  const empty = agentPage.locator('[data-test=ob-panel-empty]')
  await empty.getByText('当前没有可拨打的名单').waitFor()
  await empty.getByText(/待重拨的名单还未到时间，最早 \d{4}-\d\d-\d\d 12:0\d/).waitFor()
  assert.deepEqual(agentPage.errors, [])
})

test('the supervisor sees one attempt and the next time', async () => {
  await page.reload()
  await listRow().getByText('共 1 · 待拨 1 · 拨打中 0 · 完成 0 · 失败 0').waitFor()
  await listRow().getByRole('button', { name: '查看明细' }).click()
  const row = page.locator('[data-test=ob-entries-table] tbody tr').filter({ hasText: '张三' })
  await row.getByText('待重拨').waitFor()
  await row.getByText('无人接听').waitFor()
  await row.getByText('响铃一分钟无人接').waitFor()
  await row.getByText('外呼坐席').waitFor()
  const cells = await row.locator('td').allInnerTexts()
  assert.equal(cells[3].trim(), '1', `attempts: ${cells}`)
  assert.match(cells[5].trim(), /^\d{4}-\d\d-\d\d 12:0\d$/, `next time: ${cells}`)
  // The state filter finds it among the retries, not among the done.
  await page.locator('[data-test=ob-entries-state]').click()
  await page.getByRole('option', { name: '已完成' }).click()
  await page.locator('[data-test=ob-entries-table]').getByText('没有符合条件的明细').waitFor()
  await screenshot(page, 'cc-outbound-entries')
  assert.deepEqual(page.errors, [])
})
