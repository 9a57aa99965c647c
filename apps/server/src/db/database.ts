import type { Generated } from 'kysely'
import type { AuditLogTable } from '../audit/audit.table.js'
import type { LoginAttemptTable, UserSessionTable } from '../auth/auth.table.js'
import type { CatalogueDraftTable, CatalogueMappingTable, CatalogueTable } from '../catalogue/catalogue.table.js'
import type { ImprovementMeasureTable, ImprovementPlanTable } from '../improvement-plan/improvement-plan.table.js'
import type { ConsensusScoreTable, InspectionTable, MemberScoreTable } from '../inspection/inspection.table.js'
import type { ConflictOfInterestTable, RoundMemberTable, RoundTable } from '../round/round.table.js'
import type { AppUserTable, UnitTable } from '../user/user.table.js'
import type { SurveyTallyTable, PhoneTestTable, PetitionTable } from '../indicator/indicator.table.js'
import type { ObjectionTable } from '../indicator/objection.table.js'
import type { MeetingItemTable, MeetingTable } from '../meeting/meeting.table.js'
import type { EvidenceFileTable, RemediationEventTable, RemediationItemTable } from '../remediation/remediation.table.js'
import type { ReportNarrativeTable } from '../report/report-narrative.table.js'
import type { SheetCompletionTable } from '../inspection/sheet-completion.table.js'
import type { AppSettingTable } from '../setting/setting.table.js'
import type { NotificationPreferenceTable, NotificationTable } from '../notification/notification.table.js'
import type { MailOutboxTable } from '../mail/mail-outbox.table.js'
import type { JobRunTable, JobWorkerTable } from '../jobs/job.table.js'

/** Row types of every table, as kysely sees them (camelCase through CamelCasePlugin). */
export interface BranchTable {
  id: Generated<number>
  code: string
  name: string
  nameEn: string
  createdAt: Generated<Date>
}

export interface Database {
  branch: BranchTable
  unit: UnitTable
  appUser: AppUserTable
  userSession: UserSessionTable
  loginAttempt: LoginAttemptTable
  auditLog: AuditLogTable
  catalogue: CatalogueTable
  catalogueMapping: CatalogueMappingTable
  catalogueDraft: CatalogueDraftTable
  round: RoundTable
  roundMember: RoundMemberTable
  conflictOfInterest: ConflictOfInterestTable
  inspection: InspectionTable
  memberScore: MemberScoreTable
  consensusScore: ConsensusScoreTable
  improvementPlan: ImprovementPlanTable
  improvementMeasure: ImprovementMeasureTable
  remediationItem: RemediationItemTable
  remediationEvent: RemediationEventTable
  evidenceFile: EvidenceFileTable
  meeting: MeetingTable
  meetingItem: MeetingItemTable
  surveyTally: SurveyTallyTable
  phoneTest: PhoneTestTable
  petition: PetitionTable
  objection: ObjectionTable
  reportNarrative: ReportNarrativeTable
  sheetCompletion: SheetCompletionTable
  appSetting: AppSettingTable
  notification: NotificationTable
  notificationPreference: NotificationPreferenceTable
  mailOutbox: MailOutboxTable
  jobRun: JobRunTable
  jobWorker: JobWorkerTable
}
