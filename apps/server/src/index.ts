// Types only: the admin imports these with `import type`.
export type { AppRouter } from './trpc/app-router.js'
