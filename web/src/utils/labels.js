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
export const permissionLabel = (name, item) => label('permissionNames', name, item)
export const auditActionLabel = (name) => label('auditActions', name)
