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
