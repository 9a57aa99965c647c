import type { RouteRecordRaw } from 'vue-router'
import '../../router/route-meta'

/** 評分表版本 (agency admin): compare versions, record the criterion mapping, draft and publish a new version. */
export const catalogueRoutes: RouteRecordRaw[] = [
  {
    path: 'admin/catalogues',
    name: 'admin-catalogues',
    component: () => import('./CatalogueVersionsView.vue'),
    meta: { roles: ['admin'], navLabel: 'catalogueAdmin.nav', navOrder: 61, titleKey: 'catalogueAdmin.title' },
  },
]
