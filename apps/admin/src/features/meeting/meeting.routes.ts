import type { RouteRecordRaw } from 'vue-router'
import '../../router/route-meta'

/**
 * Committee meetings and one meeting. Every role may read them (`meeting.list` is open to any
 * signed-in user: the committee and agency see every item reported, a branch only its own), so
 * the menu entry is offered to all of them; recording is decided per round by the server.
 */
export const meetingRoutes: RouteRecordRaw[] = [
  {
    path: 'meetings',
    name: 'meetings',
    component: () => import('./MeetingListView.vue'),
    meta: { roles: ['admin', 'viewer', 'committee', 'manager', 'staff'], navLabel: 'meeting.nav', navOrder: 17, titleKey: 'meeting.title' },
  },
  {
    path: 'meetings/:id(\\d+)',
    name: 'meeting',
    component: () => import('./MeetingDetailView.vue'),
    meta: { roles: ['admin', 'viewer', 'committee', 'manager', 'staff'], titleKey: 'meeting.title' },
  },
]
