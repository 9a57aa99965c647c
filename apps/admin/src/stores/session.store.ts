import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api, type Output } from '../api/trpc'
import { appRolesOf, landingPathFor, type AppRole } from './app-role'

/** The signed-in user as `auth.me` returns it. */
export type SessionUser = NonNullable<Output<typeof api.auth.me.query>>

/**
 * Who is signed in. `ensureLoaded()` asks the server once per page load (the router guard awaits
 * it); `login`/`logout` replace the user. Errors propagate to the caller, who shows them.
 */
export const useSessionStore = defineStore('session', () => {
  const me = ref<SessionUser | null>(null)
  const loaded = ref(false)
  let pending: Promise<void> | null = null

  const roles = computed<AppRole[]>(() => (me.value ? appRolesOf(me.value) : []))
  const landingPath = computed(() => landingPathFor(roles.value))

  async function refresh(): Promise<void> {
    me.value = (await api.auth.me.query()) ?? null
    loaded.value = true
  }

  /** Loads the session once; concurrent callers share the same request. */
  function ensureLoaded(): Promise<void> {
    if (loaded.value) return Promise.resolve()
    pending ??= refresh().finally(() => {
      pending = null
    })
    return pending
  }

  async function login(username: string, password: string): Promise<SessionUser> {
    // The session cookie is set by this response; it returns the same shape as `auth.me`.
    const user = await api.auth.login.mutate({ username, password })
    me.value = user
    loaded.value = true
    return user
  }

  async function logout(): Promise<void> {
    await api.auth.logout.mutate()
    me.value = null
    loaded.value = true
  }

  async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await api.auth.changePassword.mutate({ currentPassword, newPassword })
  }

  /** Forgets the user locally (e.g. after the server answered UNAUTHORIZED). */
  function clear(): void {
    me.value = null
  }

  return { me, loaded, roles, landingPath, ensureLoaded, refresh, login, logout, changePassword, clear }
})
