// Contacts (联系人) of organisation customers, the interaction log (客户来往)
// and the customer timeline. Lists come as {items, next}; next is an
// opaque cursor for the following page.
import { http } from './http.js'

export const listContacts = (customerId) => http.get(`/customers/${customerId}/contacts`)
export const getContact = (id) => http.get(`/contacts/${id}`)
export const createContact = (customerId, contact) => http.post(`/customers/${customerId}/contacts`, contact)
/** changes: {version, …fields to change} */
export const updateContact = (id, changes) => http.patch(`/contacts/${id}`, changes)
export const deleteContact = (id, version) => http.del(`/contacts/${id}`, { query: { version } })
/** The address of the vCard file of a customer's contacts (a download). */
export const contactsVcardUrl = (customerId) => `/api/v1/customers/${customerId}/contacts.vcf`

export const createInteraction = (customerId, interaction) => http.post(`/customers/${customerId}/interactions`, interaction)
export const deleteInteraction = (id) => http.del(`/interactions/${id}`)

export const customerTimeline = (customerId, { limit, after } = {}) =>
  http.get(`/customers/${customerId}/timeline`, { limit, after })
