// Teams (班组).
import { http } from './http.js'

export const listTeams = () => http.get('/teams')
export const createTeam = (name, parentId = null) =>
  http.post('/teams', parentId == null ? { name } : { name, parent_id: parentId })
