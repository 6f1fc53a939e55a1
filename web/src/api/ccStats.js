// Contact centre reports (CC-5, CC-7): KPIs per period, keypress-rating
// counts, the KPI workbook's address, and the wallboard with its live
// stream.
import { http } from './http.js'

/** from, to: 'YYYY-MM-DD' (Beijing); by: interval | day | month | quarter. */
export const getKpis = ({ from, to, by, queue_id, agent_id }) =>
  http.get('/cc/kpis', { from, to, by, queue_id, agent_id })

/** The download address of the same report as an Excel workbook. */
export function kpisExportUrl({ from, to, by, queue_id, agent_id }) {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries({ from, to, by, queue_id, agent_id })) if (v) params.append(k, String(v))
  return `/api/v1/cc/kpis/export?${params}`
}

/** by: day | month | quarter; group: agent | queue. */
export const getRatings = ({ from, to, by, group }) => http.get('/cc/ratings', { from, to, by, group })

export const getWallboard = () => http.get('/cc/wallboard')

/**
 * The wallboard's live stream: event "wallboard" (data: the same object
 * as getWallboard) at the start and whenever something changed.
 */
export function openWallboardStream() {
  return new EventSource('/api/v1/cc/wallboard/stream', { withCredentials: true })
}
