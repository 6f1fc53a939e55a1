// Customers (客户): list and search, one record, its change history, and
// soft delete with restore. Lists are cursor paged ({items, next}).
import { http } from './http.js'

export const listCustomers = ({ q, sort, type, tier, tag, owner_id, review, ext_field, ext_value, limit, after } = {}) =>
  http.get('/customers', { q, sort, type, tier, tag, owner_id, review, ext_field, ext_value, limit, after })
export const getCustomer = (id) => http.get(`/customers/${id}`)
export const createCustomer = (customer) => http.post('/customers', customer)
/** changes: {version, …fields to change} */
export const updateCustomer = (id, changes) => http.patch(`/customers/${id}`, changes)
export const deleteCustomer = (id, version) => http.del(`/customers/${id}`, { query: { version } })
export const restoreCustomer = (id) => http.post(`/customers/${id}/restore`)
export const customerHistory = (id, { limit, after } = {}) => http.get(`/customers/${id}/history`, { limit, after })
/** decision: 'approve' | 'reject' (with a comment). */
export const reviewCustomer = (id, { version, decision, comment }) =>
  http.post(`/customers/${id}/review`, { version, decision, ...(comment ? { comment } : {}) })
/** Merges customer `from` into customer id (which is kept). */
export const mergeCustomer = (id, version, from) => http.post(`/customers/${id}/merge`, { version, from })
/** Likely duplicates of the record being entered: {items, hidden}. */
export const findDuplicates = (probe) => http.post('/customers/duplicates', probe)
