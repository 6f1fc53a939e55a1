// Cursor paging: more rows than one page in the users table and the
// audit log, fetched with the "加载更多" button.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launch, openPage } from './browser.mjs'
import { signIn } from './helpers.mjs'

const EXTRA = 55 // the pages ask for 50 rows at a time

let server, browser, page

before(async () => {
  server = await startServer()
  browser = await launch()
  page = await openPage(browser, server.url)
  await signIn(page)
  await page.waitForURL((u) => u.pathname === '/')
  const statuses = await page.evaluate(async (n) => {
    const { csrf_token } = await fetch('/api/v1/session').then((r) => r.json())
    const out = []
    for (let i = 0; i < n; i++) {
      const r = await fetch('/api/v1/users', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf_token },
        body: JSON.stringify({
          username: `agent${String(i).padStart(3, '0')}`,
          display_name: `坐席${i}`,
          password: 'Agent@12345',
          roles: ['agent'],
          team_id: null,
          level: 1,
        }),
      })
      out.push(r.status)
    }
    return out
  }, EXTRA)
  assert.deepEqual([...new Set(statuses)], [201])
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('the users table loads the next page with 加载更多', async () => {
  await page.goto('/admin/users')
  const rows = page.locator('[data-test=users-table] tbody tr')
  await rows.nth(49).waitFor()
  assert.equal(await rows.count(), 50)
  await page.getByRole('button', { name: '加载更多' }).click()
  await rows.nth(EXTRA).waitFor() // admin + EXTRA users in all
  assert.equal(await rows.count(), EXTRA + 1)
  await page.getByText('已全部加载').waitFor()
  assert.equal(await page.getByRole('button', { name: '加载更多' }).count(), 0)
  const names = await page.locator('[data-test=users-table] tbody tr td:first-child').allInnerTexts()
  assert.equal(new Set(names).size, names.length, 'no row twice')
})

test('the audit log loads older entries with 加载更多', async () => {
  await page.goto('/admin/audit')
  const rows = page.locator('[data-test=audit-table] tbody tr')
  await rows.nth(49).waitFor()
  assert.equal(await rows.count(), 50)
  await page.getByRole('button', { name: '加载更多' }).click()
  await rows.nth(50).waitFor()
  const times = await page.locator('[data-test=audit-table] tbody tr td:first-child').allInnerTexts()
  assert.deepEqual([...times].sort().reverse(), times, 'newest first')
})
