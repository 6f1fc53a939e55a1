// Contacts and the timeline through the browser: on a company's page, add
// a contact (first with validation errors), see it in the table and in the
// change history, edit it; log an interaction and see it on the timeline;
// the vCard download; an individual has no contacts.
import { readFile } from 'node:fs/promises'
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launch, openPage, screenshot } from './browser.mjs'
import { api, signIn } from './helpers.mjs'

let server, browser, page, company, person

before(async () => {
  server = await startServer()
  browser = await launch()
  page = await openPage(browser, server.url)
  await signIn(page)
  await page.waitForURL((u) => u.pathname === '/')
  const c = await api(page, 'POST', 'customers', { type: 'corporate', name: '福州闽江科技有限公司', phones: ['0591-87654321'] })
  assert.equal(c.status, 201, JSON.stringify(c.body))
  company = c.body
  const p = await api(page, 'POST', 'customers', { type: 'individual', name: '张三' })
  assert.equal(p.status, 201, JSON.stringify(p.body))
  person = p.body
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const tabs = () => page.locator('[data-test=customer-tabs]')
const contactDialog = () => page.getByRole('dialog', { name: '新建联系人' })
const contactRow = (name) => page.locator('[data-test=contact-table] tbody tr').filter({ hasText: name })

test('a contact is added after fixing what the form points out', async (t) => {
  try {
    await page.goto(`/customers/${company.id}`)
    await tabs().getByRole('tab', { name: '联系人' }).click()
    await page.locator('[data-test=contact-table]').getByText('暂无联系人').waitFor()
    await page.locator('[data-test=contact-add]').click()
    const dialog = contactDialog()
    await dialog.waitFor()
    // Nothing typed yet, a bad phone and a bad email: three messages, nothing saved.
    await dialog.locator('[data-test=customer-phones-0]').fill('12345')
    await dialog.locator('[data-test=contact-email]').fill('wang@')
    await dialog.locator('[data-test=contact-save]').click()
    await dialog.getByText('请输入联系人姓名').waitFor()
    await dialog.getByText('请输入正确的手机号或固定电话号码').waitFor()
    await dialog.getByText('请输入正确的邮箱地址').waitFor()
    const none = await api(page, 'GET', `customers/${company.id}/contacts`)
    assert.equal(none.body.items.length, 0)

    await dialog.locator('[data-test=contact-name]').fill('王强')
    await dialog.locator('[data-test=contact-title]').fill('采购总监')
    await dialog.locator('[data-test=contact-department]').fill('采购部')
    await dialog.locator('[data-test=customer-phones-0]').fill('138 0013 8000')
    await dialog.locator('[data-test=contact-email]').fill('wang.qiang@example.com')
    await dialog.locator('[data-test=contact-role]').getByText('决策人', { exact: true }).click()
    await dialog.locator('[data-test=contact-save]').click()
    await dialog.waitFor({ state: 'hidden' })
    const row = contactRow('王强')
    await row.waitFor()
    const text = await row.innerText()
    for (const want of ['采购总监', '采购部', '13800138000', 'wang.qiang@example.com', '决策人'])
      assert.ok(text.includes(want), `row lacks ${want}: ${text}`)

    // The addition is in the customer's change history, naming the contact.
    await tabs().getByRole('tab', { name: '修改记录' }).click()
    await page.locator('[data-test=customer-history]').getByText('联系人 王强 · 职务').waitFor()

    // Edit: the change shows in the table.
    await tabs().getByRole('tab', { name: '联系人' }).click()
    await contactRow('王强').locator('[data-test=contact-edit]').click()
    const edit = page.getByRole('dialog', { name: '编辑联系人' })
    await edit.locator('[data-test=contact-title]').fill('副总经理')
    await edit.locator('[data-test=contact-save]').click()
    await edit.waitFor({ state: 'hidden' })
    await contactRow('王强').getByText('副总经理').waitFor()
  } catch (e) {
    await screenshot(page, t.name)
    throw e
  }
})

test('an interaction logged from the timeline tab shows on the timeline', async (t) => {
  try {
    await page.goto(`/customers/${company.id}`)
    await tabs().getByRole('tab', { name: '时间线' }).click()
    const timeline = page.locator('[data-test=timeline]')
    // The customer's creation is already there.
    await timeline.locator('[data-test=timeline-change]').first().waitFor()
    await page.locator('[data-test=interaction-add]').click()
    const dialog = page.getByRole('dialog', { name: '记录客户来往' })
    await dialog.waitFor()
    await dialog.locator('[data-test=interaction-save]').click()
    await dialog.getByText('请填写摘要').waitFor()
    await dialog.locator('[data-test=interaction-channel]').getByText('拜访', { exact: true }).click()
    await dialog.locator('[data-test=interaction-direction]').getByText('我方发起', { exact: true }).click()
    await dialog.locator('[data-test=interaction-contact]').click()
    await page.getByRole('option', { name: '王强（副总经理）' }).click()
    await dialog.locator('[data-test=interaction-participants]').fill('管理员、王总')
    await dialog.locator('[data-test=interaction-summary]').fill('上门拜访，确认明年专线续约意向')
    await dialog.locator('[data-test=interaction-save]').click()
    await dialog.waitFor({ state: 'hidden' })
    // Newest first: the visit heads the timeline.
    const first = timeline.locator('.el-timeline-item').first()
    await first.getByText('上门拜访，确认明年专线续约意向').waitFor()
    const text = await first.innerText()
    for (const want of ['拜访', '我方发起', '王强', '管理员、王总'])
      assert.ok(text.includes(want), `timeline entry lacks ${want}: ${text}`)
    const saved = await api(page, 'GET', `customers/${company.id}/interactions`)
    assert.equal(saved.body.items[0].channel, 'visit')
    assert.equal(saved.body.items[0].contact.name, '王强')
  } catch (e) {
    await screenshot(page, t.name)
    throw e
  }
})

test('the vCard button downloads the contacts', async (t) => {
  try {
    await page.goto(`/customers/${company.id}`)
    await tabs().getByRole('tab', { name: '联系人' }).click()
    await contactRow('王强').waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=contact-vcard]').click()])
    assert.match(download.suggestedFilename(), /\.vcf$/)
    // What the button saved, not a second fetch of the address it should use.
    const body = await readFile(await download.path(), 'utf8')
    assert.match(body, /FN:王强\r\n/)
    assert.match(body, /ORG:福州闽江科技有限公司;采购部\r\n/)
  } catch (e) {
    await screenshot(page, t.name)
    throw e
  }
})

test('an individual customer has no contacts to add', async (t) => {
  try {
    await page.goto(`/customers/${person.id}`)
    await tabs().getByRole('tab', { name: '联系人' }).click()
    await page.getByText('个人客户没有联系人').waitFor()
    assert.equal(await page.locator('[data-test=contact-add]').count(), 0)
  } catch (e) {
    await screenshot(page, t.name)
    throw e
  }
})
