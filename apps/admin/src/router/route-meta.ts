import type { AppRole } from '../stores/app-role'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in (the sign-in page). */
    public?: boolean
    /** Roles that may open the route; absent = any signed-in user. The nav hides what the role may not use. */
    roles?: AppRole[]
    /** i18n key of the main-menu entry; routes without it stay out of the menu. */
    navLabel?: string
    /** Order in the main menu (ascending). */
    navOrder?: number
    /** i18n key for `document.title`. */
    titleKey?: string
  }
}

export {}
