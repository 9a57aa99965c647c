import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent } from 'vue'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { installGuards, safeRedirect } from './router'
import './route-meta'

const mocks = vi.hoisted(() => ({ me: vi.fn() }))
vi.mock('../api/trpc', () => ({ api: { auth: { me: { query: mocks.me } } } }))

const Stub = defineComponent({ template: '<p>stub</p>' })

/** The app's route shape with stub views: what the guard decides does not depend on the views. */
function testRouter(): Router {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', name: 'sign-in', component: Stub, meta: { public: true } },
      {
        path: '/',
        component: Stub,
        children: [
          { path: '', name: 'home', component: Stub },
          { path: 'inspections', name: 'inspections', component: Stub, meta: { roles: ['committee'] } },
          { path: 'branch', name: 'branch-home', component: Stub, meta: { roles: ['manager', 'staff'] } },
          { path: 'dashboard', name: 'dashboard', component: Stub, meta: { roles: ['admin', 'viewer'] } },
          { path: 'forbidden', name: 'forbidden', component: Stub },
        ],
      },
    ],
  })
  installGuards(router)
  return router
}

function user(over: Record<string, unknown>) {
  return { id: 1, username: 'u', displayName: 'U', agencyRole: null, branchId: null, branchRole: null, branch: null, committee: false, committeeRounds: [], ...over }
}

async function visit(path: string): Promise<string> {
  const router = testRouter()
  await router.push(path)
  return router.currentRoute.value.fullPath
}

beforeEach(() => {
  setActivePinia(createPinia())
  mocks.me.mockReset()
})

describe('route guards', () => {
  it('sends a visitor to sign-in and remembers where they were going', async () => {
    mocks.me.mockResolvedValue(null)
    expect(await visit('/inspections')).toBe('/login?redirect=/inspections')
    expect(await visit('/')).toBe('/login')
  })

  it('sends `/` to the landing page of the role', async () => {
    mocks.me.mockResolvedValue(user({ committee: true }))
    expect(await visit('/')).toBe('/inspections')
    setActivePinia(createPinia())
    mocks.me.mockResolvedValue(user({ branchRole: 'staff', branchId: 3 }))
    expect(await visit('/')).toBe('/branch')
    setActivePinia(createPinia())
    mocks.me.mockResolvedValue(user({ agencyRole: 'viewer' }))
    expect(await visit('/')).toBe('/dashboard')
  })

  it('shows "not allowed" for a route the roles do not cover', async () => {
    mocks.me.mockResolvedValue(user({ branchRole: 'manager', branchId: 3 }))
    expect(await visit('/inspections')).toBe('/forbidden')
  })

  it('takes a signed-in user away from the sign-in page to a safe redirect or their landing page', async () => {
    mocks.me.mockResolvedValue(user({ committee: true }))
    expect(await visit('/login')).toBe('/inspections')
    setActivePinia(createPinia())
    expect(await visit('/login?redirect=//evil.example/x')).toBe('/inspections')
  })

  it('lets a visitor reach sign-in when the server cannot be reached', async () => {
    mocks.me.mockRejectedValue(new TypeError('Failed to fetch'))
    expect(await visit('/dashboard')).toBe('/login?redirect=/dashboard')
  })
})

describe('safeRedirect', () => {
  it('accepts app paths only', () => {
    expect(safeRedirect('/inspections/3')).toBe('/inspections/3')
    expect(safeRedirect('//evil.example')).toBeNull()
    expect(safeRedirect('https://evil.example')).toBeNull()
    expect(safeRedirect(['/x'])).toBeNull()
  })
})
