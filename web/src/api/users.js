// Users and the signed-in user's own account.
import { http } from './http.js'

export const listUsers = ({ q, limit, after } = {}) => http.get('/users', { q, limit, after })
export const getUser = (id) => http.get(`/users/${id}`)
export const createUser = (user) => http.post('/users', user)
export const updateUser = (id, changes) => http.patch(`/users/${id}`, changes)
export const issueResetToken = (id) => http.post(`/users/${id}/reset-token`)

export const changeMyPassword = (currentPassword, newPassword) =>
  http.post('/users/me/password', { current_password: currentPassword, new_password: newPassword })
