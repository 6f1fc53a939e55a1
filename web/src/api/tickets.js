// Work orders (服务工单): list views, one order, its moves through the
// closed loop, the thread, attachments, events and bulk actions. Lists are
// cursor paged ({items, next}).
import { http, onUnauthorizedError, ApiError } from './http.js'
import { useSessionStore } from '../stores/session.js'

export const listTickets = ({ view, state, category, q, team_id, limit, after } = {}) =>
  http.get('/tickets', { view, state, category, q, team_id, limit, after })
export const customerTickets = (customerId, { state, limit, after } = {}) =>
  http.get(`/customers/${customerId}/tickets`, { state, limit, after })
export const getTicket = (id) => http.get(`/tickets/${id}`)
export const createTicket = (ticket) => http.post('/tickets', ticket)
/** changes: {version, …fields to change} */
export const updateTicket = (id, changes) => http.patch(`/tickets/${id}`, changes)
/** fields: {to, version, …the move's fields} */
export const moveTicket = (id, fields) => http.post(`/tickets/${id}/transitions`, fields)
export const ticketEvents = (id, after) => http.get(`/tickets/${id}/events`, { after })
export const ticketComments = (id, after) => http.get(`/tickets/${id}/comments`, { after })
export const addComment = (id, body, internal) => http.post(`/tickets/${id}/comments`, { body, internal })
export const ticketAttachments = (id) => http.get(`/tickets/${id}/attachments`)
export const deleteAttachment = (attachmentId) => http.del(`/ticket-attachments/${attachmentId}`)
export const attachmentUrl = (attachmentId) => `/api/v1/ticket-attachments/${attachmentId}`
/** {ids, action: assign|priority|close, team_id, assignee_id, priority, reason} */
export const bulkTickets = (body) => http.post('/tickets/bulk', body)

/** Sends a file as the raw body (the server checks its kind and size). */
export async function uploadAttachment(id, file) {
  const headers = { Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream' }
  const csrf = useSessionStore().csrfToken
  if (csrf) headers['X-CSRF-Token'] = csrf
  let res
  try {
    res = await fetch(`/api/v1/tickets/${id}/attachments?filename=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers,
      body: file,
      credentials: 'same-origin',
    })
  } catch (e) {
    throw new ApiError(0, 'network', e && e.message)
  }
  const data = await res.json().catch(() => null)
  if (res.ok) return data
  const err = (data && data.error) || {}
  const error = new ApiError(res.status, err.code || 'http_' + res.status, err.message, err.fields)
  if (res.status === 401) onUnauthorizedError(error)
  throw error
}
