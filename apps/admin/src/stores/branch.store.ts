import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api } from '../api/trpc'

export interface BranchItem {
  id: number
  code: string
  name: string
  nameEn: string
}

export const useBranchStore = defineStore('branch', () => {
  const branches = ref<BranchItem[]>([])
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle')
  const error = ref<string | null>(null)

  async function load(): Promise<void> {
    status.value = 'loading'
    error.value = null
    try {
      branches.value = await api.branch.list.query()
      status.value = 'ready'
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
      status.value = 'error'
    }
  }

  return { branches, status, error, load }
})
