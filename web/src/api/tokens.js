// The signed-in user's API tokens.
import { http } from './http.js'

export const listTokens = () => http.get('/tokens')
export const createToken = (name) => http.post('/tokens', name ? { name } : {})
export const revokeToken = (id) => http.del(`/tokens/${id}`)
