// The contact centre's wallboard and reports in the browser: a call that
// starts waiting after the wallboard opened shows up on its queue's card
// within a second or two, with its wait ticking; the reports page shows
// the KPI table with the call counted, its charts, and the 满意度 tab.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launch, openPage, screenshot } from './browser.mjs'
import { api, menuItem, signIn } from './helpers.mjs'

let server, browser, page, queueId

/** Today in Beijing, 'YYYY-MM-DD'. */
const today = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)

before(async () => {
  // A real clock: the scheduler wakes the wallboards every second.
  server = await startServer()
  browser = await launch()
  page = await openPage(browser, server.url)
  await signIn(page)
  await page.waitForURL((u) => u.pathname === '/')
  const skill = await api(page, 'POST', 'cc/skills', { name: '大屏技能' })
  assert.equal(skill.status, 201, JSON.stringify(skill.body))
  const queue = await api(page, 'POST', 'cc/queues', { name: '大屏队列', skill_id: skill.body.id })
  assert.equal(queue.status, 201, JSON.stringify(queue.body))
  queueId = queue.body.id
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('a call that starts waiting appears on the open wallboard within seconds', async () => {
  await page.locator('[data-test=side-menu]').getByText('呼叫中心', { exact: true }).click()
  await menuItem(page, '监控大屏').click()
  await page.waitForURL((u) => u.pathname === '/call-center/wallboard')
  const card = page.locator(`[data-test=wallboard-queue-${queueId}]`)
  await card.getByText('大屏队列').waitFor()
  await page.locator('[data-test=wallboard-live]').getByText('实时').waitFor()
  assert.equal(await card.locator('[data-test=queue-waiting]').innerText(), '0')

  // No agent is ready, so the call waits in the queue.
  const ev = await api(page, 'POST', 'cti/events', {
    id: 'wb-e1', type: 'ringing', call: 'wb-c1', caller: '13800138000', called: '95588', queue: queueId,
  })
  assert.equal(ev.status < 300, true, JSON.stringify(ev.body))
  const started = Date.now()
  await card.locator('[data-test=queue-waiting]').getByText('1', { exact: true }).waitFor({ timeout: 2500 })
  assert.ok(Date.now() - started < 2500)
  // The longest wait ticks in the browser.
  const longest = card.locator('[data-test=queue-longest]')
  const first = await longest.innerText()
  assert.match(first, /^\d\d:\d\d$/)
  await page.waitForFunction(
    ([sel, was]) => document.querySelector(sel)?.innerText !== was,
    [`[data-test=wallboard-queue-${queueId}] [data-test=queue-longest]`, first],
    { timeout: 3000 },
  )
  await page.locator('[data-test=wallboard-today]').getByText('呼入量').waitFor()
  await screenshot(page, 'cc-wallboard')

  // The caller hangs up: the card empties again.
  await api(page, 'POST', 'cti/events', { id: 'wb-e2', type: 'ended', call: 'wb-c1', cause: 'hangup' })
  await card.locator('[data-test=queue-waiting]').getByText('0', { exact: true }).waitFor({ timeout: 2500 })
  assert.deepEqual(page.errors, [])
})

test('the reports page shows the KPI table, its charts and the ratings tab', async () => {
  await menuItem(page, '话务报表').click()
  await page.waitForURL((u) => u.pathname === '/call-center/reports')
  const table = page.locator('[data-test=kpi-table]')
  // Today's row counts the abandoned call of the test before.
  const row = table.locator('tr', { hasText: today() })
  await row.waitFor()
  const cells = await row.locator('td').allInnerTexts()
  assert.equal(cells[1], '1') // 呼入量
  assert.equal(cells[3], '1') // 放弃量
  assert.equal(cells[4], '100.0%') // 放弃率
  await table.locator('tr', { hasText: '合计' }).waitFor()
  // The header explains its formula.
  await table.getByText('放弃率').hover()
  await page.getByText('放弃量 ÷ 呼入量').waitFor()
  assert.ok(await page.locator('[data-test=kpi-volume-chart] canvas').count() > 0)

  // By the half hour over the default week, up to today's last one.
  await page.locator('[data-test=kpi-by]').getByText('半小时').click()
  await page.locator('[data-test=kpi-search]').click()
  await table.getByText(`${today()} 23:30`).waitFor()
  await screenshot(page, 'cc-reports')

  await page.getByRole('tab', { name: '满意度' }).click()
  await page.locator('[data-test=rating-table]').waitFor()
  assert.deepEqual(page.errors, [])
})
