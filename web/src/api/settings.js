// System settings ({key: value}) and extension field definitions.
import { http } from './http.js'

export const getSettings = () => http.get('/settings')
export const updateSettings = (changes) => http.patch('/settings', changes)

export const listCustomFields = () => http.get('/custom-fields')
export const createCustomField = (field) => http.post('/custom-fields', field)
/** changes: {version, …} */
export const updateCustomField = (id, changes) => http.patch(`/custom-fields/${id}`, changes)
