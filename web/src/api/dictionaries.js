// Dictionaries (数据字典): the kinds, the items of one kind, and their
// maintenance (dictionary.manage). Items are keyed by their code.
import { http } from './http.js'

export const listKinds = () => http.get('/dictionaries')
export const listItems = (kind, { includeDisabled = false } = {}) =>
  http.get(`/dictionaries/${kind}`, { include_disabled: includeDisabled ? 'true' : undefined })
export const createItem = (kind, item) => http.post(`/dictionaries/${kind}`, item)
export const updateItem = (kind, code, changes) => http.patch(`/dictionaries/${kind}/${encodeURIComponent(code)}`, changes)
export const deleteItem = (kind, code) => http.del(`/dictionaries/${kind}/${encodeURIComponent(code)}`)
