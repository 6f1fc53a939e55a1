import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import router from './router.js'
import i18n from './i18n/index.js'
import element from './plugins/element.js'
import { onUnauthorized } from './api/http.js'
import { useSessionStore } from './stores/session.js'
import './styles.css'

const app = createApp(App)
app.use(createPinia())
app.use(i18n)
app.use(element)
app.use(router)

// A request that needed a session got 401: the session ended (timeout,
// sign-out elsewhere, account disabled). Forget it and go to sign-in.
onUnauthorized(() => {
  useSessionStore().clear()
  const current = router.currentRoute.value
  if (current.meta.public) return
  router.replace({ name: 'login', query: { redirect: current.fullPath, expired: '1' } })
})

app.mount('#app')
