// Turns an ApiError into text in the current language.
import { ElMessage } from 'element-plus'
import i18n from '../i18n/index.js'

export function errorText(err) {
  const { t, te } = i18n.global
  const code = err && err.code
  if (code && te(`errors.${code}`)) return t(`errors.${code}`)
  if (err && err.message && err.status !== 0 && !String(err.message).startsWith('http_')) return err.message
  return t('errors.unknown', { status: (err && err.status) || '?' })
}

/** Server field errors (422 validation_failed, 409 conflict) as a plain
 *  object, empty when there are none. */
export function fieldErrors(err) {
  return (err && (err.status === 422 || err.status === 409) && err.fields) || {}
}

/**
 * The message to show on a form item for a server field error. The server
 * writes its messages in Chinese; in Chinese they are shown as sent (they
 * are the most precise), in other languages our own message for that field
 * is used when there is one (`known` maps field → i18n key).
 */
export function fieldMessage(field, serverText, known = {}) {
  const { t, locale } = i18n.global
  if (locale.value === 'zh-CN' || !known[field]) return serverText
  return t(known[field])
}

/** Shows a failed request as a toast, unless it was already dealt with
 *  (a 401 that sent the user to sign-in). */
export function showError(err) {
  if (err && err.handled) return
  ElMessage.error(errorText(err))
}

/** A write that lost the race: the record changed since it was read. */
export function isVersionConflict(err) {
  return !!err && err.status === 409 && err.code === 'version_conflict'
}

/**
 * Puts the server's field errors on the form items: `target` holds one
 * message per item (the keys it has are the items there are). A key the
 * form has no item for is looked up in `rename` (server key → item), then
 * by its list name ("phones.1" → phones). Several messages for one item
 * are joined. Returns whether any message landed, so that the caller can
 * show the error as a toast when none did.
 */
export function applyFieldErrors(target, err, { known = {}, rename = {} } = {}) {
  const landed = new Set()
  for (const [key, text] of Object.entries(fieldErrors(err))) {
    const field = [rename[key], key, key.split('.')[0]].find((k) => k && Object.prototype.hasOwnProperty.call(target, k))
    if (!field) continue
    const message = fieldMessage(field, text, known)
    target[field] = landed.has(field) ? `${target[field]}；${message}` : message
    landed.add(field)
  }
  return landed.size > 0
}

/** The row on screen of a list item the server names by index ("phones.1"):
 *  it counts only the non-empty rows that were sent. */
export function shownRow(rows, sentIndex) {
  const filled = rows.map((x, n) => (String(x ?? '').trim() ? n : -1)).filter((n) => n >= 0)
  return filled[Number(sentIndex)]
}
