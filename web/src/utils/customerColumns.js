// Which optional columns the customer list shows, kept in localStorage.
// Blocked or garbled storage means the default, and a choice that lasts
// for the page only.
const STORAGE_KEY = 'guanxi.customerColumns'

/** The saved choice limited to `allowed`, or `fallback` when there is none. */
export function savedColumns(allowed, fallback) {
  try {
    const v = JSON.parse(localStorage.getItem(STORAGE_KEY))
    if (Array.isArray(v)) return v.filter((k) => allowed.includes(k))
  } catch {
    /* use the default */
  }
  return fallback
}

export function saveColumns(keys) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(keys))
  } catch {
    /* not remembered */
  }
}
