// Chinese/English labels for names the server sends as identifiers
// (roles, permissions, audit actions). Our own translations come first;
// for names added later the server's label (label / label_en) is used,
// then the raw name.
import i18n from '../i18n/index.js'

function serverLabel(item) {
  if (!item) return ''
  if (typeof item === 'string') return item
  return (i18n.global.locale.value === 'en' && item.label_en) || item.label || ''
}

function label(group, name, item) {
  // Dotted names ("user.read") are keys, not paths, so look them up directly.
  const msgs = i18n.global.getLocaleMessage(i18n.global.locale.value)[group] || {}
  if (Object.prototype.hasOwnProperty.call(msgs, name)) return msgs[name]
  return serverLabel(item) || name
}

/** roleLabel('agent') → 坐席; roleLabel(name, {label, label_en}) for unknown roles. */
export const roleLabel = (name, item) => label('roleNames', name, item)
/** The roles the messages name: the ones the migrations seed, which is all
 *  there are (roles are not created through the API). For pickers of users
 *  who may not read the role list (GET /roles needs user.read). */
export const knownRoles = () => Object.keys(i18n.global.getLocaleMessage('zh-CN').roleNames || {})
export const permissionLabel = (name, item) => label('permissionNames', name, item)
export const auditActionLabel = (name) => label('auditActions', name)

/** The label of an enumerated value kept under `prefix` in the messages
 *  (enumLabel('tickets.states', 'closed') → 已关闭); a value without one
 *  as sent, no value as ''. */
export function enumLabel(prefix, value) {
  if (value === null || value === undefined || value === '') return ''
  const key = `${prefix}.${value}`
  return i18n.global.te(key) ? i18n.global.t(key) : String(value)
}

/** [{value, label}] for an el-select over a list of values. */
export const options = (list, labelOf) => list.map((value) => ({ value, label: labelOf(value) }))

// Tasks, work orders and time limits share one scale of priorities; the
// el-tag type makes each stand out in lists.
export const PRIORITIES = ['urgent', 'high', 'normal', 'low']
const PRIORITY_TAGS = { urgent: 'danger', high: 'warning', normal: 'primary', low: 'info' }
export const priorityLabel = (v) => enumLabel('priorities', v)
export const priorityTagType = (v) => PRIORITY_TAGS[v] || 'info'
