// Outbound call lists (外呼任务): lists with their progress, adding entries
// from customers or pasted lines, a list's entries; for agents the entry
// held now, claiming the next due one, dialling it, its result and giving
// it back. Lists and entries are cursor paged ({items, next}).
import { http } from './http.js'

export const listOutboundLists = ({ state, limit, after } = {}) =>
  http.get('/cc/outbound/lists', { state, limit, after })
export const getOutboundList = (id) => http.get(`/cc/outbound/lists/${id}`)
export const createOutboundList = (list) => http.post('/cc/outbound/lists', list)
/** changes: {version, …fields to change} */
export const updateOutboundList = (id, changes) => http.patch(`/cc/outbound/lists/${id}`, changes)
/** body: {customer_ids: [...]} or {lines: "name,phone\n..."} → {added, duplicates, errors} */
export const addOutboundEntries = (id, body) => http.post(`/cc/outbound/lists/${id}/entries`, body)
export const listOutboundEntries = (id, { state, result, limit, after } = {}) =>
  http.get(`/cc/outbound/lists/${id}/entries`, { state, result, limit, after })
export const getOutboundEntry = (id) => http.get(`/cc/outbound/entries/${id}`)
export const currentOutboundEntry = () => http.get('/cc/outbound/current')
/** → {entry} or {entry: null, reason, next_at} */
export const claimNextOutbound = (listId) =>
  http.post('/cc/outbound/next', listId ? { list_id: listId } : {})
export const recordOutboundResult = (id, body) => http.post(`/cc/outbound/entries/${id}/result`, body)
export const releaseOutboundEntry = (id) => http.post(`/cc/outbound/entries/${id}/release`)
export const dialOutboundEntry = (id) => http.post(`/cc/outbound/entries/${id}/dial`)
