// Notifications through the browser: an administrator's broadcast from the
// 通知 page arrives live, without a reload, in another user's bell (count,
// toast, the recent list); opening it there marks it read and follows its
// link; the 通知 page lists it and the unread filter empties.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launch, openPage, screenshot } from './browser.mjs'
import { api, signIn } from './helpers.mjs'

const AGENT = { username: 'ntf_agent', password: 'Passw0rd!' }
const TITLE = '今晚 22:00 系统升级'
const BODY = '升级期间工单系统暂停服务约 30 分钟。'

let server, browser, admin, agent

before(async () => {
  server = await startServer()
  browser = await launch()
  admin = await openPage(browser, server.url)
  await signIn(admin)
  await admin.waitForURL((u) => u.pathname === '/')
  const team = await api(admin, 'POST', 'teams', { name: '通知测试组' })
  assert.equal(team.status, 201, JSON.stringify(team.body))
  const u = await api(admin, 'POST', 'users', {
    username: AGENT.username,
    display_name: '通知坐席',
    password: AGENT.password,
    roles: ['agent'],
    team_id: team.body.id,
  })
  assert.equal(u.status, 201, JSON.stringify(u.body))
  agent = await openPage(browser, server.url)
  await signIn(agent, AGENT.username, AGENT.password)
  await agent.waitForURL((u) => u.pathname === '/')
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const badge = (page) => page.locator('[data-test=notification-badge] sup')

test("a broadcast appears live in another user's bell, and opening it follows its link", async () => {
  // The agent's bell is quiet and its stream is open before anything is sent.
  await agent.locator('[data-test=notification-bell][data-live=true]').waitFor()
  const agentUnread = await api(agent, 'GET', 'notifications/unread-count')
  assert.equal(agentUnread.body.unread, 0)
  assert.equal(await badge(agent).isVisible(), false)

  await admin.goto('/notifications')
  await admin.locator('[data-test=broadcast-open]').click()
  const dialog = admin.getByRole('dialog', { name: '群发通知' })
  await dialog.waitFor()
  // The form checks what the server would refuse.
  await dialog.locator('[data-test=broadcast-send]').click()
  await dialog.getByText('请输入标题').waitFor()
  await dialog.getByLabel('标题').fill(TITLE)
  await dialog.getByLabel('内容').fill(BODY)
  await dialog.getByLabel('链接').fill('https://example.com/')
  await dialog.locator('[data-test=broadcast-send]').click()
  await dialog.getByText('应为本系统内的路径，以 / 开头，如 /tasks').waitFor()
  await dialog.getByLabel('链接').fill('/tasks')
  await dialog.getByLabel('班组').click()
  await admin.getByRole('option', { name: '通知测试组' }).click()
  await dialog.locator('[data-test=broadcast-send]').click()
  await admin.getByText('已发送给 1 位用户').waitFor()
  await dialog.waitFor({ state: 'hidden' })

  // No reload on the agent's side: the count, the toast and the list.
  await badge(agent).filter({ hasText: '1' }).waitFor()
  const toast = agent.locator('.el-notification').filter({ hasText: TITLE })
  await toast.waitFor()
  assert.match(await toast.innerText(), /升级期间工单系统暂停服务/)
  await screenshot(agent, 'notification-toast')
  await agent.locator('[data-test=notification-bell]').click()
  const item = agent.locator('[data-test=notification-item]').filter({ hasText: TITLE })
  await item.waitFor()
  await screenshot(agent, 'notification-bell')
  await item.click()
  await agent.waitForURL((u) => u.pathname === '/tasks')
  await badge(agent).waitFor({ state: 'hidden' })
  // The administrator was not in the team: their bell stayed quiet.
  assert.equal(await badge(admin).isVisible(), false)
  const adminUnread = await api(admin, 'GET', 'notifications/unread-count')
  assert.equal(adminUnread.status, 200)
  assert.equal(adminUnread.body.unread, 0)
  assert.deepEqual(agent.errors, [])
})

test('the 通知 page lists it read, and the unread filter is empty', async () => {
  await agent.locator('[data-test=notification-bell]').click()
  await agent.locator('[data-test=notification-all]').click()
  await agent.waitForURL((u) => u.pathname === '/notifications')
  const row = agent.locator('[data-test=notifications-table] tbody tr').filter({ hasText: TITLE })
  await row.waitFor()
  assert.match(await row.innerText(), /已读/)
  // Read, not merely offering to mark it read.
  assert.equal(await row.locator('[data-test=notification-mark-read]').count(), 0)
  assert.doesNotMatch(await row.innerText(), /未读/)
  await agent.locator('[data-test=notifications-filter]').getByText('未读').click()
  await agent.locator('[data-test=notifications-table]').getByText('暂无通知').waitFor()

  // A second notice arrives while the page is open: it joins the list live.
  const sent = await api(admin, 'POST', 'notifications/broadcast', { title: '明早例会改到 9:30' })
  assert.equal(sent.status, 201, JSON.stringify(sent.body))
  const fresh = agent.locator('[data-test=notifications-table] tbody tr').filter({ hasText: '明早例会改到 9:30' })
  await fresh.waitFor()
  await badge(agent).filter({ hasText: '1' }).waitFor()
  await fresh.locator('[data-test=notification-mark-read]').click()
  await badge(agent).waitFor({ state: 'hidden' })
  await screenshot(agent, 'notifications-page')
  assert.deepEqual(agent.errors, [])
})
