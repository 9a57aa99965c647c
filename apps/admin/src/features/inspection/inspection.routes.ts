import type { RouteRecordRaw } from 'vue-router'
import '../../router/route-meta'

/** The committee's scoring workspace: the member's inspections, a score sheet, the convener's consensus. */
export const inspectionRoutes: RouteRecordRaw[] = [
  {
    path: 'inspections',
    name: 'inspections',
    component: () => import('./InspectionListView.vue'),
    meta: { roles: ['committee'], navLabel: 'nav.inspections', navOrder: 10, titleKey: 'inspection.listTitle' },
  },
  {
    path: 'inspections/:inspectionId(\\d+)',
    name: 'inspection-sheet',
    component: () => import('./InspectionScoreSheetView.vue'),
    props: true,
    meta: { roles: ['committee', 'admin', 'viewer'], titleKey: 'inspection.openSheet' },
  },
  {
    path: 'inspections/:inspectionId(\\d+)/consensus',
    name: 'inspection-consensus',
    component: () => import('./InspectionConsensusView.vue'),
    props: true,
    meta: { roles: ['committee', 'admin', 'viewer'], titleKey: 'inspection.openConsensus' },
  },
]
