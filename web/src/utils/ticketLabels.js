// Labels for the identifiers work orders carry (type, channel, state,
// event action) and the el-tag type that makes each stand out. Priorities
// are shared with tasks (utils/labels.js).
import i18n from '../i18n/index.js'
import { enumLabel } from './labels.js'

export const TYPES = ['complaint', 'repair', 'inquiry', 'service', 'suggestion', 'event']
export const CHANNELS = ['phone', 'web', 'email', 'wechat', 'sms', 'visit', 'app']
export const STATES = ['new', 'accepted', 'dispatched', 'in_progress', 'waiting', 'resolved', 'callback', 'closed']
/** The main line of the loop, for el-steps (waiting is a pause inside in_progress). */
export const STEPS = ['new', 'accepted', 'dispatched', 'in_progress', 'resolved', 'callback', 'closed']

const STATE_TAGS = {
  new: 'danger', accepted: 'warning', dispatched: 'warning', in_progress: 'primary',
  waiting: 'info', resolved: 'success', callback: 'success', closed: 'info',
}

export const typeLabel = (v) => enumLabel('tickets.types', v)
export const channelLabel = (v) => enumLabel('tickets.channels', v)
export const stateLabel = (v) => enumLabel('tickets.states', v)
export const actionLabel = (v) => enumLabel('tickets.actions', v)
export const stateTagType = (v) => STATE_TAGS[v] || 'info'

/** Dictionary items (flat, with parent_code) as the tree el-tree-select takes. */
export function categoryTree(items) {
  const byParent = new Map()
  for (const it of items) {
    const p = it.parent_code || ''
    if (!byParent.has(p)) byParent.set(p, [])
    byParent.get(p).push(it)
  }
  const build = (parent) =>
    (byParent.get(parent) || []).map((it) => {
      const children = build(it.code)
      return children.length ? { value: it.code, label: it.label, children } : { value: it.code, label: it.label }
    })
  return build('')
}

/**
 * A span of time as the order pages show it: {ms, overdue, text}, the text
 * "剩余 3小时12分" or "已超时 1天2小时". Overdue spans round up to the
 * minute, so a deadline just passed never reads "已超时 0分钟".
 */
export function spanLeft(ms) {
  const overdue = ms < 0
  const minutes = overdue ? Math.ceil(-ms / 60000) : Math.floor(ms / 60000)
  const d = Math.floor(minutes / 1440)
  const h = Math.floor((minutes % 1440) / 60)
  const m = minutes % 60
  const { t } = i18n.global
  const span = d ? t('tickets.sla.dh', { d, h }) : h ? t('tickets.sla.hm', { h, m }) : t('tickets.sla.m', { m })
  return { ms, overdue, text: overdue ? t('tickets.sla.overdueBy', { span }) : t('tickets.sla.left', { span }) }
}

/**
 * Time left until due (RFC 3339) as {ms, overdue, text}, null when there
 * is no time limit. While the order waits for the customer the clock
 * stands still, so the time left is counted to when the wait began.
 */
export function timeLeft(due, now = Date.now(), pausedAt = null) {
  if (!due) return null
  const from = pausedAt ? new Date(pausedAt).getTime() : now
  return spanLeft(new Date(due).getTime() - from)
}

const DONE = ['resolved', 'callback', 'closed']

/**
 * An order's time limits as shown on its page and in lists:
 * {response, resolve, main, paused, warned, level, overdue}. response and
 * resolve are spanLeft()s, or null when that deadline does not apply (any
 * more); main is the more pressing of the two (null when neither applies).
 * The server's `sla` gives the working time left on the policy's calendar,
 * as of when the order was read; from a server without it the wall-clock
 * time to due_resolve_at stands in.
 */
export function slaStatus(tk, now = Date.now()) {
  const s = tk.sla
  let response = null
  let resolve = null
  let paused = !!tk.paused_at
  let warned = false
  if (s) {
    if (s.response_left_ms != null) response = spanLeft(s.response_left_ms)
    if (s.resolve_left_ms != null) resolve = spanLeft(s.resolve_left_ms)
    paused = !!s.paused
    warned = !!s.warned
  } else if (!DONE.includes(tk.state)) {
    resolve = timeLeft(tk.due_resolve_at, now, tk.paused_at)
  }
  const main = response && (!resolve || response.ms < resolve.ms) ? { ...response, response: true } : resolve
  const overdue = !!tk.overdue || !!(main && main.overdue)
  return { response, resolve, main, paused, warned: warned && !overdue, level: tk.escalation_level || 0, overdue }
}
