// Roles, audit log and the signed-in user's account page.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN, startServer } from './server.mjs'
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

test('the roles page shows each role with its permissions', async () => {
  await openAdminPage(page, '系统管理', '角色权限')
  await page.waitForURL((u) => u.pathname === '/admin/roles')
  const t = page.locator('[data-test=roles-table]')
  for (const label of ['系统管理员', '坐席', '客户经理']) await t.getByText(label, { exact: true }).waitFor()
  // admin holds every permission but the narrower customer scopes (it has
  // 客户范围：全部 instead).
  const admin = page.locator('[data-test=perms-admin]')
  const labels = admin.locator('label')
  const n = await labels.count()
  assert.ok(n >= 11, `${n} permissions`)
  for (let i = 0; i < n; i++) {
    const text = await labels.nth(i).innerText()
    const narrower = /客户范围：(本班组|本人名下)/.test(text)
    assert.equal(await labels.nth(i).locator('input').isChecked(), !narrower, text)
  }
  await screenshot(page, 'roles')
})

test('role permissions can be changed and saved', async () => {
  const agent = page.locator('[data-test=perms-agent]')
  const box = agent.locator('label').filter({ hasText: '查看用户' })
  const before = await box.locator('input').isChecked()
  await box.click()
  await page.locator('[data-test=save-agent]').click()
  await page.getByText('已更新“坐席”的权限').waitFor()
  await page.reload()
  await page.locator('[data-test=perms-agent]').waitFor()
  const after = await page.locator('[data-test=perms-agent] label').filter({ hasText: '查看用户' }).locator('input').isChecked()
  assert.equal(after, !before)
})

test('the audit log lists sign-ins with Chinese labels and Beijing time', async () => {
  await openAdminPage(page, '系统管理', '审计日志')
  await page.waitForURL((u) => u.pathname === '/admin/audit')
  const t = page.locator('[data-test=audit-table]')
  await t.getByText('登录', { exact: true }).first().waitFor()
  await t.getByText('修改角色权限').first().waitFor()
  const first = await t.locator('tbody tr').first().locator('td').first().innerText()
  assert.match(first.trim(), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
  await screenshot(page, 'audit')
})

test('an API token is shown once, listed, and can be revoked', async () => {
  await page.locator('[data-test=user-menu]').click()
  await page.getByRole('menuitem', { name: '我的账户' }).click()
  await page.waitForURL((u) => u.pathname === '/account')
  await page.locator('[data-test=token-name]').fill('PBX')
  await page.locator('[data-test=token-name]').press('Enter')
  const d = page.getByRole('dialog', { name: '新的 API 令牌' })
  const token = await d.locator('[data-test=secret-value]').inputValue()
  assert.match(token, /^gx_/)
  await screenshot(page, 'token-created')
  await d.getByRole('button', { name: '关闭', exact: true }).click()
  await d.waitFor({ state: 'hidden' })

  // The token works as a bearer credential.
  const r = await fetch(`${server.url}/api/v1/users/me`, { headers: { Authorization: `Bearer ${token}` } })
  assert.equal(r.status, 200)

  const row = page.locator('[data-test=tokens-table]').getByRole('row').filter({ hasText: 'PBX' })
  await row.waitFor()
  await screenshot(page, 'account')
  await row.getByRole('button', { name: '吊销' }).click()
  await page.getByRole('tooltip').getByRole('button', { name: '确定' }).click()
  await row.waitFor({ state: 'detached' })
  const r2 = await fetch(`${server.url}/api/v1/users/me`, { headers: { Authorization: `Bearer ${token}` } })
  assert.equal(r2.status, 401)
})

test('changing the password checks the fields, then works', async () => {
  const form = page.locator('[data-test=password-form]')
  await form.getByLabel('当前密码').fill(ADMIN.password)
  await form.getByLabel('新密码', { exact: true }).fill('short')
  await form.getByLabel('确认新密码').fill('different')
  await form.getByRole('button', { name: '修改密码' }).click()
  await form.getByText('密码至少 8 个字符').waitFor()
  await form.getByText('两次输入的密码不一致').waitFor()

  await form.getByLabel('当前密码').fill('wrong-password')
  await form.getByLabel('新密码', { exact: true }).fill('Admin@67890')
  await form.getByLabel('确认新密码').fill('Admin@67890')
  await form.getByRole('button', { name: '修改密码' }).click()
  await form.getByText('当前密码不正确').waitFor()

  await form.getByLabel('当前密码').fill(ADMIN.password)
  await form.getByLabel('确认新密码').press('Enter')
  await page.getByText('密码已修改').waitFor()
  assert.deepEqual(page.errors, [])
})
