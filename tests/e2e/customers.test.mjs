// Customers through the browser: create with validation, search by pinyin
// initials and phone fragment, the profile, edit with validation and a
// version conflict, the change history, delete with undo, the column
// chooser, and what an agent (no customer.read_sensitive) sees.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launch, openPage, screenshot } from './browser.mjs'
import { api, menuItem, signIn } from './helpers.mjs'

const AGENT = { username: 'zuoxi01', password: 'Agent@12345' }
const TEAM = '客服一组'
const NAME = '张三丰'
const PHONE = '13912345678'

let server, browser, page

before(async () => {
  server = await startServer()
  browser = await launch()
  page = await openPage(browser, server.url)
  await signIn(page)
  await page.waitForURL((u) => u.pathname === '/')
  const team = await api(page, 'POST', 'teams', { name: TEAM })
  assert.equal(team.status, 201, JSON.stringify(team.body))
  const agent = await api(page, 'POST', 'users', {
    username: AGENT.username,
    display_name: '坐席一号',
    password: AGENT.password,
    roles: ['agent'],
    team_id: team.body.id,
    level: 1,
  })
  assert.equal(agent.status, 201, JSON.stringify(agent.body))
  const bank = await api(page, 'POST', 'customers', { type: 'financial', name: '华夏银行', tier: 'vip', phones: ['010-88886666'] })
  assert.equal(bank.status, 201, JSON.stringify(bank.body))
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const table = () => page.locator('[data-test=customers-table]')
// The row whose name link is exactly `name`.
const rowOf = (name, p = page) =>
  p
    .locator('[data-test=customers-table] tbody tr')
    .filter({ has: p.locator('a').getByText(name, { exact: true }) })
const createDialog = () => page.getByRole('dialog', { name: '新建客户' })
const editDialog = () => page.getByRole('dialog', { name: '编辑客户' })

async function pickOption(select, name) {
  await select.click()
  await page.getByRole('option', { name, exact: true }).click()
}

async function search(text) {
  const box = page.locator('[data-test=customer-search]')
  await box.fill(text)
  await box.press('Enter')
}

test('the 客户 menu entry opens the customer list', async () => {
  await menuItem(page, '客户').click()
  await page.waitForURL((u) => u.pathname === '/customers')
  await rowOf('华夏银行').getByText('金融机构').waitFor()
  await rowOf('华夏银行').getByText('贵宾').waitFor()
  const placeholder = await page.locator('[data-test=customer-search]').getAttribute('placeholder')
  assert.equal(placeholder, '姓名 / 拼音首字母 / 电话 / 邮箱 / 公司 / 证件号')
  await screenshot(page, 'customers')
})

test('creating a customer: a bad mobile number gets a Chinese message, the fixed form saves', async () => {
  await page.getByRole('button', { name: '新建客户' }).click()
  const d = createDialog()
  await d.waitFor()
  await d.getByLabel('姓名', { exact: true }).fill(NAME)
  await d.locator('[data-test=customer-phones-0]').fill('1381234')
  await d.getByRole('button', { name: '添加邮箱' }).click()
  await d.locator('[data-test=customer-emails-0]').fill('zsf@example.com')
  await pickOption(d.locator('[data-test=customer-team]'), TEAM)
  const tags = d.locator('[data-test=customer-tags] input')
  await tags.pressSequentially('宽带')
  await page.getByRole('option', { name: '宽带', exact: true }).waitFor()
  await tags.press('Enter')
  await d.locator('[data-test=customer-tags]').getByText('宽带').waitFor()
  await d.getByRole('button', { name: '保存' }).click()
  await d.getByText('请输入正确的手机号').waitFor()
  await screenshot(page, 'customer-dialog-invalid')

  // Spaces are allowed and removed by the server; Enter submits.
  const phone = d.locator('[data-test=customer-phones-0]')
  await phone.fill('139 1234 5678')
  await phone.press('Enter')
  await d.waitFor({ state: 'hidden' })
  const row = rowOf(NAME)
  await row.getByText(PHONE).waitFor()
  await row.getByText('一般').waitFor()
  await row.getByText(TEAM).waitFor()
  await row.getByText('个人').waitFor()
  assert.deepEqual(page.errors, [])
})

test('the list finds the customer by pinyin initials and by a phone fragment', async () => {
  await search('zsf')
  await rowOf(NAME).waitFor()
  await rowOf('华夏银行').waitFor({ state: 'detached' })
  assert.match(page.url(), /q=zsf/)

  await search('nobody-here')
  await table().getByText('没有找到符合条件的客户').waitFor()

  await search('2345678')
  await rowOf(NAME).waitFor()
  await rowOf('华夏银行').waitFor({ state: 'detached' })

  // The type filter narrows too.
  await search('')
  await pickOption(page.locator('[data-test=customer-filter-type]'), '金融机构')
  await rowOf('华夏银行').waitFor()
  await rowOf(NAME).waitFor({ state: 'detached' })
  await page.locator('[data-test=customer-filter-type]').hover()
  await page.locator('[data-test=customer-filter-type] .el-select__clear').click()
  await rowOf(NAME).waitFor()

  // Sorted by name (pinyin): 华夏银行 (huaxia) before 张三丰 (zhang); newest
  // first it is the other way round.
  const firstName = () => page.locator('[data-test=customers-table] tbody tr').first().locator('a').first()
  await pickOption(page.locator('[data-test=customer-sort]'), '按名称（拼音）')
  await page.waitForURL((u) => u.searchParams.get('sort') === 'name')
  await firstName().getByText('华夏银行', { exact: true }).waitFor()
  await pickOption(page.locator('[data-test=customer-sort]'), '最新创建')
  await firstName().getByText(NAME, { exact: true }).waitFor()
})

test('a field the server refuses is marked on its form item', async () => {
  // Control characters pass the form's own rules; the server names the field.
  await page.getByRole('button', { name: '新建客户' }).click()
  const d = createDialog()
  await d.getByLabel('姓名', { exact: true }).fill('李四')
  await d.getByLabel('公司', { exact: true }).fill('坏\u0001公司')
  await d.getByRole('button', { name: '保存' }).click()
  const item = d.locator('.el-form-item').filter({ has: page.getByLabel('公司', { exact: true }) })
  await item.getByText('不能包含控制字符').waitFor()
  await d.getByRole('button', { name: '取消' }).click()
  await d.waitFor({ state: 'hidden' })
})

test('the customer page shows the profile with Chinese labels', async () => {
  await rowOf(NAME).getByRole('link', { name: NAME }).click()
  await page.waitForURL((u) => /^\/customers\/\d+$/.test(u.pathname))
  const header = page.locator('[data-test=customer-header]')
  await header.getByText(NAME).waitFor()
  await header.getByText('个人').waitFor()
  await header.getByText('一般').waitFor()
  await header.getByText('宽带').waitFor()
  const profile = page.locator('[data-test=customer-profile]')
  await profile.getByText('生命周期').waitFor()
  await profile.locator('[data-test=profile-lifecycle_stage]').getByText('新客户').waitFor()
  await profile.locator('[data-test=profile-phones]').getByText(PHONE).waitFor()
  await profile.locator('[data-test=profile-emails]').getByText('zsf@example.com').waitFor()
  await profile.locator('[data-test=profile-team]').getByText(TEAM).waitFor()
  await screenshot(page, 'customer')
})

test('editing: a bad email is refused, the fixed form saves and shows in 修改记录', async () => {
  await page.getByRole('button', { name: '编辑' }).click()
  const d = editDialog()
  await d.waitFor()
  assert.equal(await d.getByLabel('姓名', { exact: true }).inputValue(), NAME)
  const email = d.locator('[data-test=customer-emails-0]')
  await email.fill('zsf@')
  await pickOption(d.locator('[data-test=customer-tier]'), '贵宾')
  await d.getByRole('button', { name: '保存' }).click()
  await d.getByText('请输入正确的邮箱地址').waitFor()
  await email.fill('zhangsanfeng@example.com')
  await d.getByLabel('公司', { exact: true }).fill('武当山旅游公司')
  await d.getByLabel('公司', { exact: true }).press('Enter')
  await d.waitFor({ state: 'hidden' })
  await page.locator('[data-test=customer-header]').getByText('贵宾').waitFor()
  await page.locator('[data-test=profile-company]').getByText('武当山旅游公司').waitFor()

  await page.getByRole('tab', { name: '修改记录' }).click()
  const history = page.locator('[data-test=customer-history]')
  const tierRow = history.locator('tbody tr').filter({ hasText: '客户等级' }).first()
  await tierRow.getByText('一般').waitFor()
  await tierRow.getByText('贵宾').waitFor()
  await tierRow.getByText('admin').waitFor()
  await history.locator('tbody tr').filter({ hasText: '邮箱' }).first().getByText('zhangsanfeng@example.com').waitFor()
  // Newest first: the edit comes before the creation.
  const actions = await history.locator('tbody tr td:nth-child(3)').allInnerTexts()
  assert.equal(actions[0].trim(), '修改', actions.join(','))
  assert.equal(actions.at(-1).trim(), '新建', actions.join(','))
  await screenshot(page, 'customer-history')
  assert.deepEqual(page.errors, [])
})

test('saving over a change made elsewhere says so and reloads the customer', async () => {
  const id = Number(new URL(page.url()).pathname.split('/').pop())
  await page.getByRole('tab', { name: '基本资料' }).click()
  await page.getByRole('button', { name: '编辑' }).click()
  const d = editDialog()
  await d.getByLabel('公司', { exact: true }).waitFor()
  const current = await api(page, 'GET', `customers/${id}`)
  const other = await api(page, 'PATCH', `customers/${id}`, { version: current.body.version, company: '他人修改的公司' })
  assert.equal(other.status, 200, JSON.stringify(other.body))
  await d.getByLabel('公司', { exact: true }).fill('我的修改')
  await d.getByRole('button', { name: '保存' }).click()
  await d.getByText('该客户已被他人修改，请刷新后重试').first().waitFor()
  assert.equal(await d.getByLabel('公司', { exact: true }).inputValue(), '他人修改的公司')
  await page.locator('[data-test=profile-company]').getByText('他人修改的公司').waitFor()
  // Saving again carries the fresh version and goes through.
  await d.getByLabel('公司', { exact: true }).fill('武当派')
  await d.getByRole('button', { name: '保存' }).click()
  await d.waitFor({ state: 'hidden' })
  await page.locator('[data-test=profile-company]').getByText('武当派').waitFor()
})

test('deleting asks first, goes back to the list, and 撤销 restores the customer', async () => {
  const path = new URL(page.url()).pathname
  await page.getByRole('button', { name: '删除' }).click()
  await page.getByRole('tooltip').getByRole('button', { name: '确定' }).click()
  await page.waitForURL((u) => u.pathname === '/customers')
  await page.getByText(`已删除客户 ${NAME}`).waitFor()
  await rowOf('华夏银行').waitFor()
  assert.equal(await rowOf(NAME).count(), 0)
  await screenshot(page, 'customer-deleted')
  await page.locator('[data-test=customer-undo]').click()
  await page.waitForURL((u) => u.pathname === path)
  await page.getByText(`已恢复客户 ${NAME}`).waitFor()
  await page.locator('[data-test=customer-header]').getByText(NAME).waitFor()
  await page.getByRole('tab', { name: '修改记录' }).click()
  const actions = page.locator('[data-test=customer-history] tbody tr td:nth-child(3)')
  await actions.getByText('恢复').first().waitFor()
  await actions.getByText('删除').first().waitFor()
  assert.deepEqual(page.errors, [])
})

test('the column chooser hides a column and remembers it', async () => {
  await page.goto('/customers')
  const headers = () => table().locator('thead th')
  await headers().getByText('公司', { exact: true }).waitFor()
  await page.locator('[data-test=customer-columns]').click()
  await page.locator('[data-test=customer-columns-list]').getByText('公司', { exact: true }).click()
  await headers().getByText('公司', { exact: true }).waitFor({ state: 'detached' })
  await page.reload()
  await rowOf(NAME).waitFor()
  assert.equal(await headers().getByText('公司', { exact: true }).count(), 0)
  await headers().getByText('客户等级', { exact: true }).waitFor()
  await page.locator('[data-test=customer-columns]').click()
  await page.locator('[data-test=customer-columns-list]').getByText('公司', { exact: true }).click()
  await headers().getByText('公司', { exact: true }).waitFor()
})

test('an agent sees phones masked and cannot delete', async () => {
  const agent = await openPage(browser, server.url)
  await signIn(agent, AGENT.username, AGENT.password)
  await agent.waitForURL((u) => u.pathname === '/')
  await menuItem(agent, '客户').click()
  await agent.waitForURL((u) => u.pathname === '/customers')
  const row = rowOf(NAME, agent)
  await row.getByText('****').waitFor()
  const text = await row.innerText()
  assert.ok(!text.includes(PHONE), text)
  assert.equal(await agent.getByRole('button', { name: '新建客户' }).count(), 1)
  await row.getByRole('link', { name: NAME }).click()
  await agent.locator('[data-test=customer-header]').getByText(NAME).waitFor()
  await agent.locator('[data-test=profile-phones]').getByText('****').waitFor()
  await agent.getByText('电话和证件号已部分隐藏').waitFor()
  assert.equal(await agent.getByRole('button', { name: '删除' }).count(), 0)
  await screenshot(agent, 'customer-agent')

  // The masked phone cannot be edited (it would overwrite the real one);
  // other fields can, and the phone stays as it was.
  await agent.getByRole('button', { name: '编辑' }).click()
  const d = agent.getByRole('dialog', { name: '编辑客户' })
  const phone = d.locator('[data-test=customer-phones-0]')
  assert.ok(await phone.isDisabled())
  assert.match(await phone.inputValue(), /\*{4}/)
  await d.getByText('您无权查看完整的电话和证件号').waitFor()
  await d.locator('[data-test=customer-stage]').click()
  await agent.getByRole('option', { name: '活跃', exact: true }).click()
  await d.getByRole('button', { name: '保存' }).click()
  await d.waitFor({ state: 'hidden' })
  await agent.locator('[data-test=profile-lifecycle_stage]').getByText('活跃').waitFor()
  const id = Number(new URL(agent.url()).pathname.split('/').pop())
  const stored = await api(page, 'GET', `customers/${id}`)
  assert.deepEqual(stored.body.phones, [PHONE])
  assert.deepEqual(agent.errors, [])
  await agent.context().close()
})

test('加载更多 fetches the next page of customers', async () => {
  const statuses = await page.evaluate(async () => {
    const { csrf_token } = await fetch('/api/v1/session').then((r) => r.json())
    const out = []
    for (let i = 0; i < 50; i++) {
      const r = await fetch('/api/v1/customers', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf_token },
        body: JSON.stringify({ type: 'corporate', name: `批量客户${String(i).padStart(2, '0')}` }),
      })
      out.push(r.status)
    }
    return out
  })
  assert.deepEqual([...new Set(statuses)], [201])
  await page.goto('/customers')
  const rows = table().locator('tbody tr')
  await rows.nth(49).waitFor()
  assert.equal(await rows.count(), 50)
  await page.getByRole('button', { name: '加载更多' }).click()
  await rows.nth(51).waitFor() // 张三丰, 华夏银行 and 50 more
  assert.equal(await rows.count(), 52)
  await page.getByText('已全部加载').waitFor()
  const names = await table().locator('tbody tr td:first-child').allInnerTexts()
  assert.equal(new Set(names).size, names.length, 'no row twice')
  assert.equal(names.at(-1).trim(), '华夏银行') // newest first: the oldest comes last
})
