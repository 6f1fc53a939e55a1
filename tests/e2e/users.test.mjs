// User administration through the browser: create with validation, edit,
// disable, reset token; what a user without admin rights sees.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launch, openPage, screenshot } from './browser.mjs'
import { menuItem, openAdminPage, signIn } from './helpers.mjs'

let server, browser, page
const NEW_PASSWORD = 'Zhang@2027'

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

const table = () => page.locator('[data-test=users-table]')
// The row whose first cell (username) is exactly `username`.
const rowOf = (username) =>
  table()
    .locator('tbody tr')
    .filter({ has: page.locator('td:first-child').getByText(username, { exact: true }) })
const dialog = () => page.getByRole('dialog', { name: '新建用户' })

async function pickOption(select, name) {
  await select.click()
  await page.getByRole('option', { name, exact: true }).click()
}

test('the users page lists the admin', async () => {
  await openAdminPage(page, '系统管理', '用户管理')
  await page.waitForURL((u) => u.pathname === '/admin/users')
  await rowOf('admin').getByText('正常').waitFor()
  await screenshot(page, 'users')
})

test('creating a user: a bad username gets a Chinese message, the fixed form saves', async () => {
  await page.getByRole('button', { name: '新建用户' }).click()
  const d = dialog()
  await d.waitFor()
  await d.getByLabel('用户名').fill('张')
  await d.getByLabel('姓名').fill('张伟')
  await d.getByLabel('初始密码').fill('Zhang@2026')
  await pickOption(d.locator('[data-test=user-roles]'), '坐席')
  await d.getByText('级别').click() // closes the role list
  await d.getByRole('button', { name: '保存' }).click()
  await d.getByText('用户名为 2–32 位字母、数字或 _ . -').waitFor()
  await screenshot(page, 'user-dialog-invalid')

  // A new team made from inside the dialog is selected at once.
  await d.getByRole('button', { name: '新建班组' }).click()
  const prompt = page.getByRole('dialog', { name: '新建班组' })
  await prompt.locator('input').fill('客服一组')
  await prompt.getByRole('button', { name: '确定' }).click()
  await prompt.waitFor({ state: 'hidden' })
  await d.locator('[data-test=user-team]').getByText('客服一组').waitFor()

  await d.getByLabel('用户名').fill('zhangwei')
  await d.getByLabel('用户名').press('Enter')
  await d.waitFor({ state: 'hidden' })
  const row = rowOf('zhangwei')
  await row.getByText('张伟').waitFor()
  await row.getByText('坐席').waitFor()
  await row.getByText('客服一组').waitFor()
  assert.deepEqual(page.errors, [])
})

test('a duplicate username is reported on the username field', async () => {
  await page.getByRole('button', { name: '新建用户' }).click()
  const d = dialog()
  await d.getByLabel('用户名').fill('zhangwei')
  await d.getByLabel('姓名').fill('另一个张伟')
  await d.getByLabel('初始密码').fill('Zhang@2026')
  await pickOption(d.locator('[data-test=user-roles]'), '坐席')
  await d.getByText('级别').click()
  await d.getByRole('button', { name: '保存' }).click()
  await d.getByText('用户名已存在').waitFor()
  await d.getByRole('button', { name: '取消' }).click()
  await d.waitFor({ state: 'hidden' })
})

test('search narrows the table and an empty result says so', async () => {
  const search = page.locator('[data-test=user-search]')
  await search.fill('张伟')
  await search.press('Enter')
  await rowOf('zhangwei').waitFor()
  await rowOf('admin').waitFor({ state: 'detached' })
  await search.fill('nobody-here')
  await search.press('Enter')
  await table().getByText('没有找到匹配').waitFor()
  await search.fill('')
  await search.press('Enter')
  await rowOf('admin').waitFor()
})

test('editing a user changes the display name and level', async () => {
  await page.locator('[data-test=edit-zhangwei]').click()
  const d = page.getByRole('dialog', { name: '编辑用户' })
  await d.getByLabel('姓名').fill('张伟（组长）')
  await pickOption(d.locator('[data-test=user-roles]'), '班长/主管')
  await d.getByText('级别').click()
  await d.getByRole('button', { name: '保存' }).click()
  await d.waitFor({ state: 'hidden' })
  const row = rowOf('zhangwei')
  await row.getByText('张伟（组长）').waitFor()
  await row.getByText('班长/主管').waitFor()
})

