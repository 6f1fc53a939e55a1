// The supervisor's 超时看板 through the browser. The server runs on a test
// clock: an order dispatched to 投诉处理组 is made overdue by moving the
// clock a month on and running the scheduler (its SLA job marks the order
// overdue), and an order made after that, in 抄表服务组, is not. The board
// shows the first order in 投诉处理组's card, red with how long it is
// overdue and its escalation level, and nothing for 抄表服务组; the order
// page and the list's 时限 column say 已超时 too. Closed, the order leaves
// the board at the next refresh. The order still in time reads 剩余 …,
// gets 即将超时 once 80% of its time has gone, and 已暂停 while it waits
// for the customer. 投诉处理组 sits under 客服中心: the escalated order
// is marked 已升级至 客服中心 and is on the board of 客服中心's supervisor
// too, who holds no ticket.manage.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launch, openPage, screenshot } from './browser.mjs'
import { api, menuItem, signIn } from './helpers.mjs'

const MONTH_MS = 30 * 24 * 3600 * 1000

let server, browser, page, customerId, lateTeam, calmTeam, calmId, centre

before(async () => {
  server = await startServer({ testClock: true })
  browser = await launch()
  page = await openPage(browser, server.url)
  await signIn(page)
  await page.waitForURL((u) => u.pathname === '/')
  const c = await api(page, 'POST', 'customers', { type: 'individual', name: '郑志强', phones: ['13900004444'] })
  assert.equal(c.status, 201, JSON.stringify(c.body))
  customerId = c.body.id
  const top = await api(page, 'POST', 'teams', { name: '客服中心' })
  assert.equal(top.status, 201, JSON.stringify(top.body))
  centre = top.body.id
  for (const name of ['投诉处理组', '抄表服务组']) {
    const t = await api(page, 'POST', 'teams', { name, ...(name === '投诉处理组' ? { parent_id: centre } : {}) })
    assert.equal(t.status, 201, JSON.stringify(t.body))
    if (name === '投诉处理组') lateTeam = t.body.id
    else calmTeam = t.body.id
  }
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

/** Creates an urgent complaint and dispatches it to a team; returns it. */
async function dispatchedOrder(title, teamId) {
  const tk = await api(page, 'POST', 'tickets', {
    type: 'complaint',
    customer_id: customerId,
    title,
    description: '多次来电未解决',
    priority: 'urgent',
  })
  assert.equal(tk.status, 201, JSON.stringify(tk.body))
  const moved = await api(page, 'POST', `tickets/${tk.body.id}/transitions`, {
    to: 'dispatched',
    version: tk.body.version,
    team_id: teamId,
  })
  assert.equal(moved.status, 200, JSON.stringify(moved.body))
  return moved.body
}

test('an order past its time limit is on the board under its team', async () => {
  const late = await dispatchedOrder('电费重复扣款', lateTeam)
  assert.ok(late.due_resolve_at, 'an urgent complaint has a resolution deadline')

  // Nothing is overdue yet.
  await menuItem(page, '超时看板').click()
  await page.waitForURL((u) => u.pathname === '/tickets/board')
  await page.locator('[data-test=board-empty]').getByText('没有超时的工单').waitFor()

  // A month later the scheduler's SLA job has marked the order overdue
  // (and escalated it). The month also ends the session: sign in again.
  const clock = await api(page, 'POST', 'test/clock', { advance_ms: MONTH_MS })
  assert.equal(clock.status, 200, JSON.stringify(clock.body))
  const run = await api(page, 'POST', 'test/scheduler/run', {})
  assert.equal(run.status, 200, JSON.stringify(run.body))
  await signIn(page)
  await page.waitForURL((u) => u.pathname === '/')
  const marked = await api(page, 'GET', `tickets/${late.id}`)
  assert.equal(marked.body.overdue, true, 'the SLA job marks the order overdue')
  assert.ok(marked.body.escalation_level >= 1)
  // An order made now still has all its time.
  const calm = await dispatchedOrder('抄表数据核对', calmTeam)
  assert.equal(calm.overdue, false)
  calmId = calm.id

  await menuItem(page, '超时看板').click()
  await page.waitForURL((u) => u.pathname === '/tickets/board')
  const card = page.locator(`[data-test=board-team-${lateTeam}]`)
  await card.getByRole('heading', { name: '投诉处理组' }).waitFor()
  await card.locator('[data-test=board-team-count]').getByText('1 张超时').waitFor()
  const row = card.locator('tbody tr').filter({ hasText: '电费重复扣款' })
  await row.getByText('郑志强').waitFor()
  await row.getByText('未指派').waitFor()
  assert.match(await card.locator(`[data-test=board-late-${late.id}]`).innerText(), /^已超时 \d+天\d+小时$/)
  await card.locator(`[data-test=board-level-${late.id}]`).getByText(`已升级 ${marked.body.escalation_level} 级`).waitFor()
  await card.locator(`[data-test=board-escalated-${late.id}]`).getByText('已升级至 客服中心').waitFor()
  assert.equal(await page.locator(`[data-test=board-team-${calmTeam}]`).count(), 0, 'the team with nothing overdue has no card')
  assert.equal(await page.locator('[data-test=board-empty]').count(), 0)
  await screenshot(page, 'ticket-board')

  // The order page and the overdue list say the same.
  await card.locator(`[data-test=board-ticket-${late.id}]`).click()
  await page.waitForURL((u) => u.pathname === `/tickets/${late.id}`)
  await page.locator('[data-test=ticket-sla] [data-test=sla-resolve]').getByText(/已超时/).waitFor()
  await page.goto('/tickets?view=overdue')
  await page.locator(`[data-test=ticket-sla-${late.id}]`).getByText(/已超时/).waitFor()
  assert.equal(await page.locator(`[data-test=ticket-row-${calm.id}]`).count(), 0)
  assert.deepEqual(page.errors, [])

  // 客服中心's supervisor sees the order escalated up from 投诉处理组.
  const sup = await api(page, 'POST', 'users', {
    username: 'centre_sup', display_name: '中心班长', password: 'Passw0rd!', roles: ['supervisor'], team_id: centre, level: 1,
  })
  assert.equal(sup.status, 201, JSON.stringify(sup.body))
  const other = await openPage(browser, server.url)
  await signIn(other, 'centre_sup', 'Passw0rd!')
  await other.waitForURL((u) => u.pathname === '/')
  await other.goto('/tickets/board')
  const upCard = other.locator(`[data-test=board-team-${lateTeam}]`)
  await upCard.locator(`[data-test=board-ticket-${late.id}]`).waitFor()
  await upCard.locator(`[data-test=board-escalated-${late.id}]`).getByText('已升级至 客服中心').waitFor()
  assert.deepEqual(other.errors, [])
  await other.context().close()
})

test('refreshing the board after the order is closed empties it; 服务工单 leads to the board', async () => {
  const { body } = await api(page, 'GET', 'tickets?view=overdue')
  assert.equal(body.items.length, 1)
  const tk = body.items[0]
  await page.goto('/tickets/board')
  await page.locator(`[data-test=board-ticket-${tk.id}]`).waitFor()
  const closed = await api(page, 'POST', `tickets/${tk.id}/transitions`, { to: 'closed', version: tk.version, note: '已退还重复扣款' })
  assert.equal(closed.status, 200, JSON.stringify(closed.body))
  await page.locator('[data-test=board-refresh]').click()
  await page.locator('[data-test=board-empty]').getByText('没有超时的工单').waitFor()
  assert.equal(await page.locator(`[data-test=board-ticket-${tk.id}]`).count(), 0)

  await menuItem(page, '服务工单').click()
  await page.waitForURL((u) => u.pathname === '/tickets')
  await page.locator('[data-test=ticket-board-open]').click()
  await page.waitForURL((u) => u.pathname === '/tickets/board')
  await page.locator('[data-test=board-empty]').getByText('没有超时的工单').waitFor()
  assert.deepEqual(page.errors, [])
})

test('an order in time shows the time left, 即将超时 at 80% and 已暂停 while waiting', async () => {
  const sla = page.locator('[data-test=ticket-sla]')
  await page.goto(`/tickets/${calmId}`)
  await sla.locator('[data-test=sla-resolve]').getByText(/剩余 \d+小时\d+分$/).waitFor()
  assert.equal(await sla.getByText('即将超时').count(), 0)

  // An urgent complaint has 4 hours; 3½ hours on the owner is warned.
  const clock = await api(page, 'POST', 'test/clock', { advance_ms: 3.5 * 3600 * 1000 })
  assert.equal(clock.status, 200, JSON.stringify(clock.body))
  const run = await api(page, 'POST', 'test/scheduler/run', {})
  assert.equal(run.status, 200, JSON.stringify(run.body))
  await page.reload()
  await sla.getByText('即将超时').waitFor()
  const left = sla.locator('[data-test=sla-resolve]')
  await left.getByText(/剩余 \d+分钟$/).waitFor()
  assert.equal(await left.evaluate((el) => el.classList.contains('overdue')), false)
  await page.goto('/tickets?view=all')
  const cell = page.locator(`[data-test=ticket-sla-${calmId}]`)
  await cell.getByText(/剩余 \d+分钟$/).waitFor()
  await cell.getByText('即将超时').waitFor()

  // Waiting for the customer stops the clock.
  let tk = (await api(page, 'GET', `tickets/${calmId}`)).body
  tk = (await api(page, 'POST', `tickets/${calmId}/transitions`, { to: 'in_progress', version: tk.version })).body
  const waiting = await api(page, 'POST', `tickets/${calmId}/transitions`, { to: 'waiting', version: tk.version, note: '等客户提供缴费凭证' })
  assert.equal(waiting.status, 200, JSON.stringify(waiting.body))
  await page.getByRole('button', { name: '刷新' }).click()
  await page.locator(`[data-test=ticket-state-${calmId}]`).getByText('等待客户').waitFor()
  await cell.getByText('已暂停', { exact: true }).waitFor()
  await page.goto(`/tickets/${calmId}`)
  await sla.getByText('已暂停', { exact: true }).waitFor()
  assert.deepEqual(page.errors, [])
})
