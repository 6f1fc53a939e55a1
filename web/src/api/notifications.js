// Notifications (通知): the signed-in user's own list (cursor paged, newest
// first; next is an opaque string), the unread count, marking read, an
// administrator's broadcast, and the live event stream.
import { http } from './http.js'

export const listNotifications = ({ unread, limit, after } = {}) =>
  http.get('/notifications', { unread: unread ? 'true' : undefined, limit, after })
export const unreadCount = () => http.get('/notifications/unread-count')
export const markRead = (id) => http.post(`/notifications/${id}/read`)
export const markAllRead = () => http.post('/notifications/read-all')
/** notice: {title, body?, link?, team_id?, role?} → {sent} */
export const broadcast = (notice) => http.post('/notifications/broadcast', notice)

/**
 * The live stream (server-sent events, same-origin cookie): events
 * "notification" (data: a notification) and "unread" (data: {unread}).
 * after: the last notification id already shown, so a new stream opened
 * after a dropped one delivers what was missed. The browser reconnects by
 * itself after a network drop (sending Last-Event-ID); after a refusal
 * (401, 503) it stops and the caller decides.
 */
export function openEventStream(after) {
  const url = after ? `/api/v1/events?after=${encodeURIComponent(after)}` : '/api/v1/events'
  return new EventSource(url, { withCredentials: true })
}
