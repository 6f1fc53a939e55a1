// Customer files (CUS-11): upload a CSV or Excel file for a dry run or an
// import, and the address of an export of the current list. The upload
// goes through XMLHttpRequest because fetch cannot report upload progress.
import { ApiError, onUnauthorizedError } from './http.js'
import { useSessionStore } from '../stores/session.js'

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The Content-Type the server reads the file by: Excel, or CSV in an encoding. */
export function fileContentType(file, encoding) {
  if (/\.xlsx$/i.test(file.name)) return XLSX_TYPE
  return `text/csv; charset=${encoding === 'gb18030' ? 'gb18030' : 'utf-8'}`
}

/**
 * Guesses a CSV file's encoding: text that is valid UTF-8 is UTF-8, anything
 * else is taken for GB18030 (what Excel saves on a Chinese Windows).
 */
export async function guessEncoding(file) {
  const bytes = await file.slice(0, 256 * 1024).arrayBuffer()
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true })
    return 'utf-8'
  } catch {
    return 'gb18030'
  }
}

/**
 * Sends the file; resolves with {rows, valid, invalid, imported, errors,
 * warnings}. A refused import (422) rejects with an ApiError whose `result`
 * holds the same lists. onUploadProgress(fraction) follows the upload.
 */
export function uploadCustomers(file, { encoding, dryRun, onUploadProgress } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `/api/v1/imports/customers?dry_run=${dryRun ? 'true' : 'false'}`)
    xhr.setRequestHeader('Content-Type', fileContentType(file, encoding))
    xhr.setRequestHeader('Accept', 'application/json')
    const csrf = useSessionStore().csrfToken
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf)
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onUploadProgress) onUploadProgress(e.loaded / e.total)
    }
    xhr.onerror = () => reject(new ApiError(0, 'network', xhr.statusText))
    xhr.onload = () => {
      let data = null
      try {
        data = JSON.parse(xhr.responseText)
      } catch {
        data = null
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data)
      const err = (data && data.error) || {}
      const error = new ApiError(xhr.status, err.code || 'http_' + xhr.status, err.message, err.fields)
      if (data && Array.isArray(data.errors)) error.result = data
      if (xhr.status === 401) onUnauthorizedError(error)
      reject(error)
    }
    xhr.send(file)
  })
}

/** The download address of the customers a list filter finds. */
export function customersExportUrl(filters, format) {
  const params = new URLSearchParams({ format })
  for (const [k, v] of Object.entries(filters || {})) if (v) params.append(k, String(v))
  return `/api/v1/customers/export?${params}`
}
