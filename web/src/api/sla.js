// Time limits (服务时限) and work calendars (工作日历): read with sla.read,
// change with sla.manage. Changes carry the record's version.
import { http } from './http.js'

export const listCalendars = () => http.get('/sla/calendars')
export const createCalendar = (calendar) => http.post('/sla/calendars', calendar)
export const updateCalendar = (id, version, changes) => http.patch(`/sla/calendars/${id}`, { version, ...changes })
export const deleteCalendar = (id, version) => http.del(`/sla/calendars/${id}?version=${version}`)
export const listDays = (id, year) => http.get(`/sla/calendars/${id}/days/${year}`)
export const saveDays = (id, year, version, days) => http.put(`/sla/calendars/${id}/days/${year}`, { version, days })
export const calendarDeadline = (id, start, minutes) => http.get(`/sla/calendars/${id}/deadline`, { start, minutes })

export const listPolicies = () => http.get('/sla/policies')
export const createPolicy = (policy) => http.post('/sla/policies', policy)
export const updatePolicy = (id, version, changes) => http.patch(`/sla/policies/${id}`, { version, ...changes })
export const deletePolicy = (id, version) => http.del(`/sla/policies/${id}?version=${version}`)
export const previewDeadlines = ({ type, priority, tier, start }) => http.get('/sla/preview', { type, priority, tier, start })
