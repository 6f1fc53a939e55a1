// Sign-in, session probe, sign-out and public password reset.
import { http } from './http.js'

export const signIn = (username, password) =>
  http.post('/session', { username, password }, { anonymous: true })

export const currentSession = () => http.get('/session', undefined, { anonymous: true })

export const signOut = () => http.del('/session', { anonymous: true })

export const resetPassword = (token, newPassword) =>
  http.post('/password-resets', { token, new_password: newPassword }, { anonymous: true })
