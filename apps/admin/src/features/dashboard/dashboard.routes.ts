import type { RouteRecordRaw } from 'vue-router'
import '../../router/route-meta'

/** The overview of all branches: the agency's landing page, also open to committee members. */
export const dashboardRoutes: RouteRecordRaw[] = [
  {
    path: 'dashboard',
    name: 'dashboard',
    component: () => import('./DashboardView.vue'),
    meta: { roles: ['admin', 'viewer', 'committee'], navLabel: 'nav.dashboard', navOrder: 30, titleKey: 'nav.dashboard' },
  },
]
