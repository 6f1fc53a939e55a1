// A list read page by page with the server's cursor ("加载更多"): the first
// page replaces the list, each further page is added below it. Rows already
// shown (a row that moved up between two pages, or one added live) are not
// shown twice. A page that arrives after a newer load started is dropped,
// so a quick change of filters cannot leave the older answer on screen.
import { ref } from 'vue'
import { showError } from '../utils/errors.js'

/**
 * useCursorList(fetchPage, { dedupe, onPage })
 *   fetchPage(after) → Promise<{ items, next }>; `after` is undefined for
 *             the first page, else the cursor the previous page gave
 *   dedupe  – the key that tells rows apart: a property name ('id', the
 *             default), a function of the row, or null to keep every row
 *   onPage(items, first) – called with the rows a page added (all of them
 *             for the first page, first = true)
 * Returns { items, next, loading, loadingMore, load, loadMore }; errors are
 * shown as a toast and leave the list as it was.
 */
export function useCursorList(fetchPage, { dedupe = 'id', onPage } = {}) {
  const items = ref([])
  const next = ref(null)
  const loading = ref(false)
  const loadingMore = ref(false)
  const keyOf = typeof dedupe === 'function' ? dedupe : dedupe ? (row) => row[dedupe] : null
  let generation = 0 // bumped by each load; older answers are dropped

  async function load() {
    const mine = ++generation
    loading.value = true
    try {
      const data = await fetchPage(undefined)
      if (mine !== generation) return
      items.value = data.items || []
      next.value = data.next || null
      if (onPage) onPage(items.value, true)
    } catch (e) {
      if (mine === generation) showError(e)
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  async function loadMore() {
    if (!next.value || loading.value || loadingMore.value) return
    const mine = generation
    loadingMore.value = true
    try {
      const data = await fetchPage(next.value)
      if (mine !== generation) return
      let page = data.items || []
      if (keyOf) {
        const seen = new Set(items.value.map(keyOf))
        page = page.filter((row) => !seen.has(keyOf(row)))
      }
      items.value = [...items.value, ...page]
      next.value = data.next || null
      if (onPage) onPage(page, false)
    } catch (e) {
      if (mine === generation) showError(e)
    } finally {
      loadingMore.value = false
    }
  }

  return { items, next, loading, loadingMore, load, loadMore }
}
