// Customer import and export through the browser: a dry run of a file with
// bad rows lists them (line, column, reason) and allows no import; a good
// GB18030 file is recognised as such, checked, imported with progress, and
// its customers appear in the list; the list exports as CSV.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
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
  await menuItem(page, '客户').click()
  await page.waitForURL((u) => u.pathname === '/customers')
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const dialog = () => page.locator('[data-test=import-dialog]')
const rowOf = (name) =>
  page.locator('[data-test=customers-table] tbody tr').filter({ has: page.locator('a').getByText(name, { exact: true }) })

async function chooseFile(name, mimeType, buffer) {
  await dialog().locator('input[type=file]').setInputFiles({ name, mimeType, buffer })
  await dialog().getByText(name).waitFor()
}

test('a dry run lists the bad rows with line, column and reason, and allows no import', async () => {
  await page.locator('[data-test=customer-import]').click()
  await dialog().getByText('将文件拖到此处').waitFor()
  const csv = '类型,名称,电话\n个人,王五,13800000001\n公司,,13800000002\n个人,赵六,12345\n'
  await chooseFile('bad.csv', 'text/csv', Buffer.from(csv))
  await dialog().locator('[data-test=import-check-button]').click()

  const errors = dialog().locator('[data-test=import-errors]')
  await errors.waitFor()
  const rows = errors.locator('tbody tr')
  await rows.nth(1).waitFor()
  assert.deepEqual(await rows.nth(0).locator('td').allInnerTexts(), ['3', '名称', '必填'])
  assert.deepEqual(await rows.nth(1).locator('td').allInnerTexts(), ['4', '电话', '第 1 项不是有效的手机号或固定电话'])
  await dialog().getByText('共 3 行，1 行可以导入，2 行有误').waitFor()
  assert.equal(await dialog().locator('[data-test=import-run]').isDisabled(), true)
  await screenshot(page, 'import-dry-run-errors')
  await dialog().getByRole('button', { name: '重新选择文件' }).click()
})

test('a good GB18030 file is recognised, checked and imported, and its customers are listed', async () => {
  const csv = '类型,名称,电话,等级,标签\r\n个人,欧阳娜娜,13700000001,贵宾,宽带\r\n公司,厦门鹭岛贸易有限公司,0592-5551234,重点,\r\n'
  const gbk = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: csv })
  await dialog().locator('.el-upload-list__item').first().hover()
  await dialog().locator('.el-upload-list__item .el-icon--close').first().click()
  await chooseFile('good.csv', 'text/csv', gbk)
  await dialog().locator('[data-test=import-encoding]').getByText('GB18030（GBK）').waitFor()
  await dialog().locator('[data-test=import-check-button]').click()
  await dialog().getByText('共 2 行，全部可以导入').waitFor()
  await dialog().locator('[data-test=import-run]').click()
  await dialog().getByText('已导入 2 位客户').waitFor()
  await screenshot(page, 'import-done')
  await dialog().locator('[data-test=import-close]').click()
  await dialog().waitFor({ state: 'hidden' })
  await rowOf('欧阳娜娜').getByText('贵宾').waitFor()
  await rowOf('厦门鹭岛贸易有限公司').getByText('05925551234').waitFor()
  assert.deepEqual(page.errors, [])
})

test('the list exports as a CSV file that Excel reads as UTF-8', async () => {
  await page.locator('[data-test=customer-export]').click()
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-test=customer-export-csv]').click(),
  ])
  assert.equal(download.suggestedFilename(), 'customers.csv')
  const text = readFileSync(await download.path(), 'utf8')
  assert.ok(text.startsWith('\uFEFF类型,名称,电话'), text.slice(0, 40))
  assert.match(text, /个人,欧阳娜娜,13700000001/)
  assert.match(text, /厦门鹭岛贸易有限公司/)
})
