// The one fetch wrapper every API module goes through. It sends and reads
// JSON, keeps the cookie (same-origin), adds the session's CSRF token to
// unsafe methods, and turns the server's error body
// {"error":{"code","message","fields"}} into a thrown ApiError.
// A 401 on a call that needs a session runs the handler set with
// onUnauthorized() (the app sends the user to the sign-in page).
import { useSessionStore } from '../stores/session.js'

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
let unauthorizedHandler = null

export class ApiError extends Error {
  constructor(status, code, message, fields) {
    super(message || code)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.fields = fields || {}
  }
}

export function onUnauthorized(fn) {
  unauthorizedHandler = fn
}

/** For requests made without request() (uploads): a 401 goes to sign-in. */
export function onUnauthorizedError(error) {
  if (!unauthorizedHandler) return
  error.handled = true
  unauthorizedHandler(error)
}

function buildUrl(path, query) {
  const url = '/api/v1' + path
  if (!query) return url
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.append(k, String(v))
  }
  const s = params.toString()
  return s ? `${url}?${s}` : url
}

async function readBody(res) {
  if (res.status === 204) return null
  const text = await res.text()
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/**
 * request('GET', '/users', { query: { q } })
 * opts.body      – sent as JSON
 * opts.query     – object turned into the query string (empty values dropped)
 * opts.anonymous – a 401 is an answer for the caller (sign-in, session probe),
 *                  not a reason to leave the page
 */
export async function request(method, path, opts = {}) {
  const headers = { Accept: 'application/json' }
  const init = { method, headers, credentials: 'same-origin' }
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(opts.body)
  }
  if (UNSAFE.has(method)) {
    const csrf = useSessionStore().csrfToken
    if (csrf) headers['X-CSRF-Token'] = csrf
  }

  let res
  try {
    res = await fetch(buildUrl(path, opts.query), init)
  } catch (e) {
    throw new ApiError(0, 'network', e && e.message)
  }
  const data = await readBody(res)
  if (res.ok) return data

  const err = (data && data.error) || {}
  const error = new ApiError(res.status, err.code || 'http_' + res.status, err.message, err.fields)
  if (res.status === 401 && !opts.anonymous && unauthorizedHandler) {
    error.handled = true // the user is being sent to sign-in; no toast needed
    unauthorizedHandler(error)
  }
  throw error
}

export const http = {
  get: (path, query, opts) => request('GET', path, { ...opts, query }),
  post: (path, body, opts) => request('POST', path, { ...opts, body }),
  put: (path, body, opts) => request('PUT', path, { ...opts, body }),
  patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),
}
