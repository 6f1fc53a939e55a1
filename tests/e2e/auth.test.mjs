// Sign-in, wrong password, sign-out and the redirect of protected pages.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launch, openPage, screenshot } from './browser.mjs'
import { signIn } from './helpers.mjs'

let server, browser

before(async () => {
  server = await startServer()
  browser = await launch()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('a wrong password shows the Chinese error and stays on the sign-in page', async () => {
  const page = await openPage(browser, server.url)
  await page.goto('/login')
  await page.getByRole('button', { name: '登录' }).waitFor()
  await screenshot(page, 'login')
  await signIn(page, 'admin', 'not-the-password')
  await page.getByText('用户名或密码错误').waitFor()
  assert.match(new URL(page.url()).pathname, /^\/login$/)
  await screenshot(page, 'login-error')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('the sign-in form shows Chinese validation messages for empty fields', async () => {
  const page = await openPage(browser, server.url)
  await page.goto('/login')
  await page.getByRole('button', { name: '登录' }).click()
  await page.getByText('请输入用户名').waitFor()
  await page.getByText('请输入密码').waitFor()
  await page.context().close()
})

test('admin signs in with Enter and sees the welcome card', async () => {
  const page = await openPage(browser, server.url)
  await signIn(page)
  await page.waitForURL((u) => u.pathname === '/')
  const card = page.locator('[data-test=welcome-card]')
  await card.getByText('欢迎，').waitFor()
  await card.getByText('系统管理员').first().waitFor()
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('the session survives a reload', async () => {
  const page = await openPage(browser, server.url)
  await signIn(page)
  await page.waitForURL((u) => u.pathname === '/')
  await page.reload()
  await page.locator('[data-test=welcome-card]').waitFor()
  assert.equal(new URL(page.url()).pathname, '/')
  await page.context().close()
})

test('a protected page asks for sign-in first, then opens', async () => {
  const page = await openPage(browser, server.url)
  await page.goto('/admin/users')
  await page.waitForURL((u) => u.pathname === '/login')
  assert.equal(new URL(page.url()).searchParams.get('redirect'), '/admin/users')
  await page.getByLabel('用户名').fill('admin')
  await page.getByLabel('密码').fill('Admin@12345')
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL((u) => u.pathname === '/admin/users')
  await page.getByRole('heading', { name: '用户管理' }).waitFor()
  await page.context().close()
})

test('signing out returns to the sign-in page and protected pages redirect to it', async () => {
  const page = await openPage(browser, server.url)
  await signIn(page)
  await page.waitForURL((u) => u.pathname === '/')
  await page.locator('[data-test=user-menu]').click()
  await page.getByRole('menuitem', { name: '退出登录' }).click()
  await page.waitForURL((u) => u.pathname === '/login')
  await page.getByRole('button', { name: '登录' }).waitFor()

  await page.goto('/admin/users')
  await page.waitForURL((u) => u.pathname === '/login')
  await page.goto('/')
  await page.waitForURL((u) => u.pathname === '/login')
  // The cookie really is gone: the API refuses the old session.
  const status = await page.evaluate(() => fetch('/api/v1/session').then((r) => r.status))
  assert.equal(status, 401)
  await page.context().close()
})

test('a session that ends while the page is open leads back to sign-in', async () => {
  const page = await openPage(browser, server.url)
  await signIn(page)
  await page.waitForURL((u) => u.pathname === '/')
  // End the session behind the app's back (as a timeout would).
  await page.evaluate(async () => {
    const { csrf_token } = await fetch('/api/v1/session').then((r) => r.json())
    await fetch('/api/v1/session', { method: 'DELETE', headers: { 'X-CSRF-Token': csrf_token } })
  })
  await page.locator('[data-test=side-menu]').getByText('系统管理', { exact: true }).click()
  await page.locator('[data-test=side-menu]').getByRole('menuitem', { name: '用户管理' }).click()
  await page.waitForURL((u) => u.pathname === '/login')
  await page.locator('[data-test=login-form]').getByText('登录已过期，请重新登录').waitFor()
  assert.equal(await page.locator('.el-message').count(), 0, 'no error toast on top of the redirect')
  assert.equal(new URL(page.url()).searchParams.get('redirect'), '/admin/users')
  await page.context().close()
})

test('five wrong passwords lock the account with the Chinese lockout message', async () => {
  await server.addUser('locky', 'Locky@12345')
  const page = await openPage(browser, server.url)
  for (let i = 0; i < 5; i++) {
    await signIn(page, 'locky', `wrong-${i}`)
    await page.getByText('用户名或密码错误').waitFor()
  }
  await signIn(page, 'locky', 'Locky@12345')
  await page.getByText('账户已锁定，请 15 分钟后再试').waitFor()
  assert.equal(new URL(page.url()).pathname, '/login')
  await page.context().close()
})

test('a disabled account is told so in Chinese', async () => {
  await server.addUser('gone', 'Gone@12345')
  const admin = await openPage(browser, server.url)
  await signIn(admin)
  await admin.waitForURL((u) => u.pathname === '/')
  const status = await admin.evaluate(async () => {
    const { csrf_token } = await fetch('/api/v1/session').then((r) => r.json())
    const { items } = await fetch('/api/v1/users?q=gone').then((r) => r.json())
    const u = items.find((x) => x.username === 'gone')
    const r = await fetch(`/api/v1/users/${u.id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf_token },
      body: JSON.stringify({ version: u.version, disabled: true }),
    })
    return r.status
  })
  assert.equal(status, 200)
  await admin.context().close()

  const page = await openPage(browser, server.url)
  await signIn(page, 'gone', 'Gone@12345')
  await page.getByText('账户已停用').waitFor()
  await page.context().close()
})
