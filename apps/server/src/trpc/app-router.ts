import { auditRouter } from '../audit/audit.router.js'
import { authRouter } from '../auth/auth.router.js'
import { branchRouter } from '../branch/branch.router.js'
import { catalogueRouter } from '../catalogue/catalogue.router.js'
import { dashboardProcedures } from '../dashboard/dashboard.router.js'
import { improvementPlanRouter } from '../improvement-plan/improvement-plan.router.js'
import { indicatorRouter } from '../indicator/indicator.router.js'
import { objectionRouter } from '../indicator/objection.router.js'
import { cadenceRouter } from '../indicator/cadence.router.js'
import { inspectionRouter } from '../inspection/inspection.router.js'
import { meetingRouter } from '../meeting/meeting.router.js'
import { notificationRouter } from '../notification/notification.router.js'
import { remediationDashboardProcedures } from '../remediation/remediation-counts.router.js'
import { remediationRouter } from '../remediation/remediation.router.js'
import { reportRouter } from '../report/report.router.js'
import { roundRouter } from '../round/round.router.js'
import { userRouter } from '../user/user.router.js'
import { workRouter } from '../work/work.router.js'
import { unitRouter } from '../branch/unit.router.js'
import { settingRouter } from '../setting/setting.router.js'
import { router } from './init.js'

export const appRouter = router({
  auth: authRouter,
  user: userRouter,
  audit: auditRouter,
  branch: branchRouter,
  unit: unitRouter,
  setting: settingRouter,
  catalogue: catalogueRouter,
  round: roundRouter,
  inspection: inspectionRouter,
  improvementPlan: improvementPlanRouter,
  remediation: remediationRouter,
  meeting: meetingRouter,
  notification: notificationRouter,
  indicator: indicatorRouter,
  objection: objectionRouter,
  cadence: cadenceRouter,
  report: reportRouter,
  work: workRouter,
  // Inspection figures and remediation counts share one `dashboard` namespace.
  dashboard: router({ ...dashboardProcedures, ...remediationDashboardProcedures }),
})

export type AppRouter = typeof appRouter
