// Labels for the identifiers work orders carry (type, channel, priority,
// state, event action) and the el-tag type that makes each stand out.
import i18n from '../i18n/index.js'

export const TYPES = ['complaint', 'repair', 'inquiry', 'service', 'suggestion', 'event']
export const CHANNELS = ['phone', 'web', 'email', 'wechat', 'sms', 'visit', 'app']
export const PRIORITIES = ['urgent', 'high', 'normal', 'low']
export const STATES = ['new', 'accepted', 'dispatched', 'in_progress', 'waiting', 'resolved', 'callback', 'closed']
/** The main line of the loop, for el-steps (waiting is a pause inside in_progress). */
export const STEPS = ['new', 'accepted', 'dispatched', 'in_progress', 'resolved', 'callback', 'closed']

const PRIORITY_TAGS = { urgent: 'danger', high: 'warning', normal: 'primary', low: 'info' }
const STATE_TAGS = {
  new: 'danger', accepted: 'warning', dispatched: 'warning', in_progress: 'primary',
  waiting: 'info', resolved: 'success', callback: 'success', closed: 'info',
}

function label(group, value) {
  const key = `tickets.${group}.${value}`
  return i18n.global.te(key) ? i18n.global.t(key) : String(value ?? '')
}

export const typeLabel = (v) => label('types', v)
export const channelLabel = (v) => label('channels', v)
export const priorityLabel = (v) => label('priorities', v)
export const stateLabel = (v) => label('states', v)
export const actionLabel = (v) => label('actions', v)
export const priorityTagType = (v) => PRIORITY_TAGS[v] || 'info'
export const stateTagType = (v) => STATE_TAGS[v] || 'info'
export const options = (list, fn) => list.map((value) => ({ value, label: fn(value) }))

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
 * Time left until due (RFC 3339) as {text, overdue, ms}, null when there
 * is no time limit. While the order waits for the customer the clock
 * stands still, so the time left is counted to when the wait began.
 */
export function timeLeft(due, now = Date.now(), pausedAt = null) {
  if (!due) return null
  const from = pausedAt ? new Date(pausedAt).getTime() : now
  const ms = new Date(due).getTime() - from
  const abs = Math.abs(ms)
  const d = Math.floor(abs / 86400000)
  const h = Math.floor((abs % 86400000) / 3600000)
  const m = Math.floor((abs % 3600000) / 60000)
  const { t } = i18n.global
  const span = d ? t('tickets.sla.dh', { d, h }) : h ? t('tickets.sla.hm', { h, m }) : t('tickets.sla.m', { m })
  return { ms, overdue: ms < 0, text: ms < 0 ? t('tickets.sla.overdueBy', { span }) : t('tickets.sla.left', { span }) }
}
