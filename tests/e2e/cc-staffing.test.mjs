// 排班测算 through the browser: the supervisor enters 100 calls per half
// hour at 180 s each and is told 14 agents reach 80% in 20 s; 10 agents
// are shown as unstable; a day's curve typed into the half-hour table is
// computed into a chart, peak and agent hours, and the forecast button
// fills the table from history.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launch, openPage, screenshot } from './browser.mjs'
import { openAdminPage, signIn } from './helpers.mjs'

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

// Types into an el-input-number; it takes the value when it loses focus.
async function setNumber(root, value, key = 'Tab') {
  const input = root.locator('input')
  await input.fill(String(value))
  await input.press(key)
}

const statistic = (name) => page.locator(`[data-test=${name}] .el-statistic__content`)

test('100 calls in half an hour at 180 s need 14 agents for 80/20', async () => {
  await openAdminPage(page, '呼叫中心', '排班测算')
  await page.waitForURL((u) => u.pathname === '/call-center/staffing')
  const form = page.locator('[data-test=staffing-form]')
  await form.getByText('30 分钟').waitFor()
  await setNumber(page.locator('[data-test=staffing-calls]'), 100)
  // Enter in the last field computes.
  await setNumber(page.locator('[data-test=staffing-aht]'), 180, 'Enter')
  await statistic('staffing-agents').getByText('14', { exact: true }).waitFor()
  assert.match(await statistic('staffing-sl').innerText(), /88\.8\s*%/)
  assert.match(await statistic('staffing-occupancy').innerText(), /71\.4\s*%/)
  assert.match(await statistic('staffing-asa').innerText(), /7\.8/)
  await page.locator('[data-test=staffing-calculator]').getByText('所需坐席').waitFor()
  await screenshot(page, 'cc-staffing-calculator')
})

test('as many agents as Erlangs is shown as unstable', async () => {
  await setNumber(page.locator('[data-test=staffing-agents-input]'), 10)
  await page.locator('[data-test=staffing-compute]').click()
  await page.locator('[data-test=staffing-unstable]').waitFor()
  assert.match(await statistic('staffing-sl').innerText(), /^0\.0\s*%/)
  assert.equal((await statistic('staffing-asa').innerText()).trim(), '—')
  // Thirteen agents: the textbook 79.6%.
  await setNumber(page.locator('[data-test=staffing-agents-input]'), 13, 'Enter')
  await statistic('staffing-sl').getByText(/79\.6/).waitFor()
  assert.equal(await page.locator('[data-test=staffing-unstable]').count(), 0)
  await page.locator('[data-test=staffing-calculator]').getByText('坐席数', { exact: true }).first().waitFor()
})

test('a day of calls becomes a staffing curve with a chart', async () => {
  const card = page.locator('[data-test=staffing-curve]')
  await card.getByText('填写来电量后点击“计算排班”').waitFor()
  assert.equal(await card.locator('.el-table__body tr').count(), 48)

  await page.locator('[data-test=staffing-slot-18]').scrollIntoViewIfNeeded()
  await setNumber(page.locator('[data-test=staffing-slot-18]'), 100)
  await setNumber(page.locator('[data-test=staffing-slot-19]'), 200)
  // Enter in the table computes the plan.
  await setNumber(page.locator('[data-test=staffing-slot-20]'), 50, 'Enter')
  await page.locator('[data-test=staffing-chart] canvas').waitFor()
  await page.locator('[data-test=staffing-slot-agents-18]').getByText('14', { exact: true }).waitFor()
  const at19 = Number(await page.locator('[data-test=staffing-slot-agents-19]').innerText())
  const at20 = Number(await page.locator('[data-test=staffing-slot-agents-20]').innerText())
  assert.ok(at19 > 14 && at20 < 14 && at20 > 0, `agents ${at19} at 09:30, ${at20} at 10:00`)
  assert.equal((await page.locator('[data-test=staffing-slot-agents-0]').innerText()).trim(), '0')
  assert.equal((await statistic('staffing-peak').innerText()).trim(), String(at19))
  const hours = Number((await statistic('staffing-agent-hours').innerText()).replace(/[^\d.]/g, ''))
  assert.equal(hours, (14 + at19 + at20) / 2)
  await screenshot(page, 'cc-staffing-curve')

  // Shrinkage of 30%: 14 on the phones means 20 on the roster.
  await setNumber(page.locator('[data-test=staffing-shrinkage]'), 30)
  await page.locator('[data-test=staffing-plan]').click()
  await page.locator('[data-test=staffing-chart] canvas').waitFor()
  await card.getByText('高峰排班人数').waitFor()
  const row18 = card.locator('.el-table__body tr').nth(18)
  await row18.getByText('20', { exact: true }).waitFor()

  // Editing a figure puts the result aside until it is computed again.
  await setNumber(page.locator('[data-test=staffing-slot-21]'), 10)
  await card.getByText('填写来电量后点击“计算排班”').waitFor()
})

test('the forecast fills the table from the same weekday of past weeks', async () => {
  const card = page.locator('[data-test=staffing-curve]')
  await page.locator('[data-test=staffing-forecast]').click()
  // A new centre has no history: every half hour is 0 again.
  await page.getByText(/已按此前 4 周同一天/).waitFor()
  assert.equal(await page.locator('[data-test=staffing-slot-18] input').inputValue(), '0')
  assert.equal(await card.locator('.el-table__body tr').count(), 48)
  assert.deepEqual(page.errors, [])
})
