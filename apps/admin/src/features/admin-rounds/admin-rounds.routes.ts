import type { RouteRecordRaw } from 'vue-router'
import '../../router/route-meta'

/**
 * 考核輪次 (agency admin: rounds, committees, the inspection schedule, closing) and 考核日程 (the
 * committee's today's and upcoming inspections). Branch accounts reach neither: inspections are
 * unannounced. The server enforces the same rights.
 */
export const adminRoundsRoutes: RouteRecordRaw[] = [
  {
    path: 'admin/rounds',
    name: 'admin-rounds',
    component: () => import('./AdminRoundsView.vue'),
    meta: { roles: ['admin'], navLabel: 'adminRounds.nav', navOrder: 59, titleKey: 'adminRounds.title' },
  },
  {
    path: 'admin/rounds/:id(\\d+)',
    name: 'admin-round',
    component: () => import('./AdminRoundDetailView.vue'),
    // The round's committee reads it too (its convener schedules); the server checks the seat.
    meta: { roles: ['admin', 'committee'], titleKey: 'adminRounds.title' },
  },
  {
    path: 'inspection-days',
    name: 'inspection-days',
    component: () => import('./AdminRoundsUpcomingView.vue'),
    meta: { roles: ['committee', 'admin', 'viewer'], navLabel: 'adminRounds.upcoming.nav', navOrder: 15, titleKey: 'adminRounds.upcoming.title' },
  },
]
