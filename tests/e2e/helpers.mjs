// Steps shared by the browser tests.
import { ADMIN } from './server.mjs'

export async function signIn(page, username = ADMIN.username, password = ADMIN.password) {
  await page.goto('/login')
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(password)
  await page.getByLabel('密码').press('Enter')
}

export function menuItem(page, name) {
  return page.locator('[data-test=side-menu]').getByRole('menuitem', { name, exact: true })
}

/** Opens a sub-menu (if closed) and clicks one of its items. */
export async function openAdminPage(page, group, item) {
  const link = menuItem(page, item)
  if (!(await link.isVisible())) await page.locator('[data-test=side-menu]').getByText(group, { exact: true }).click()
  await link.click()
}

/** Calls the API from inside the signed-in page (its cookie and CSRF token). */
export function api(page, method, path, body) {
  return page.evaluate(
    async ([method, path, body]) => {
      const { csrf_token } = await fetch('/api/v1/session').then((r) => r.json())
      const r = await fetch('/api/v1/' + path, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf_token },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await r.text()
      return { status: r.status, body: text ? JSON.parse(text) : null }
    },
    [method, path, body],
  )
}
