// Time limits and work calendars through the browser: on 工作日历 the
// administrator adds a holiday to the mainland calendar and the working-time
// deadline moves past it; on 服务时限 a limit is edited (a resolution
// shorter than the first response is refused on the form) and the
// deadline preview follows, counting the make-up working Saturday; the
// escalation delay is saved from the keyboard, kept over a reload and held
// to the server's bounds.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launch, openPage, screenshot } from './browser.mjs'
import { api, openAdminPage, signIn } from './helpers.mjs'

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

// Types a date-time into an Element Plus picker and confirms it.
async function pickDateTime(input, value) {
  await input.fill(value)
  await input.press('Enter')
}

// Sets an el-input-number (it takes the value when it loses focus).
async function setNumber(root, value) {
  const input = root.locator('input')
  await input.fill(String(value))
  await input.press('Tab')
}

async function chooseOption(select, name) {
  await select.click()
  await page.locator('.el-select-dropdown:visible').getByRole('option', { name, exact: true }).click()
}

test('工作日历: a holiday added by the administrator moves the deadline', async () => {
  await openAdminPage(page, '系统管理', '工作日历')
  await page.locator('[data-test=calendar-row-2]').click()
  const name = page.locator('[data-test=calendar-name]')
  await page.waitForFunction(() => document.querySelector('[data-test=calendar-name]')?.value === '中国大陆工作日')
  assert.equal(await name.inputValue(), '中国大陆工作日')

  // Friday 6 March 17:00 + 2 working hours: one on Friday, one on Monday.
  const box = page.locator('[data-test=calendar-deadline]')
  await pickDateTime(box.getByPlaceholder('选择受理时间'), '2026-03-06 17:00')
  await setNumber(box.locator('[data-test=calendar-deadline-minutes]'), 120)
  const due = box.locator('[data-test=calendar-deadline-due]')
  await due.getByText('2026-03-09 10:00').waitFor()

  // The 2026 list holds the State Council's 39 days.
  const days = page.locator('[data-test=calendar-days]')
  await chooseOption(days.locator('[data-test=calendar-year]'), '2026')
  const rows = days.locator('[data-test=calendar-days-table] tbody tr')
  await page.waitForFunction(() => document.querySelectorAll('[data-test=calendar-days-table] tbody tr').length === 39)

  // A company holiday on Monday 9 March.
  await days.locator('[data-test=calendar-day-add]').click()
  const added = rows.last()
  await pickDateTime(added.getByPlaceholder('日期'), '2026-03-09')
  await added.locator('[data-test=calendar-day-name]').fill('公司假日')
  await screenshot(page, 'sla-calendar-holiday')
  await days.locator('[data-test=calendar-days-save]').click()
  await page.getByText('2026 年的节假日和调休已保存').waitFor()

  await due.getByText('2026-03-10 10:00').waitFor()
  const saved = await api(page, 'GET', 'sla/calendars/2/days/2026')
  const day = saved.body.items.find((d) => d.date === '2026-03-09')
  assert.deepEqual(day, { date: '2026-03-09', kind: 'holiday', name: '公司假日' })
  assert.deepEqual(page.errors, [])
})

test('服务时限: editing a limit changes the deadline preview', async () => {
  await openAdminPage(page, '系统管理', '服务时限')
  const table = page.locator('[data-test=sla-policies-table]')
  await table.getByText('咨询').first().waitFor()

  // A normal inquiry on Friday 8 May 17:00: 4 business hours, the last
  // three on Saturday 9 May, a make-up working day.
  const preview = page.locator('[data-test=sla-preview]')
  await pickDateTime(preview.getByPlaceholder('选择受理时间'), '2026-05-08 17:00')
  await preview.locator('[data-test=sla-preview-response]').getByText('2026-05-09 12:00').waitFor()

  await page.locator('[data-test=sla-policy-edit-inquiry-normal-any]').click()
  const dialog = page.getByRole('dialog', { name: '编辑时限' })
  await dialog.waitFor()
  // A resolution shorter than the first response: the server says why.
  await setNumber(dialog.locator('[data-test=sla-policy-resolve]'), 30)
  await dialog.locator('[data-test=sla-policy-submit]').click()
  await dialog.getByText('解决时限不能短于首次响应时限').waitFor()

  await setNumber(dialog.locator('[data-test=sla-policy-response]'), 60)
  await setNumber(dialog.locator('[data-test=sla-policy-resolve]'), 450)
  await dialog.locator('[data-test=sla-policy-submit]').click()
  await dialog.waitFor({ state: 'hidden' })

  // One hour on Friday, and a whole business day ends Saturday 17:00.
  await preview.locator('[data-test=sla-preview-response]').getByText('2026-05-08 18:00').waitFor()
  await preview.locator('[data-test=sla-preview-resolve]').getByText('2026-05-09 17:00').waitFor()
  const row = table.locator('tbody tr').filter({ hasText: '咨询' }).filter({ hasText: '普通' })
  await row.getByText('1 小时', { exact: true }).waitFor()
  await screenshot(page, 'sla-policies')
  assert.deepEqual(page.errors, [])
})

test('服务时限: the escalation delay is changed by keyboard and kept', async () => {
  await openAdminPage(page, '系统管理', '服务时限')
  const card = page.locator('[data-test=sla-escalation]')
  const input = card.locator('[data-test=sla-escalate-minutes] input')
  await page.waitForFunction(() => document.querySelector('[data-test=sla-escalate-minutes] input')?.value === '60')
  await card.getByText('升级间隔（分钟）').waitFor()
  assert.equal(await card.locator('[data-test=sla-escalate-save]').isDisabled(), true, 'nothing to save yet')

  await input.fill('45')
  await input.press('Enter')
  await page.getByText('升级间隔已保存：45 分钟').waitFor()
  const { body } = await api(page, 'GET', 'settings')
  assert.equal(body['ticket.escalate_after_minutes'], 45)

  await page.reload()
  await page.waitForFunction(() => document.querySelector('[data-test=sla-escalate-minutes] input')?.value === '45')
  // The server's bounds hold on the form: more than 7 days becomes 7 days.
  await setNumber(card.locator('[data-test=sla-escalate-minutes]'), 99999)
  assert.equal(await input.inputValue(), '10080')
  await card.locator('[data-test=sla-escalate-save]').click()
  await page.getByText('升级间隔已保存：10080 分钟').waitFor()
  await page.reload()
  await page.waitForFunction(() => document.querySelector('[data-test=sla-escalate-minutes] input')?.value === '10080')
  assert.deepEqual(page.errors, [])
})
