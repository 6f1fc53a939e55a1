// Teams, loaded once and shared by the user pages.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as api from '../api/teams.js'

export const useTeamsStore = defineStore('teams', () => {
  const items = ref([])
  const loaded = ref(false)

  async function load(force = false) {
    if (loaded.value && !force) return items.value
    const data = await api.listTeams()
    items.value = data?.items || []
    loaded.value = true
    return items.value
  }

  async function create(name) {
    const team = await api.createTeam(name)
    items.value = [...items.value, team]
    return team
  }

  return { items, loaded, load, create }
})
