import { createRouter, createWebHistory, type Router } from 'vue-router'
import { onSessionExpired } from '../api/session-expiry'
import { i18n } from '../i18n/i18n'
import { rolesAllow } from '../stores/app-role'
import { useSessionStore } from '../stores/session.store'
import { routes } from './routes'

/** Only same-app paths are followed after sign-in (no `//evil.example` open redirects). */
export function safeRedirect(value: unknown): string | null {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : null
}

/**
 * The router with its guards: unsigned users go to sign-in (remembering where they were going),
 * signed-in users opening a route their roles do not allow see "not allowed", `/` goes to the
 * landing page of the role.
 */
export function createAppRouter(): Router {
  const router = createRouter({
    history: createWebHistory(),
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  })
  installGuards(router)
  return router
}

/** The guards, the title hook and the session-expiry redirect; separate so tests can use their own routes. */
export function installGuards(router: Router): void {
  router.beforeEach(async (to) => {
    const session = useSessionStore()
    try {
      await session.ensureLoaded()
    } catch {
      // Server unreachable: the sign-in page shows the failure when the user tries.
      if (!to.meta.public) return { name: 'sign-in', query: { redirect: to.fullPath } }
      return true
    }
    if (to.meta.public) {
      return session.me && to.name === 'sign-in' ? (safeRedirect(to.query.redirect) ?? session.landingPath) : true
    }
    if (!session.me) return { name: 'sign-in', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
    if (to.name === 'home') return session.landingPath
    if (!rolesAllow(session.roles, to.meta.roles)) return { name: 'forbidden' }
    return true
  })

  router.afterEach((to) => {
    const t = i18n.global.t
    const title = to.meta.titleKey ? t(to.meta.titleKey) : null
    document.title = title ? `${title}｜${t('app.title')}` : t('app.title')
  })

  onSessionExpired(() => {
    const session = useSessionStore()
    if (!session.me) return
    session.clear()
    const current = router.currentRoute.value
    void router.push({ name: 'sign-in', query: { redirect: current.fullPath, reason: 'expired' } })
  })
}
