// The knowledge base on the order page: an open order of category 网络故障
// gets the article written for that category in its 知识库推荐 column (an
// article for another category does not come), 插入回复 puts the
// article's standard answer into the reply box where the cursor was, and
// the edited reply, once sent, is in the thread. A closed order has no
// such column.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launch, openPage, screenshot } from './browser.mjs'
import { api, signIn } from './helpers.mjs'

const ANSWER = '请先将光猫断电 30 秒后重启，若 LOS 灯仍红色闪烁，我们将安排师傅上门。'

let server, browser, page, ticketId, articleId, otherId

before(async () => {
  server = await startServer()
  browser = await launch()
  page = await openPage(browser, server.url)
  await signIn(page)
  await page.waitForURL((u) => u.pathname === '/')
  const c = await api(page, 'POST', 'customers', { type: 'individual', name: '周雨晴', phones: ['13900003333'] })
  assert.equal(c.status, 201, JSON.stringify(c.body))
  const tk = await api(page, 'POST', 'tickets', {
    type: 'repair',
    customer_id: c.body.id,
    title: '家里宽带连不上',
    description: '光猫指示灯异常',
    priority: 'high',
    category: 'repair.network',
  })
  assert.equal(tk.status, 201, JSON.stringify(tk.body))
  ticketId = tk.body.id
  const a = await api(page, 'POST', 'kb/articles', {
    title: '光猫故障自助排查',
    body: '## 步骤\n1. 断电重启光猫。\n2. 查看 LOS 灯。',
    answer: ANSWER,
    category_id: 1,
    status: 'published',
    ticket_categories: ['repair.network'],
  })
  assert.equal(a.status, 201, JSON.stringify(a.body))
  articleId = a.body.id
  const b = await api(page, 'POST', 'kb/articles', {
    title: '水表读数偏大怎么办',
    body: '核对表号后登记复查。',
    answer: '我们会安排复查水表。',
    category_id: 1,
    status: 'published',
    ticket_categories: ['repair.water'],
  })
  assert.equal(b.status, 201, JSON.stringify(b.body))
  otherId = b.body.id
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const replyBox = () => page.locator('textarea[data-test=thread-input], [data-test=thread-input] textarea').first()

test('a suggested article is inserted at the cursor of the reply and sent', async () => {
  await page.goto(`/tickets/${ticketId}`)
  const panel = page.locator('[data-test=kb-panel]')
  await panel.getByText('知识库推荐').waitFor()
  await panel.locator(`[data-test=kb-panel-item-${articleId}]`).getByText('光猫故障自助排查').waitFor()
  assert.equal(await panel.locator(`[data-test=kb-panel-item-${otherId}]`).count(), 0, 'the water article is not suggested')

  // The agent has written a greeting and a closing and left the cursor
  // between them.
  const box = replyBox()
  await box.fill('您好，\n祝您生活愉快！')
  await box.evaluate((el) => el.setSelectionRange(4, 4))
  await panel.locator(`[data-test=kb-insert-${articleId}]`).click()
  await page.waitForFunction(
    (answer) => {
      const el = document.querySelector('textarea[data-test=thread-input], [data-test=thread-input] textarea')
      return el && el.value.includes(answer)
    },
    ANSWER,
  )
  assert.equal(await box.inputValue(), `您好，\n${ANSWER}祝您生活愉快！`)
  // The focus is back in the box, after the answer: the agent edits on.
  await page.keyboard.type('\n')
  assert.equal(await box.inputValue(), `您好，\n${ANSWER}\n祝您生活愉快！`)
  await screenshot(page, 'ticket-kb-insert')

  await page.locator('[data-test=thread-send]').click()
  const comment = page.locator('[data-test=ticket-comment]').filter({ hasText: '断电 30 秒后重启' })
  await comment.getByText('对客户回复').waitFor()
  assert.equal(await box.inputValue(), '')
  // The public reply is the first response.
  await page.locator('[data-test=ticket-responded_at]').waitFor()
  assert.deepEqual(page.errors, [])
})

test('a closed order shows no knowledge-base column', async () => {
  const tk = await api(page, 'GET', `tickets/${ticketId}`)
  const closed = await api(page, 'POST', `tickets/${ticketId}/transitions`, {
    to: 'closed',
    version: tk.body.version,
    note: '客户自行重启后恢复',
  })
  assert.equal(closed.status, 200, JSON.stringify(closed.body))
  await page.reload()
  await page.locator('[data-test=ticket-state]').getByText('已关闭').waitFor()
  assert.equal(await page.locator('[data-test=kb-panel]').count(), 0)
  assert.deepEqual(page.errors, [])
})
