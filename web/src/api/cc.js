// Contact centre (呼叫中心): its set-up (skills, queues, dialled numbers,
// agents), the call records, and the signed-in agent's own state. Lists of
// set-up are whole ({items}); calls are cursor paged ({items, next}).
import { http } from './http.js'

export const listSkills = () => http.get('/cc/skills')
export const createSkill = (name) => http.post('/cc/skills', { name })
export const renameSkill = (id, name) => http.patch(`/cc/skills/${id}`, { name })
export const deleteSkill = (id) => http.del(`/cc/skills/${id}`)

export const listQueues = () => http.get('/cc/queues')
export const getQueue = (id) => http.get(`/cc/queues/${id}`)
/** queue: {name, skill_id, strategy, priority_tiers ("vip,key"), overflow_queue_id,
 *  overflow_after_s, wrap_up_s, sl_seconds, team_id} */
export const createQueue = (queue) => http.post('/cc/queues', queue)
/** changes: {version, …fields to change}; a stale version answers 409. */
export const updateQueue = (id, changes) => http.patch(`/cc/queues/${id}`, changes)
export const deleteQueue = (id) => http.del(`/cc/queues/${id}`)

export const listNumbers = () => http.get('/cc/numbers')
export const createNumber = ({ number, queue_id, label }) => http.post('/cc/numbers', { number, queue_id, label })
export const deleteNumber = (number) => http.del(`/cc/numbers/${encodeURIComponent(number)}`)

export const listAgents = () => http.get('/cc/agents')
export const getAgent = (userId) => http.get(`/cc/agents/${userId}`)
/** agent: {user_id, extension, skills: [{skill_id, level 1–5}]} */
export const createAgent = (agent) => http.post('/cc/agents', agent)
/** changes: {extension?, skills?} */
export const updateAgent = (userId, changes) => http.patch(`/cc/agents/${userId}`, changes)
export const deleteAgent = (userId) => http.del(`/cc/agents/${userId}`)
/** A supervisor sets an agent's state: 'ready' | 'not_ready' (reason) | 'signed_out'. */
export const setAgentState = (userId, state, reason) =>
  http.post(`/cc/agents/${userId}/state`, reason ? { state, reason } : { state })

/** The signed-in agent (404 for a user who is not an agent). */
export const getMe = () => http.get('/cc/me')
export const setMyState = (state, reason) => http.post('/cc/me/state', reason ? { state, reason } : { state })

/** filters: from/to (RFC 3339), queue_id, agent_id, customer_id,
 *  state ('queued'|'ringing'|'talking'|'ended'), limit, after (cursor). */
export const listCalls = ({ from, to, queue_id, agent_id, customer_id, state, limit, after } = {}) =>
  http.get('/cc/calls', { from, to, queue_id, agent_id, customer_id, state, limit, after })
/** One call with its log ({…call, log: [{kind, at, agent_id, queue_id}]}). */
export const getCall = (id) => http.get(`/cc/calls/${id}`)
/** changes: {version?, disposition?, note?, customer_id?} */
export const patchCall = (id, changes) => http.patch(`/cc/calls/${id}`, changes)
/** body: {type, title, description?, priority?, category?, customer_id?} → {ticket_id} */
export const createTicketFromCall = (callId, body) => http.post(`/cc/calls/${callId}/ticket`, body)
/** → {interaction_id} */
export const logInteractionFromCall = (callId, summary) => http.post(`/cc/calls/${callId}/interaction`, { summary })

/** The agent's live stream: events "call" ({log_id, kind, call, customers}) and "agent" (its state). */
export function openDeskStream() {
  return new EventSource('/api/v1/cc/me/events', { withCredentials: true })
}
