// Tasks and regions through the browser: the customer form's region
// cascader and the region names on the customer page; a task created from
// the customer page, seen in 我的任务 as overdue (its due time is past) ahead
// of a later one, counted on the home page, and completed; the 数据字典
// page adding and disabling an industry.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launch, openPage, screenshot } from './browser.mjs'
import { api, menuItem, openAdminPage, signIn } from './helpers.mjs'

const CUSTOMER = '王小明'
const OVERDUE = '回访王先生的宽带报修'
const LATER = '准备年度服务报告'

let server, browser, page, customerId

before(async () => {
  server = await startServer()
  browser = await launch()
  page = await openPage(browser, server.url)
  await signIn(page)
  await page.waitForURL((u) => u.pathname === '/')
  const c = await api(page, 'POST', 'customers', {
    type: 'individual',
    name: CUSTOMER,
    phones: ['13800001111'],
    province: '440000',
    city: '440300',
    district: '440305',
  })
  assert.equal(c.status, 201, JSON.stringify(c.body))
  customerId = c.body.id
  const later = await api(page, 'POST', 'tasks', { title: LATER, due_at: '2099-01-01T09:00:00+08:00' })
  assert.equal(later.status, 201, JSON.stringify(later.body))
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

// Waits until an input shows value (inputs hold it as a property, which
// attribute selectors do not see).
async function waitForValue(input, value) {
  const deadline = Date.now() + 10000
  let got
  while ((got = await input.inputValue()) !== value) {
    if (Date.now() > deadline) assert.fail(`input shows "${got}", expected "${value}"`)
    await page.waitForTimeout(100)
  }
}

const taskRow = (title) => page.locator('[data-test=tasks-table] tbody tr').filter({ hasText: title })

test('the customer page names the region, and the cascader changes it', async () => {
  await page.goto(`/customers/${customerId}`)
  await page.locator('[data-test=profile-region_names]').getByText('广东省 深圳市 南山区').waitFor()
  await page.getByRole('button', { name: '编辑' }).click()
  const d = page.getByRole('dialog', { name: '编辑客户' })
  await d.waitFor()
  const cascader = d.locator('[data-test=region-cascader]')
  // The saved path is loaded level by level and shown by name.
  await waitForValue(cascader.locator('input').first(), '广东省 / 深圳市 / 南山区')
  await cascader.locator('input').first().click()
  const panel = page.locator('.el-cascader-panel')
  await panel.getByText('北京市', { exact: true }).first().click()
  await panel.locator('.el-cascader-menu').nth(1).getByText('北京市', { exact: true }).click()
  await panel.locator('.el-cascader-menu').nth(2).getByText('朝阳区', { exact: true }).click()
  await page.keyboard.press('Escape')
  await d.getByRole('button', { name: '保存' }).click()
  await d.waitFor({ state: 'hidden' })
  await page.locator('[data-test=profile-region_names]').getByText('北京市 朝阳区').waitFor()
  assert.deepEqual(page.errors, [])
})

test('a task made on the customer page with a past due time is overdue in 我的任务', async () => {
  await page.getByRole('tab', { name: '任务' }).click()
  await page.locator('[data-test=customer-task-create]').click()
  const d = page.getByRole('dialog', { name: '新建任务' })
  await d.waitFor()
  // The customer is filled in already.
  await d.locator('[data-test=task-customer]').getByText(CUSTOMER).waitFor()
  await d.getByLabel('标题').fill(OVERDUE)
  await d.locator('[data-test=task-priority]').getByText('紧急', { exact: true }).click()
  const due = d.getByPlaceholder('选择截止时间')
  await due.fill('2024-03-01 09:30')
  await due.press('Enter')
  await d.getByLabel('标题').click()
  await screenshot(page, 'task-dialog')
  await d.locator('[data-test=task-submit]').click()
  await d.waitFor({ state: 'hidden' })
  const row = taskRow(OVERDUE)
  await row.getByText('已逾期').waitFor()
  await row.getByText('2024-03-01 09:30').waitFor()
  await row.getByText('紧急').waitFor()

  await menuItem(page, '我的任务').click()
  await page.waitForURL((u) => u.pathname === '/tasks')
  await taskRow(OVERDUE).getByText('已逾期').waitFor()
  assert.match(await taskRow(OVERDUE).getAttribute('class'), /task-overdue/)
  await taskRow(OVERDUE).getByRole('link', { name: CUSTOMER }).waitFor()
  // Overdue first, then the rest by due date; the later one is not overdue.
  const titles = await page.locator('[data-test=tasks-table] tbody tr td:first-child').allInnerTexts()
  assert.ok(titles[0].includes(OVERDUE) && titles[1].includes(LATER), titles.join(' | '))
  assert.equal(await taskRow(LATER).getByText('已逾期').count(), 0)
  await page.locator('[data-test=task-summary]').getByText('逾期 1 项').waitFor()
  await screenshot(page, 'tasks')

  await menuItem(page, '首页').click()
  await page.locator('[data-test=home-overdue]').getByText('1', { exact: true }).waitFor()
  assert.deepEqual(page.errors, [])
})

test('完成 takes the task off the open list and it shows as done', async () => {
  await menuItem(page, '我的任务').click()
  const row = taskRow(OVERDUE)
  await row.getByRole('button', { name: '完成' }).click()
  await page.getByText(`任务“${OVERDUE}”已完成`).waitFor()
  await row.waitFor({ state: 'detached' })
  await taskRow(LATER).waitFor()

  await page.locator('[data-test=task-filter-status]').click()
  await page.getByRole('option', { name: '已完成', exact: true }).click()
  const done = taskRow(OVERDUE)
  await done.getByText('已完成').waitFor()
  assert.equal(await done.getByText('已逾期').count(), 0)
  assert.match(page.url(), /status=done/)

  // The customer's tab lists it under 已完成 too.
  await page.goto(`/customers/${customerId}`)
  await page.getByRole('tab', { name: '任务' }).click()
  await page.locator('[data-test=tasks-table]').getByText('暂无任务').waitFor()
  await page.locator('[data-test=customer-task-status]').click()
  await page.getByRole('option', { name: '全部状态', exact: true }).click()
  await taskRow(OVERDUE).getByText('已完成').waitFor()
  assert.deepEqual(page.errors, [])
})

test('数据字典: an administrator adds an industry and disables it', async () => {
  await openAdminPage(page, '系统管理', '数据字典')
  await page.waitForURL((u) => u.pathname === '/admin/dictionaries')
  await page.getByRole('tab', { name: '行业' }).waitFor()
  const table = page.locator('[data-test=dictionary-table]')
  await table.getByText('金融', { exact: true }).waitFor()
  await page.getByRole('tab', { name: '工单分类' }).click()
  // The tree shows children under their parent.
  await table.getByText('收费争议', { exact: true }).waitFor()
  await page.getByRole('tab', { name: '行业' }).click()

  await page.locator('[data-test=dictionary-add]').click()
  const d = page.getByRole('dialog', { name: '新增 · 行业' })
  await d.getByLabel('编码').fill('Farm')
  await d.getByLabel('名称').fill('农业')
  await d.locator('[data-test=dictionary-submit]').click()
  await d.getByText('编码为 1–32 位小写字母').waitFor()
  await d.getByLabel('编码').fill('agriculture')
  await d.locator('[data-test=dictionary-submit]').click()
  await d.waitFor({ state: 'hidden' })
  await table.locator('[data-test=dictionary-row-agriculture]').waitFor()

  await page.locator('[data-test=dictionary-enabled-agriculture]').click()
  await page.getByText('已停用“农业”').waitFor()
  const items = await api(page, 'GET', 'dictionaries/industry')
  assert.ok(!items.body.items.some((it) => it.code === 'agriculture'), 'a disabled item is not offered')
  await screenshot(page, 'dictionaries')
  assert.deepEqual(page.errors, [])
})
