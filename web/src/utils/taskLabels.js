// Labels for the values tasks carry as identifiers: priority and status,
// with the el-tag type that makes each stand out in lists.
import i18n from '../i18n/index.js'

export const PRIORITIES = ['urgent', 'high', 'normal', 'low']
export const STATUSES = ['open', 'done', 'cancelled']

const PRIORITY_TAGS = { urgent: 'danger', high: 'warning', normal: 'primary', low: 'info' }
const STATUS_TAGS = { open: 'primary', done: 'success', cancelled: 'info' }

function label(group, value) {
  const key = `tasks.${group}.${value}`
  return i18n.global.te(key) ? i18n.global.t(key) : String(value ?? '')
}

export const priorityLabel = (p) => label('priorities', p)
export const statusLabel = (s) => label('statuses', s)
export const priorityTagType = (p) => PRIORITY_TAGS[p] || 'info'
export const statusTagType = (s) => STATUS_TAGS[s] || 'info'
export const priorityOptions = () => PRIORITIES.map((value) => ({ value, label: priorityLabel(value) }))
export const statusOptions = () => STATUSES.map((value) => ({ value, label: statusLabel(value) }))
