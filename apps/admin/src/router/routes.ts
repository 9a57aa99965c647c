import type { RouteRecordRaw } from 'vue-router'
import { inspectionRoutes } from '../features/inspection/inspection.routes'
import { branchPortalRoutes } from '../features/branch-portal/branch-portal.routes'
import { dashboardRoutes } from '../features/dashboard/dashboard.routes'
import { indicatorRoutes } from '../features/indicator/indicator.routes'
import { meetingRoutes } from '../features/meeting/meeting.routes'
import { notificationRoutes } from '../features/notification/notification.routes'
import { remediationRoutes } from '../features/remediation/remediation.routes'
import { adminRoutes } from '../features/admin-accounts/admin.routes'
import { adminRoundsRoutes } from '../features/admin-rounds/admin-rounds.routes'
import { catalogueRoutes } from '../features/catalogue/catalogue.routes'
import './route-meta'

/**
 * Every route of the SPA. Views are lazy chunks so the sign-in page loads little; each feature
 * exports its own child routes (`features/<noun>/<noun>.routes.ts`) and is listed once here.
 */
export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'sign-in',
    component: () => import('../features/auth/AuthSignInView.vue'),
    meta: { public: true, titleKey: 'auth.signIn.title' },
  },
  {
    // After a sign-in with a one-time password: no session exists until a new password is chosen.
    path: '/login/new-password',
    name: 'first-password',
    component: () => import('../features/auth/AuthFirstPasswordView.vue'),
    meta: { public: true, titleKey: 'admin.firstPassword.title' },
  },
  {
    path: '/',
    component: () => import('../components/AppLayout.vue'),
    children: [
      // `/` itself is resolved by the guard to the landing page of the user's role.
      { path: '', name: 'home', component: () => import('../features/home/HomeRedirectView.vue') },
      ...inspectionRoutes,
      ...branchPortalRoutes,
      ...dashboardRoutes,
      ...remediationRoutes,
      ...meetingRoutes,
      ...notificationRoutes,
      ...indicatorRoutes,
      ...adminRoutes,
      ...adminRoundsRoutes,
      ...catalogueRoutes,
      {
        path: 'account/password',
        name: 'change-password',
        component: () => import('../features/auth/AuthChangePasswordView.vue'),
        meta: { navLabel: 'nav.changePassword', navOrder: 90, titleKey: 'auth.changePassword.title' },
      },
      {
        path: 'forbidden',
        name: 'forbidden',
        component: () => import('../features/home/HomeForbiddenView.vue'),
        meta: { titleKey: 'pages.forbidden.title' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('../features/home/HomeNotFoundView.vue'),
        meta: { titleKey: 'pages.notFound.title' },
      },
    ],
  },
]
