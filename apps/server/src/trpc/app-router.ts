import { branchRouter } from '../branch/branch.router.js'
import { router } from './init.js'

export const appRouter = router({
  branch: branchRouter,
})

export type AppRouter = typeof appRouter
