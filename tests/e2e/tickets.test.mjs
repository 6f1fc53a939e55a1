// Work orders through the browser: an order created from the customer's
// 服务工单 tab, moved through the whole closed loop on the order page with
// the buttons the server offers (受理, 派单 to a team, 开始处理, a reply
// to the customer, 办结 with its resolution, 回访, 确认关闭 with the
// customer's 4-star rating), then found closed in the 服务工单 list and on
// the customer's timeline.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launch, openPage, screenshot } from './browser.mjs'
import { api, menuItem, signIn } from './helpers.mjs'

const CUSTOMER = '林晓峰'
const TITLE = '宽带频繁掉线'
const TEAM = '宽带维修组'

let server, browser, page, customerId

before(async () => {
  server = await startServer()
  browser = await launch()
  page = await openPage(browser, server.url)
  await signIn(page)
  await page.waitForURL((u) => u.pathname === '/')
  const c = await api(page, 'POST', 'customers', { type: 'individual', name: CUSTOMER, phones: ['13900002222'] })
  assert.equal(c.status, 201, JSON.stringify(c.body))
  customerId = c.body.id
  const t = await api(page, 'POST', 'teams', { name: TEAM })
  assert.equal(t.status, 201, JSON.stringify(t.body))
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const state = () => page.locator('[data-test=ticket-state]')

// The text box an Element Plus input marked data-test=name renders (the
// mark lands on the <input> itself or on its wrapper).
const box = (scope, name) =>
  scope
    .locator(`input[data-test=${name}], textarea[data-test=${name}], [data-test=${name}] input, [data-test=${name}] textarea`)
    .first()

/** Clicks the move button to `to`, fills the dialog with fill(), confirms. */
async function makeMove(to, label, fill) {
  await page.locator(`[data-test=move-${to}]`).click()
  const d = page.getByRole('dialog', { name: label })
  await d.waitFor()
  if (fill) await fill(d)
  await d.locator('[data-test=move-submit]').click()
  await d.waitFor({ state: 'hidden' })
}

test('an order made on the customer page goes round the loop to closed with a rating', async () => {
  await page.goto(`/customers/${customerId}`)
  await page.getByRole('tab', { name: '服务工单' }).click()
  await page.locator('[data-test=tickets-table]').getByText('暂无工单').waitFor()
  await page.locator('[data-test=customer-ticket-create]').click()
  const d = page.getByRole('dialog', { name: '新建工单' })
  await d.waitFor()
  // The customer is filled in already.
  await d.locator('[data-test=ticket-customer]').getByText(CUSTOMER).waitFor()
  await d.locator('[data-test=ticket-type]').getByText('报修', { exact: true }).click()
  await d.locator('[data-test=ticket-priority]').getByText('紧急', { exact: true }).click()
  await d.getByLabel('标题').fill(TITLE)
  await d.getByLabel('问题描述').fill('晚上 8 点后每隔十分钟断一次')
  await box(d, 'ticket-fault-location').fill('阳光花园 5 栋 1203')
  await box(d, 'ticket-fault-nature').fill('光猫信号衰减')
  await screenshot(page, 'ticket-create')
  await d.locator('[data-test=ticket-submit]').click()
  await d.waitFor({ state: 'hidden' })
  const row = page.locator('[data-test=tickets-table] tbody tr').filter({ hasText: TITLE })
  await row.getByText('新建').waitFor()
  await row.getByText('紧急').waitFor()

  await row.getByRole('link', { name: TITLE }).click()
  await page.waitForURL((u) => /^\/tickets\/\d+$/.test(u.pathname))
  await state().getByText('新建').waitFor()
  assert.equal(await page.locator('[data-test=ticket-responded_at]').count(), 0)
  // Only the moves out of "new" are offered: accepting is, resolving is not.
  await page.locator('[data-test=move-accepted]').waitFor()
  assert.equal(await page.locator('[data-test=move-resolved]').count(), 0)

  await makeMove('accepted', '受理')
  await state().getByText('已受理').waitFor()
  // Accepting is the first response.
  await page.locator('[data-test=ticket-responded_at]').waitFor()
  await makeMove('dispatched', '派单', async (dlg) => {
    await dlg.locator('[data-test=move-team]').click()
    await page.getByRole('option', { name: TEAM, exact: true }).click()
  })
  await state().getByText('已派单').waitFor()
  await page.locator('[data-test=ticket-repair]').getByText(TEAM).waitFor()
  await makeMove('in_progress', '开始处理')
  await state().getByText('处理中').waitFor()

  // A reply to the customer in the thread.
  await box(page, 'thread-input').fill('您好，维修师傅明天上午上门检测。')
  await page.locator('[data-test=thread-send]').click()
  await page.locator('[data-test=ticket-comment]').getByText('维修师傅明天上午上门检测').waitFor()
  await page.locator('[data-test=ticket-responded_at]').waitFor()

  // A repair is resolved with its restoration time.
  await makeMove('resolved', '办结', async (dlg) => {
    await box(dlg, 'move-resolution').fill('更换光猫，信号恢复正常')
    const picker = dlg.getByPlaceholder('恢复时间')
    await picker.fill('2024-05-01 10:30')
    await picker.press('Enter')
    await box(dlg, 'move-resolution').click()
  })
  await state().getByText('已办结').waitFor()
  await page.locator('[data-test=ticket-resolution]').getByText('更换光猫').waitFor()
  await makeMove('callback', '回访')
  await state().getByText('回访中').waitFor()
  await makeMove('closed', '确认关闭', async (dlg) => {
    await dlg.locator('[data-test=move-rating] .el-rate__item').nth(3).click()
    await box(dlg, 'move-rating-comment').fill('师傅很专业')
  })
  await state().getByText('已关闭').waitFor()
  await page.locator('[data-test=ticket-rating]').getByText('4 / 5').waitFor()
  await page.locator('[data-test=ticket-rating]').getByText('师傅很专业').waitFor()
  // Within 7 days of closing it can be reopened.
  await page.locator('[data-test=move-in_progress]').waitFor()
  await page.getByRole('tab', { name: '流转记录' }).click()
  await page.locator('[data-test=ticket-events]').getByText('已办结 → 回访中').waitFor()
  await screenshot(page, 'ticket-closed')
  assert.deepEqual(page.errors, [])
})

test('the closed order is in the 全部工单 list and on the customer timeline', async () => {
  await menuItem(page, '服务工单').click()
  await page.waitForURL((u) => u.pathname === '/tickets')
  await page.getByRole('tab', { name: '全部工单' }).click()
  const row = page.locator('[data-test=tickets-table] tbody tr').filter({ hasText: TITLE })
  await row.getByText('已关闭').waitFor()
  await row.getByText(CUSTOMER).waitFor()
  // 我的待办 no longer holds it.
  await page.getByRole('tab', { name: '我的待办' }).click()
  await page.locator('[data-test=tickets-table]').getByText('暂无工单').waitFor()

  await page.goto(`/customers/${customerId}`)
  await page.getByRole('tab', { name: '时间线' }).click()
  const entries = page.locator('[data-test=timeline-ticket-entry]')
  await entries.filter({ hasText: '关闭工单' }).getByText(TITLE).waitFor()
  await entries.filter({ hasText: '新建工单' }).getByText(TITLE).waitFor()
  assert.deepEqual(page.errors, [])
})
