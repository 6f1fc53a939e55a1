// Extension field definitions (CUS-3), loaded once and shared by the
// customer form, the profile and the history; the settings page reloads
// them after a change.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { listCustomFields } from '../api/settings.js'

export const useCustomFieldsStore = defineStore('customFields', () => {
  const items = ref([])
  const loaded = ref(false)

  async function load(force = false) {
    if (loaded.value && !force) return items.value
    const data = await listCustomFields()
    items.value = data?.items || []
    loaded.value = true
    return items.value
  }

  /** The enabled fields for a customer type (or 'contact'). */
  const forTarget = (target) => items.value.filter((f) => f.enabled && f.applies_to.includes(target))
  const byKey = (key) => items.value.find((f) => f.key === key)

  return { items, loaded, load, forTarget, byKey }
})
