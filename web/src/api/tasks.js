// Tasks (任务): my tasks and others, one task, completion, the counts for
// the home page and the users a task can be assigned to. Lists are cursor
// paged ({items, next}); next is an opaque string.
import { http } from './http.js'

export const listTasks = ({ view, status, customer_id, limit, after } = {}) =>
  http.get('/tasks', { view, status, customer_id, limit, after })
export const getTask = (id) => http.get(`/tasks/${id}`)
export const createTask = (task) => http.post('/tasks', task)
/** changes: {version, …fields to change} */
export const updateTask = (id, changes) => http.patch(`/tasks/${id}`, changes)
export const completeTask = (id) => http.post(`/tasks/${id}/complete`)
export const deleteTask = (id, version) => http.del(`/tasks/${id}`, { query: { version } })
export const taskSummary = () => http.get('/tasks/summary')
export const listAssignees = ({ q, after } = {}) => http.get('/tasks/assignees', { q, after })