test('saving over a change made elsewhere reports the conflict and reloads', async () => {
  await page.locator('[data-test=edit-zhangwei]').click()
  const d = page.getByRole('dialog', { name: '编辑用户' })
  await d.getByLabel('姓名').waitFor()
  // Someone else renames the user while the dialog is open.
  const status = await page.evaluate(async () => {
    const { csrf_token } = await fetch('/api/v1/session').then((r) => r.json())
    const list = await fetch('/api/v1/users?q=zhangwei').then((r) => r.json())
    const u = list.items.find((x) => x.username === 'zhangwei')
    const r = await fetch(`/api/v1/users/${u.id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf_token },
      body: JSON.stringify({ version: u.version, display_name: '张伟（他人修改）' }),
    })
    return r.status
  })
  assert.equal(status, 200)
  await d.getByLabel('姓名').fill('张伟（我的修改）')
  await d.getByRole('button', { name: '保存' }).click()
  await d.getByText('该用户已被他人修改').waitFor()
  assert.equal(await d.getByLabel('姓名').inputValue(), '张伟（他人修改）')
  await rowOf('zhangwei').getByText('张伟（他人修改）').waitFor()
  // Saving again now carries the fresh version and goes through.
  await d.getByLabel('姓名').fill('张伟（组长）')
  await d.getByRole('button', { name: '保存' }).click()
  await d.waitFor({ state: 'hidden' })
  await rowOf('zhangwei').getByText('张伟（组长）').waitFor()
})

test('a one-time reset token from the administrator lets the user set a new password', async () => {
  await page.locator('[data-test=reset-zhangwei]').click()
  const d = page.getByRole('dialog', { name: '密码重置令牌' })
  const token = await d.locator('[data-test=secret-value]').inputValue()
  assert.ok(token.length >= 16, `token ${token}`)
  await d.getByText('有效期至').waitFor()
  await screenshot(page, 'reset-token')
  await d.getByRole('button', { name: '关闭', exact: true }).click()
  await d.waitFor({ state: 'hidden' })

  const user = await openPage(browser, server.url)
  await user.goto('/login')
  await user.getByRole('link', { name: /忘记密码/ }).click()
  await user.waitForURL((u) => u.pathname === '/reset')
  await user.getByLabel('重置令牌').fill('not-a-token')
  await user.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD)
  await user.getByLabel('确认新密码').fill('mismatch!!')
  await user.getByRole('button', { name: '重置密码' }).click()
  await user.getByText('两次输入的密码不一致').waitFor()
  await user.getByLabel('确认新密码').fill(NEW_PASSWORD)
  await user.getByLabel('确认新密码').press('Enter')
  await user.getByText(/令牌无效/).waitFor()
  await user.getByLabel('重置令牌').fill(token)
  await user.getByRole('button', { name: '重置密码' }).click()
  await user.getByText('密码已重置').waitFor()
  await screenshot(user, 'reset-done')
  await user.getByRole('button', { name: '返回登录' }).click()
  await user.waitForURL((u) => u.pathname === '/login')
  assert.deepEqual(user.errors, [])
  await user.context().close()
})

test('disabling a user asks first and shows the new status', async () => {
  await page.locator('[data-test=toggle-zhangwei]').click()
  await page.getByRole('tooltip').getByRole('button', { name: '确定' }).click()
  const row = rowOf('zhangwei')
  await row.getByText('已停用').waitFor()
  await page.locator('[data-test=toggle-zhangwei]').click()
  await page.getByRole('tooltip').getByRole('button', { name: '确定' }).click()
  await row.getByText('正常').waitFor()
})

test('a user without admin rights sees no administration menu and is kept out', async () => {
  const agent = await openPage(browser, server.url)
  await signIn(agent, 'zhangwei', NEW_PASSWORD)
  await agent.waitForURL((u) => u.pathname === '/')
  await menuItem(agent, '客户').waitFor()
  // The supervisor role given above may or may not carry user.read; the
  // menu must follow whatever permissions the server reports.
  const perms = await agent.evaluate(() => fetch('/api/v1/users/me').then((r) => r.json()).then((u) => u.permissions))
  const menuText = await agent.locator('[data-test=side-menu]').innerText()
  assert.equal(menuText.includes('系统管理'), perms.includes('user.read'), menuText)
  if (perms.includes('user.read')) {
    await agent.locator('[data-test=side-menu]').getByText('系统管理', { exact: true }).click()
    await menuItem(agent, '用户管理').waitFor()
    assert.equal(await menuItem(agent, '审计日志').count(), perms.includes('audit.read') ? 1 : 0)
    // Reading users is allowed, changing them is not: no create or row actions.
    await menuItem(agent, '用户管理').click()
    await agent.locator('[data-test=users-table]').getByText('zhangwei').first().waitFor()
    assert.equal(await agent.getByRole('button', { name: '新建用户' }).count(), perms.includes('user.manage') ? 1 : 0)
    assert.equal(await agent.locator('[data-test^=edit-]').count(), 0)
  }
  if (!perms.includes('user.read')) {
    await agent.goto('/admin/users')
    await agent.getByText('无权访问').waitFor()
  }
  if (!perms.includes('audit.read')) {
    await agent.goto('/admin/audit')
    await agent.getByText('无权访问').waitFor()
  }
  await agent.context().close()
})
