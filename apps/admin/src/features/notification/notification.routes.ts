import type { RouteRecordRaw } from 'vue-router'
import '../../router/route-meta'

/** The user's notifications (every signed-in role), reached from the header bell. */
export const notificationRoutes: RouteRecordRaw[] = [
  {
    path: 'notifications',
    name: 'notifications',
    component: () => import('./NotificationListView.vue'),
    meta: { titleKey: 'notification.title' },
  },
]
