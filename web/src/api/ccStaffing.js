// Staffing (排班测算, cc.supervise): Erlang C for one interval, the
// staffing curve of a day, and a day's forecast from past weeks.
import { http } from './http.js'

export const erlangC = ({ calls, interval, aht, targetSl, targetTime, agents }) =>
  http.get('/cc/erlang-c', { calls, interval, aht, target_sl: targetSl, target_time: targetTime, agents })
export const staffingCurve = (plan) => http.post('/cc/staffing', plan)
export const forecastDay = (date, weeks, interval = 1800) => http.get('/cc/forecast', { date, weeks, interval })
