import { auditRouter } from '../audit/audit.router.js'
import { authRouter } from '../auth/auth.router.js'
import { branchRouter } from '../branch/branch.router.js'
import { catalogueRouter } from '../catalogue/catalogue.router.js'
import { dashboardProcedures } from '../dashboard/dashboard.router.js'
import { improvementPlanRouter } from '../improvement-plan/improvement-plan.router.js'
import { inspectionRouter } from '../inspection/inspection.router.js'
import { roundRouter } from '../round/round.router.js'
import { userRouter } from '../user/user.router.js'
import { router } from './init.js'

export const appRouter = router({
  auth: authRouter,
  user: userRouter,
  audit: auditRouter,
  branch: branchRouter,
  catalogue: catalogueRouter,
  round: roundRouter,
  inspection: inspectionRouter,
  improvementPlan: improvementPlanRouter,
  dashboard: router(dashboardProcedures),
})

export type AppRouter = typeof appRouter
