import type { RouteRecordRaw } from 'vue-router'
import '../../router/route-meta'

/** The committee's and agency's board of tracked items, and one item. */
export const remediationRoutes: RouteRecordRaw[] = [
  {
    path: 'remediation',
    name: 'remediation-board',
    component: () => import('./RemediationBoardView.vue'),
    meta: { roles: ['admin', 'viewer', 'committee'], navLabel: 'remediation.nav', navOrder: 15, titleKey: 'remediation.boardTitle' },
  },
  {
    path: 'remediation/:id(\\d+)',
    name: 'remediation-item',
    component: () => import('./RemediationDetailView.vue'),
    meta: { roles: ['admin', 'viewer', 'committee'], titleKey: 'remediation.boardTitle' },
  },
]
