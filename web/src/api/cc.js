// The contact centre (呼叫中心): set-up (skills, queues, numbers, agents),
// the signed-in agent's state, call records and the one-step work order or
// interaction from a call. Lists of calls are cursor paged ({items, next}).
import { http } from './http.js'

export const listSkills = () => http.get('/cc/skills')
export const createSkill = (body) => http.post('/cc/skills', body)
export const updateSkill = (id, body) => http.patch(`/cc/skills/${id}`, body)
export const deleteSkill = (id) => http.del(`/cc/skills/${id}`)
export const listQueues = () => http.get('/cc/queues')
export const createQueue = (body) => http.post('/cc/queues', body)
export const updateQueue = (id, body) => http.patch(`/cc/queues/${id}`, body)
export const deleteQueue = (id) => http.del(`/cc/queues/${id}`)
export const listNumbers = () => http.get('/cc/numbers')
export const createNumber = (body) => http.post('/cc/numbers', body)
export const deleteNumber = (number) => http.del(`/cc/numbers/${encodeURIComponent(number)}`)
export const listAgents = () => http.get('/cc/agents')
export const createAgent = (body) => http.post('/cc/agents', body)
export const updateAgent = (userId, body) => http.patch(`/cc/agents/${userId}`, body)
export const deleteAgent = (userId) => http.del(`/cc/agents/${userId}`)
export const setAgentState = (userId, state, reason) => http.post(`/cc/agents/${userId}/state`, { state, reason })

export const getMe = () => http.get('/cc/me')
export const setMyState = (state, reason) => http.post('/cc/me/state', { state, reason })

export const listCalls = (filters = {}) => http.get('/cc/calls', filters)
export const getCall = (id) => http.get(`/cc/calls/${id}`)
/** changes: {disposition, note, customer_id, version} */
export const patchCall = (id, changes) => http.patch(`/cc/calls/${id}`, changes)
export const createTicketFromCall = (id, body) => http.post(`/cc/calls/${id}/ticket`, body)
export const logInteractionFromCall = (id, summary) => http.post(`/cc/calls/${id}/interaction`, { summary })

/** The agent's live stream: events "call" ({log_id, kind, call, customers}) and "agent" (its state). */
export function openDeskStream() {
  return new EventSource('/api/v1/cc/me/events', { withCredentials: true })
}
