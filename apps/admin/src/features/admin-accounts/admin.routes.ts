import type { RouteRecordRaw } from 'vue-router'
import '../../router/route-meta'

/**
 * The administration screens: accounts, branches and units, settings (agency admin) and the
 * audit trail (agency admin and viewer, read-only). The server enforces the same rights.
 */
export const adminRoutes: RouteRecordRaw[] = [
  {
    path: 'admin/accounts',
    name: 'admin-accounts',
    component: () => import('./AdminAccountsView.vue'),
    meta: { roles: ['admin'], navLabel: 'admin.accounts.nav', navOrder: 60, titleKey: 'admin.accounts.title' },
  },
  {
    path: 'admin/units',
    name: 'admin-units',
    component: () => import('../admin-units/AdminUnitsView.vue'),
    meta: { roles: ['admin'], navLabel: 'admin.units.nav', navOrder: 61, titleKey: 'admin.units.title' },
  },
  {
    path: 'admin/audit',
    name: 'admin-audit',
    component: () => import('../admin-audit/AdminAuditView.vue'),
    meta: { roles: ['admin', 'viewer'], navLabel: 'admin.audit.nav', navOrder: 62, titleKey: 'admin.audit.title' },
  },
  {
    path: 'admin/settings',
    name: 'admin-settings',
    component: () => import('../admin-settings/AdminSettingsView.vue'),
    meta: { roles: ['admin'], navLabel: 'admin.settings.nav', navOrder: 63, titleKey: 'admin.settings.title' },
  },
]
