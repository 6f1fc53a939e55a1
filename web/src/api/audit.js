// Audit log, newest first, cursor paged.
import { http } from './http.js'

export const listAudit = ({ limit, after } = {}) => http.get('/audit', { limit, after })
