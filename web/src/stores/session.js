// The signed-in user and the session's CSRF token. After a page reload the
// store is empty until restore() asks the server (GET /api/v1/session).
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as api from '../api/session.js'

export const useSessionStore = defineStore('session', () => {
  const user = ref(null)
  const csrfToken = ref('')
  const restored = ref(false)

  const signedIn = computed(() => user.value !== null)
  const permissions = computed(() => new Set(user.value?.permissions || []))

  function can(permission) {
    return !permission || permissions.value.has(permission)
  }

  function set(data) {
    user.value = data?.user || null
    csrfToken.value = data?.csrf_token || ''
    restored.value = true
  }

  function clear() {
    user.value = null
    csrfToken.value = ''
    restored.value = true
  }

  let pending = null
  // Asks the server once who is signed in; later calls reuse the answer.
  function restore() {
    if (restored.value) return Promise.resolve(user.value)
    if (!pending) {
      pending = api
        .currentSession()
        .then(set)
        .catch(clear)
        .then(() => {
          pending = null
          return user.value
        })
    }
    return pending
  }

  // Re-reads the session, e.g. after the user's own role changed.
  async function refresh() {
    set(await api.currentSession())
    return user.value
  }

  async function signIn(username, password) {
    set(await api.signIn(username, password))
    return user.value
  }

  async function signOut() {
    try {
      await api.signOut()
    } finally {
      clear()
    }
  }

  function updateUser(u) {
    if (u && user.value && u.id === user.value.id) user.value = { ...user.value, ...u }
  }

  return { user, csrfToken, restored, signedIn, permissions, can, set, clear, restore, refresh, signIn, signOut, updateUser }
})
