// The remote searches behind the customer and assignee pickers of the task,
// work-order and move dialogs: el-select options as {id, label}, a spinner
// while a search runs, errors as a toast.
import { ref } from 'vue'
import { listCustomers } from '../api/customers.js'
import { listAssignees } from '../api/tasks.js'
import { showError } from '../utils/errors.js'

function useRemoteOptions(fetchOptions, { skipBlank = false } = {}) {
  const options = ref([])
  const loading = ref(false)
  async function search(q) {
    const text = q.trim()
    if (skipBlank && !text) return
    loading.value = true
    try {
      options.value = await fetchOptions(text)
    } catch (e) {
      showError(e)
    } finally {
      loading.value = false
    }
  }
  return { options, loading, search }
}

/** "name (username)", as users are shown in every picker. */
export const userOption = (u) => ({ id: u.id, label: `${u.display_name} (${u.username})` })

async function customerOptions(q) {
  try {
    const data = await listCustomers({ q, limit: 20 })
    return (data.items || []).map((c) => ({
      id: c.id,
      label: c.company && c.company !== c.name ? `${c.name}（${c.company}）` : c.name,
    }))
  } catch (e) {
    // A search too short to run (a phone fragment under 3 digits) finds nothing yet.
    if (e.status === 422) return []
    throw e
  }
}

/** Customers by the customers search, the company after a person's name. */
export const useCustomerSearch = () => useRemoteOptions(customerOptions, { skipBlank: true })

/** The users a task or work order may be assigned to. */
export const useAssigneeSearch = () =>
  useRemoteOptions(async (q) => ((await listAssignees({ q })).items || []).map(userOption))
