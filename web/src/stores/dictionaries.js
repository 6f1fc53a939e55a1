// Dictionary items (enabled ones) by kind, loaded once per kind and shared
// by the forms that offer them; the dictionary page refreshes a kind after
// changing it.
import { defineStore } from 'pinia'
import { reactive } from 'vue'
import { listItems } from '../api/dictionaries.js'

export const useDictionariesStore = defineStore('dictionaries', () => {
  const items = reactive({}) // kind → [{code, label, parent_code, …}]

  async function load(kind, force = false) {
    if (items[kind] && !force) return items[kind]
    const data = await listItems(kind)
    items[kind] = data?.items || []
    return items[kind]
  }

  /** Labels of a kind's items, for selects that store the label. */
  const labels = (kind) => (items[kind] || []).map((it) => it.label)

  return { items, load, labels }
})
