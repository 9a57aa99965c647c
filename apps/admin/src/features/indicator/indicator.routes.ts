import type { RouteRecordRaw } from 'vue-router'
import '../../router/route-meta'

/** Indicator entry: agency admin for any branch, branch users for their own (the server's rule). */
export const indicatorRoutes: RouteRecordRaw[] = [
  {
    path: 'indicators',
    name: 'indicators',
    component: () => import('./IndicatorEntryView.vue'),
    meta: { roles: ['admin', 'manager', 'staff'], navLabel: 'indicator.nav', navOrder: 40, titleKey: 'indicator.title' },
  },
]
