// The signed-in user's notifications as the header's bell shows them: the
// unread count and the newest few, kept current by one live event stream
// (EventSource) for as long as any component holds start(). Components
// that want each new notification as it arrives (the bell's toast, the
// notifications page) subscribe with onArrival().
import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as api from '../api/notifications.js'

const RECENT = 8
// After the server refused the stream (signed out, too many streams), try
// a new one this much later; a dropped connection the browser retries itself.
const REOPEN_MS = 15000

export const useNotificationsStore = defineStore('notifications', () => {
  const unread = ref(0)
  const recent = ref([])
  const live = ref(false)
  const arrivals = new Set()
  let source = null
  let reopen = null
  let holders = 0
  let lastId = 0

  async function refresh() {
    const [count, page] = await Promise.all([api.unreadCount(), api.listNotifications({ limit: RECENT })])
    unread.value = count.unread
    recent.value = page.items
    lastId = Math.max(lastId, count.latest_id || 0)
  }

  function onNotification(ev) {
    const n = JSON.parse(ev.data)
    lastId = Math.max(lastId, n.id)
    recent.value = [n, ...recent.value.filter((x) => x.id !== n.id)].slice(0, RECENT)
    for (const fn of arrivals) fn(n)
  }

  function onUnread(ev) {
    unread.value = JSON.parse(ev.data).unread
  }

  function open() {
    reopen = null
    source = api.openEventStream(lastId || undefined)
    source.addEventListener('notification', onNotification)
    source.addEventListener('unread', onUnread)
    source.onopen = () => {
      live.value = true
    }
    source.onerror = () => {
      live.value = false
      if (source.readyState !== EventSource.CLOSED) return
      source.close()
      source = null
      if (holders > 0) reopen = setTimeout(open, REOPEN_MS)
    }
  }

  function close() {
    clearTimeout(reopen)
    reopen = null
    if (source) source.close()
    source = null
    live.value = false
  }

  /** Keeps the stream open until the matching stop(). */
  function start() {
    holders++
    if (holders > 1) return
    refresh()
      .catch(() => {})
      .finally(() => {
        if (holders > 0 && !source && !reopen) open()
      })
  }

  /** The last holder's stop forgets everything: the next start may be
   *  another user's (after signing out and in). */
  function stop() {
    holders = Math.max(0, holders - 1)
    if (holders === 0) reset()
  }

  /** Calls fn(notification) for each new one; returns the unsubscribe. */
  function onArrival(fn) {
    arrivals.add(fn)
    return () => arrivals.delete(fn)
  }

  function markedRead(n) {
    recent.value = recent.value.map((x) => (x.id === n.id ? n : x))
  }

  async function read(n) {
    if (n.read) return n
    const updated = await api.markRead(n.id)
    markedRead(updated)
    unread.value = Math.max(0, unread.value - 1)
    return updated
  }

  async function readAll() {
    const res = await api.markAllRead()
    recent.value = recent.value.map((x) => ({ ...x, read: true }))
    unread.value = 0
    return res.marked
  }

  function reset() {
    close()
    lastId = 0
    unread.value = 0
    recent.value = []
  }

  return { unread, recent, live, refresh, start, stop, onArrival, read, readAll, markedRead }
})
