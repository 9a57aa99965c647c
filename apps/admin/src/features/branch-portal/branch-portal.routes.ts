import type { RouteRecordRaw } from 'vue-router'
import '../../router/route-meta'

/**
 * The branch portal: a branch user's own tracked items and inspection results. Route `branch-home`
 * (`/branch`) is the landing page of branch roles (see stores/app-role.ts).
 */
export const branchPortalRoutes: RouteRecordRaw[] = [
  {
    path: 'branch',
    name: 'branch-home',
    component: () => import('./BranchPortalView.vue'),
    meta: { roles: ['manager', 'staff'], navLabel: 'nav.branch', navOrder: 20, titleKey: 'nav.branch' },
  },
  {
    // Another branch's id answers NOT_FOUND from the server; the view then shows the not-found page.
    path: 'branch/items/:id(\\d+)',
    name: 'branch-item',
    component: () => import('../remediation/RemediationDetailView.vue'),
    meta: { roles: ['manager', 'staff'], titleKey: 'nav.branch' },
  },
]
