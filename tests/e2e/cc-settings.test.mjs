// The contact centre through the browser: on 呼叫中心设置 the administrator
// sets the centre up in order (a skill, a queue routed round robin, the
// number callers dial, a user made an agent with that skill at level 4);
// a call the telephone system reports then shows on 通话记录 with its
// queue, agent, customer and rating, its drawer tells what happened step by
// step, the customer's timeline shows it, and the agent, in wrap-up after
// the call, is signed out by the administrator.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launch, openPage, screenshot } from './browser.mjs'
import { api, menuItem, openAdminPage, signIn } from './helpers.mjs'

let server, browser, page

before(async () => {
  server = await startServer()
  await server.addUser('zhang_agent', 'Agent@12345', 'agent')
  browser = await launch()
  page = await openPage(browser, server.url)
  await signIn(page)
  await page.waitForURL((u) => u.pathname === '/')
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const tab = (name) => page.locator('[data-test=cc-settings-tabs]').getByRole('tab', { name, exact: true })

async function chooseOption(select, name) {
  await select.click()
  await page.locator('.el-select-dropdown:visible').getByRole('option', { name, exact: true }).click()
}

// Reports one telephone-system event as the admin (who holds cc.cti).
async function cti(event) {
  const r = await api(page, 'POST', 'cti/events', event)
  assert.ok(r.status === 200 || r.status === 201, `${event.type}: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}

test('呼叫中心设置: skill, queue, number and agent are set up in order', async (t) => {
  try {
    await openAdminPage(page, '系统管理', '呼叫中心设置')
    await page.waitForURL((u) => u.pathname === '/admin/call-center')
    // Nothing yet: the page says what to create first.
    await page.locator('[data-test=cc-skills-empty]').getByText('先新增一个技能').waitFor()

    await page.locator('[data-test=cc-skill-add]').click()
    const prompt = page.locator('.cc-skill-prompt')
    await prompt.locator('input').fill('售后咨询')
    await prompt.getByRole('button', { name: '保存' }).click()
    await page.locator('[data-test=cc-skills-table]').getByText('售后咨询').waitFor()

    await tab('队列').click()
    await page.locator('[data-test=cc-queue-add]').click()
    const qd = page.locator('[data-test=cc-queue-dialog]')
    await qd.locator('[data-test=cc-queue-submit]').click()
    await qd.getByText('请输入名称').waitFor()
    await qd.locator('[data-test=cc-queue-name]').fill('售后队列')
    await chooseOption(qd.locator('[data-test=cc-queue-skill]'), '售后咨询')
    await chooseOption(qd.locator('[data-test=cc-queue-strategy]'), '轮询')
    // A long wrap-up keeps the agent in it for the sign-out below.
    const wrap = qd.locator('[data-test=cc-queue-wrap] input')
    await wrap.fill('600')
    await wrap.press('Tab')
    await qd.locator('[data-test=cc-queue-submit]').click()
    await qd.waitFor({ state: 'hidden' })
    const queueRow = page.locator('[data-test=cc-queues-table] .el-table__row').filter({ hasText: '售后队列' })
    await queueRow.getByText('轮询').waitFor()
    await queueRow.getByText('贵宾').waitFor()
    const queues = (await api(page, 'GET', 'cc/queues')).body.items
    assert.equal(queues.length, 1)
    assert.equal(queues[0].strategy, 'round_robin')
    assert.equal(queues[0].wrap_up_s, 600)

    // Someone else saves the queue while it is open here: the save is
    // refused, the latest version is loaded, and saving again keeps both.
    await queueRow.getByRole('button', { name: '编辑' }).click()
    await qd.waitFor()
    const other = await api(page, 'PATCH', `cc/queues/${queues[0].id}`, { version: queues[0].version, priority_tiers: 'vip,key' })
    assert.equal(other.status, 200)
    const sl = qd.locator('[data-test=cc-queue-sl] input')
    await sl.fill('30')
    await sl.press('Tab')
    await qd.locator('[data-test=cc-queue-submit]').click()
    await page.getByText('该队列已被他人修改').waitFor()
    await qd.locator('[data-test=cc-queue-tiers]').getByText('重点').waitFor()
    await sl.fill('30')
    await sl.press('Tab')
    await qd.locator('[data-test=cc-queue-submit]').click()
    await qd.waitFor({ state: 'hidden' })
    await queueRow.getByText('重点').waitFor()
    const saved = (await api(page, 'GET', `cc/queues/${queues[0].id}`)).body
    assert.equal(saved.sl_seconds, 30)
    assert.equal(saved.priority_tiers, 'vip,key')

    await tab('号码').click()
    await page.locator('[data-test=cc-number-add]').click()
    const nd = page.locator('[data-test=cc-number-dialog]')
    await nd.locator('[data-test=cc-number-number]').fill('95588')
    await nd.locator('[data-test=cc-number-label]').fill('售后热线')
    await nd.locator('[data-test=cc-number-submit]').click()
    await nd.waitFor({ state: 'hidden' })
    const numberRow = page.locator('[data-test=cc-numbers-table] .el-table__row').filter({ hasText: '95588' })
    await numberRow.getByText('售后队列').waitFor()

    await tab('坐席').click()
    await page.locator('[data-test=cc-agent-add]').click()
    const ad = page.locator('[data-test=cc-agent-dialog]')
    await ad.locator('[data-test=cc-agent-user]').click()
    await page.keyboard.type('zhang')
    await page.locator('.el-select-dropdown:visible').getByRole('option', { name: 'zhang_agent（zhang_agent）' }).click()
    await ad.locator('[data-test=cc-agent-extension]').fill('8001')
    // The one skill is chosen already; rate it 4 of 5.
    await ad.locator('[data-test=cc-agent-level] .el-rate__item').nth(3).click()
    await ad.locator('[data-test=cc-agent-submit]').click()
    await ad.waitFor({ state: 'hidden' })
    const agentRow = page.locator('[data-test=cc-agents-table] .el-table__row').filter({ hasText: '8001' })
    await agentRow.getByText('未签入').waitFor()
    await agentRow.getByText('售后咨询 · 4').waitFor()
    const agents = (await api(page, 'GET', 'cc/agents')).body.items
    assert.deepEqual(agents[0].skills.map((s) => s.level), [4])
    await screenshot(page, 'cc-settings-agents')

    // A skill in use is not deleted: the reason is shown.
    await tab('技能').click()
    const skillRow = page.locator('[data-test=cc-skills-table] .el-table__row').filter({ hasText: '售后咨询' })
    await skillRow.getByRole('button', { name: '删除' }).click()
    await page.locator('.el-popconfirm:visible').getByRole('button', { name: '确定' }).click()
    await page.getByText('仍有坐席或队列使用该技能').waitFor()
    assert.equal((await api(page, 'GET', 'cc/skills')).body.items.length, 1)
    assert.deepEqual(page.errors, [])
  } catch (e) {
    await screenshot(page, t.name)
    throw e
  }
})

test('通话记录: a reported call shows with its customer, log and on the timeline', async (t) => {
  try {
    const customer = await api(page, 'POST', 'customers', { type: 'individual', name: '李来电', phones: ['13912345678'] })
    assert.equal(customer.status, 201)
    const agent = (await api(page, 'GET', 'cc/agents')).body.items[0]
    assert.equal((await api(page, 'POST', `cc/agents/${agent.user_id}/state`, { state: 'ready' })).status, 200)

    const rung = await cti({ id: 'e1', type: 'ringing', call: 'c1', caller: '13912345678', called: '95588' })
    assert.equal(rung.agent.extension, '8001')
    await cti({ id: 'e2', type: 'answered', call: 'c1', agent: '8001' })
    await cti({ id: 'e3', type: 'ended', call: 'c1', cause: 'hangup' })
    await cti({ id: 'e4', type: 'rating', call: 'c1', rating: 5 })
    // A second caller hangs up while waiting: an abandoned call.
    await cti({ id: 'e5', type: 'ringing', call: 'c2', caller: '13700000000', called: '95588' })
    await cti({ id: 'e6', type: 'ended', call: 'c2', cause: 'hangup' })

    await page.locator('[data-test=side-menu]').getByText('呼叫中心', { exact: true }).click()
    await menuItem(page, '通话记录').click()
    await page.waitForURL((u) => u.pathname === '/call-center/calls')
    const rows = page.locator('[data-test=cc-calls-table] .el-table__row')
    await rows.nth(1).waitFor()
    assert.equal(await rows.count(), 2)
    const answered = rows.filter({ hasText: '李来电' })
    await answered.getByText('已接听').waitFor()
    await answered.getByText('售后队列').waitFor()
    await answered.getByText('zhang_agent').waitFor()
    assert.equal(await answered.getByRole('slider').getAttribute('aria-valuenow'), '5')
    await rows.filter({ hasText: '13700000000' }).getByText('放弃').waitFor()

    // Only the calls in one state.
    await chooseOption(page.locator('[data-test=cc-calls-state]'), '已结束')
    assert.equal(await rows.count(), 2)

    await answered.getByText('已接听').click()
    const drawer = page.locator('[data-test=cc-call-drawer]')
    const log = drawer.locator('[data-test=cc-call-log]')
    for (const kind of ['来电', '已分配', '接听', '挂机', '评价']) await log.getByText(kind, { exact: true }).waitFor()
    await drawer.locator('[data-test=cc-call-drawer-customer]').getByText('李来电').waitFor()
    await screenshot(page, 'cc-call-drawer')
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })

    await answered.getByRole('link', { name: '李来电' }).click()
    await page.waitForURL((u) => u.pathname === `/customers/${customer.body.id}`)
    await page.getByRole('tab', { name: '时间线' }).click()
    const entry = page.locator('[data-test=timeline-call-entry]')
    await entry.getByText('来电').waitFor()
    await entry.getByText('售后队列').waitFor()
    await entry.getByText('已接听').waitFor()
    await screenshot(page, 'cc-customer-timeline')
    assert.deepEqual(page.errors, [])
  } catch (e) {
    await screenshot(page, t.name)
    throw e
  }
})

test('强制签出: the administrator signs out an agent in wrap-up', async (t) => {
  try {
    await page.goto('/admin/call-center')
    await tab('坐席').click()
    const agentRow = page.locator('[data-test=cc-agents-table] .el-table__row').filter({ hasText: '8001' })
    await agentRow.getByText('话后处理').waitFor()
    await agentRow.getByRole('button', { name: '强制签出' }).click()
    await page.locator('.el-popconfirm:visible').getByRole('button', { name: '确定' }).click()
    await agentRow.getByText('未签入').waitFor()
    const agent = (await api(page, 'GET', 'cc/agents')).body.items[0]
    assert.equal(agent.state, 'signed_out')
    // Signed out, the agent can be removed.
    await agentRow.getByRole('button', { name: '移除' }).waitFor()
  } catch (e) {
    await screenshot(page, t.name)
    throw e
  }
})
