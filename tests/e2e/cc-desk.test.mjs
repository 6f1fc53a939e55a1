// The agent's desktop through the browser: an agent signs in, goes ready,
// a ringing event from the telephone system pops the caller's customer on
// that agent's screen within a second, and the agent makes a work order
// from the call, which the call then links. A second agent's desk stays
// quiet.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launch, openPage, screenshot } from './browser.mjs'
import { api, signIn } from './helpers.mjs'

let server, browser, admin, agent, other

async function makeAgent(name, ext, skill, team) {
  const u = await api(admin, 'POST', 'users', {
    username: name, display_name: `坐席${ext}`, password: 'Passw0rd!', roles: ['agent'], team_id: team,
  })
  assert.equal(u.status, 201, JSON.stringify(u.body))
  const a = await api(admin, 'POST', 'cc/agents', { user_id: u.body.id, extension: ext, skills: [{ skill_id: skill, level: 3 }] })
  assert.equal(a.status, 201, JSON.stringify(a.body))
  const page = await openPage(browser, server.url)
  await signIn(page, name, 'Passw0rd!')
  await page.waitForURL((url) => url.pathname === '/')
  return page
}

before(async () => {
  server = await startServer()
  browser = await launch()
  admin = await openPage(browser, server.url)
  await signIn(admin)
  await admin.waitForURL((u) => u.pathname === '/')
  const skill = await api(admin, 'POST', 'cc/skills', { name: '售后服务' })
  assert.equal(skill.status, 201, JSON.stringify(skill.body))
  const queue = await api(admin, 'POST', 'cc/queues', { name: '售后热线', skill_id: skill.body.id, wrap_up_s: 0 })
  assert.equal(queue.status, 201, JSON.stringify(queue.body))
  // The agents see their team's customers.
  const team = await api(admin, 'POST', 'teams', { name: '热线一组' })
  assert.equal(team.status, 201, JSON.stringify(team.body))
  const cust = await api(admin, 'POST', 'customers', {
    type: 'individual', name: '孙弹屏', phones: ['13566667777'], tier: 'vip', team_id: team.body.id,
  })
  assert.equal(cust.status, 201, JSON.stringify(cust.body))
  agent = await makeAgent('desk_a1', '8101', skill.body.id, team.body.id)
  other = await makeAgent('desk_a2', '8102', skill.body.id, team.body.id)
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('a ringing call pops the caller on the ready agent, who makes a work order from it', async () => {
  await agent.goto('/call-center/desk')
  await agent.locator('[data-test=agent-state]', { hasText: '未签入' }).waitFor()
  await agent.locator('[data-test=go-ready]').click()
  await agent.locator('[data-test=agent-state]', { hasText: '就绪' }).waitFor()
  await other.goto('/call-center/desk')
  await other.locator('[data-test=agent-state]', { hasText: '未签入' }).waitFor()

  const sent = Date.now()
  const ring = await api(admin, 'POST', 'cti/events', {
    id: 'e2e-ring-1', type: 'ringing', call: 'e2e-c1', caller: '13566667777', called: '95500',
  })
  assert.equal(ring.status, 200, JSON.stringify(ring.body))
  assert.equal(ring.body.agent.extension, '8101')
  await agent.locator('[data-test=popped-customer]', { hasText: '孙弹屏' }).waitFor({ timeout: 1000 })
  const popMs = Date.now() - sent
  assert.ok(popMs < 1000, `popped after ${popMs} ms`)
  await agent.locator('[data-test=agent-state]', { hasText: '振铃' }).waitFor()
  await agent.locator('[data-test=call-card]', { hasText: '优先' }).waitFor()
  // The other agent's desk shows no call.
  assert.equal(await other.locator('[data-test=popped-customer]').count(), 0)
  await other.locator('[data-test=call-card]', { hasText: '暂无来电' }).waitFor()

  assert.equal((await api(admin, 'POST', 'cti/events', { id: 'e2e-ans-1', type: 'answered', call: 'e2e-c1' })).status, 200)
  await agent.locator('[data-test=agent-state]', { hasText: '通话中' }).waitFor()
  await agent.locator('[data-test=call-ticket]').click()
  const dialog = agent.getByRole('dialog', { name: '新建工单' })
  await dialog.waitFor()
  await dialog.getByLabel('标题').fill('来电报修：宽带断网')
  await dialog.locator('[data-test=ticket-submit]').click()
  await agent.locator('[data-test=call-ticket]', { hasText: '已建工单' }).waitFor()
  await screenshot(agent, 'cc-desk')

  const calls = await api(admin, 'GET', 'cc/calls')
  const call = calls.body.items.find((c) => c.ext_id === 'e2e-c1')
  assert.ok(call.ticket_id, 'the call links its work order')
  const ticket = await api(admin, 'GET', `tickets/${call.ticket_id}`)
  assert.equal(ticket.body.title, '来电报修：宽带断网')
  assert.equal(ticket.body.channel, 'phone')
})

test('an unknown number offers a new customer with the number filled in', async () => {
  const ring = await api(admin, 'POST', 'cti/events', { id: 'e2e-end-1', type: 'ended', call: 'e2e-c1' })
  assert.equal(ring.status, 200, JSON.stringify(ring.body))
  await agent.locator('[data-test=agent-state]', { hasText: '就绪' }).waitFor()
  const r = await api(admin, 'POST', 'cti/events', { id: 'e2e-ring-2', type: 'ringing', call: 'e2e-c2', caller: '13100001111' })
  assert.equal(r.body.agent.extension, '8101')
  await agent.locator('[data-test=new-customer]').click()
  const dialog = agent.locator('[data-test=customer-dialog]')
  await dialog.waitFor()
  const values = await dialog.locator('input').evaluateAll((els) => els.map((e) => e.value))
  assert.ok(values.includes('13100001111'), JSON.stringify(values))
})
