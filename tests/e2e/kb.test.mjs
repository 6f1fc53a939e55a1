// The knowledge base through the browser: an agent finds 计划停电通知 by
// searching 停电 (the match marked), opens it and reads the current text,
// in which markup typed into the article stays text; an editor saves a new
// version from the editor and opens the earlier one from the history.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launch, openPage, screenshot } from './browser.mjs'
import { api, menuItem, signIn } from './helpers.mjs'

const AGENT = { username: 'kbagent', password: 'Agent@12345' }
const TITLE = '计划停电通知'
const BODY_V1 = '## 处理步骤\n1. 查询是否有**计划停电**。\n2. 告知停电时间。\n\n<img src=x onerror="window.hacked=1">'
const BODY_V2 = '## 处理步骤\n1. 按地址查询停电信息系统。\n2. 告知停电原因和恢复时间。'

let server, browser, admin, articleId

before(async () => {
  server = await startServer()
  await server.addUser(AGENT.username, AGENT.password, 'agent')
  browser = await launch()
  admin = await openPage(browser, server.url)
  await signIn(admin)
  await admin.waitForURL((u) => u.pathname === '/')
  const a = await api(admin, 'POST', 'kb/articles', {
    title: TITLE,
    body: BODY_V1,
    answer: '您好，本周六计划停电检修，请提前做好准备。',
    category_id: 1,
    status: 'published',
    tags: ['停电', '检修'],
  })
  assert.equal(a.status, 201, JSON.stringify(a.body))
  articleId = a.body.id
  const b = await api(admin, 'POST', 'kb/articles', {
    title: '宽带故障排查',
    body: '光猫 LOS 灯红色闪烁时派单维修。',
    category_id: 2,
    status: 'published',
  })
  assert.equal(b.status, 201, JSON.stringify(b.body))
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('an agent searches 停电, sees the match marked and opens the article', async () => {
  const page = await openPage(browser, server.url)
  await signIn(page, AGENT.username, AGENT.password)
  await page.waitForURL((u) => u.pathname === '/')
  await menuItem(page, '知识库').click()
  await page.waitForURL((u) => u.pathname === '/kb')
  await page.locator('[data-test=kb-search-input]').fill('停电')
  await page.locator('[data-test=kb-search-input]').press('Enter')
  const hit = page.locator(`[data-test=kb-result-${articleId}]`)
  await hit.waitFor()
  assert.equal(await hit.locator('.result-title mark').first().textContent(), '停电')
  assert.equal(await page.locator('[data-test=kb-results] article').count(), 1, 'the broadband article does not match')
  assert.match(await page.getByText(/共找到 1 篇文章/).textContent(), /停电/)
  await screenshot(page, 'kb-search')

  await hit.getByRole('link', { name: TITLE }).click()
  await page.waitForURL((u) => u.pathname === `/kb/articles/${articleId}`)
  await page.locator('[data-test=kb-title]').getByText(TITLE).waitFor()
  const body = page.locator('[data-test=kb-body]')
  await body.getByText('计划停电').waitFor()
  assert.equal(await body.locator('strong').first().textContent(), '计划停电')
  // What looks like HTML in an article is shown as text, never run.
  await body.getByText('<img src=x onerror="window.hacked=1">').waitFor()
  assert.equal(await body.locator('img').count(), 0)
  assert.equal(await page.evaluate(() => window.hacked), undefined)
  await page.locator('[data-test=kb-answer]').getByText('本周六计划停电检修').waitFor()
  // Agents read; they do not edit or see the history.
  assert.equal(await page.locator('[data-test=kb-edit]').count(), 0)
  assert.equal(await page.locator('[data-test=kb-history]').count(), 0)
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('an editor saves a new version and reads the old one from the history', async () => {
  const page = admin
  await page.goto(`/kb/articles/${articleId}`)
  await page.locator('[data-test=kb-version]').getByText('版本 v1').waitFor()
  await page.locator('[data-test=kb-edit]').click()
  await page.waitForURL((u) => u.pathname === `/kb/articles/${articleId}/edit`)
  const body = page.locator('[data-test=kb-form-body]')
  await body.waitFor()
  assert.equal(await body.inputValue(), BODY_V1)
  await body.fill(BODY_V2)
  await page.locator('[data-test=kb-form-save]').click()
  await page.getByText(`已保存“${TITLE}”（v2）`).waitFor()
  const versions = page.locator('[data-test=kb-versions]')
  await versions.getByText('v2').waitFor()
  await versions.getByText('v1').waitFor()
  await screenshot(page, 'kb-editor')

  // The history opens the earlier version, marked as such.
  await page.locator('[data-test=kb-version-1]').click()
  await page.waitForURL((u) => u.pathname === `/kb/articles/${articleId}` && u.search === '?version=1')
  await page.locator('[data-test=kb-old-version]').getByText('您正在查看历史版本 v1（当前为 v2）').waitFor()
  await page.locator('[data-test=kb-body]').getByText('查询是否有').waitFor()
  await page.getByRole('link', { name: '查看当前版本' }).click()
  await page.locator('[data-test=kb-body]').getByText('按地址查询停电信息系统').waitFor()
  await page.locator('[data-test=kb-version]').getByText('版本 v2').waitFor()
  assert.deepEqual(page.errors, [])
})
