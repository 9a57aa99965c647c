/**
 * How the audit trail names what happened, in Chinese and English, for the admin's audit screen
 * and the audit Excel export alike: actions (`user.create` → 新增帳號), records (`app_user` →
 * 帳號) and the fields of the before/after snapshots (`displayName` → 姓名). People never see the
 * identifiers themselves: an action, record or field missing here is shown by a generic label.
 */
export interface BilingualLabel {
  zh: string
  en: string
}

const label = (zh: string, en: string): BilingualLabel => ({ zh, en })

/** Audit actions (the `action` column). */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, BilingualLabel>> = {
  'auth.login': label('登入', 'Signed in'),
  'auth.loginFailed': label('登入失敗', 'Failed sign-in'),
  'auth.logout': label('登出', 'Signed out'),
  'auth.logoutAll': label('登出所有裝置', 'Signed out everywhere'),
  'auth.changePassword': label('變更密碼', 'Changed password'),
  'user.create': label('新增帳號', 'Created account'),
  'user.update': label('修改帳號', 'Edited account'),
  'user.deactivate': label('停用帳號', 'Deactivated account'),
  'user.activate': label('啟用帳號', 'Activated account'),
  'user.resetPassword': label('重設密碼', 'Reset password'),
  'user.clearLock': label('解除登入鎖定', 'Cleared sign-in lock'),
  'unit.create': label('新增承辦單位', 'Added unit'),
  'unit.rename': label('更名承辦單位', 'Renamed unit'),
  'unit.retire': label('停用承辦單位', 'Retired unit'),
  'unit.restore': label('恢復承辦單位', 'Restored unit'),
  'setting.update': label('修改系統設定', 'Changed setting'),
  'catalogue.create': label('新增評分表版本', 'Added catalogue'),
  'catalogue.update': label('修改評分表版本', 'Edited catalogue'),
  'round.create': label('開啟考核輪次', 'Opened round'),
  'round.updateRoster': label('調整考核委員', 'Changed committee'),
  'round.close': label('結束考核輪次', 'Closed round'),
  'round.declareConflict': label('申報利益迴避', 'Declared conflict of interest'),
  'inspection.create': label('排定考核', 'Scheduled inspection'),
  'inspection.reschedule': label('更改考核日期', 'Rescheduled inspection'),
  'inspection.cancel': label('取消考核', 'Cancelled inspection'),
  'inspection.startScoring': label('開始評分', 'Started scoring'),
  'inspection.score.save': label('儲存評分', 'Saved scores'),
  'inspection.consensus.start': label('開始共識評分', 'Started consensus'),
  'inspection.consensus.save': label('儲存共識評分', 'Saved consensus scores'),
  'inspection.sign': label('簽核考核結果', 'Signed off inspection'),
  'inspection.close': label('結案考核', 'Closed inspection'),
  'inspection.uploadEvidence': label('上傳評分佐證', 'Uploaded scoring evidence'),
  'improvementPlan.create': label('提出改善計畫', 'Created improvement plan'),
  'improvementPlan.update': label('修改改善計畫', 'Edited improvement plan'),
  'remediation.createFromInspection': label('建立應改進事項', 'Created remediation items'),
  'remediation.start': label('開始辦理', 'Started item'),
  'remediation.postProgress': label('填報辦理情形', 'Posted progress'),
  'remediation.report': label('填報辦理情形', 'Posted progress'),
  'remediation.submit': label('提送審核', 'Submitted for review'),
  'remediation.verify': label('同意解除列管', 'Verified and closed'),
  'remediation.return': label('退回補正', 'Returned'),
  'remediation.cancel': label('撤銷列管', 'Cancelled item'),
  'remediation.reopen': label('重新列管', 'Reopened item'),
  'remediation.carryOver': label('移入下一輪次', 'Carried over'),
  'remediation.uploadEvidence': label('上傳佐證資料', 'Uploaded evidence'),
  'meeting.create': label('建立會議', 'Created meeting'),
  'meeting.updateMinutes': label('修改會議紀錄', 'Edited minutes'),
  'meeting.recordItems': label('記錄會議決議', 'Recorded meeting decisions'),
  'indicator.enterSurveyTallies': label('登錄問卷統計', 'Entered survey tallies'),
  'indicator.enterPhoneTests': label('登錄電話測試', 'Entered phone tests'),
  'indicator.enterPetitions': label('登錄人民陳情', 'Entered petitions'),
  'indicator.correctPhoneTest': label('更正電話測試', 'Corrected phone test'),
  'indicator.correctPetition': label('更正人民陳情', 'Corrected petition'),
  'indicator.deleteSurveyTally': label('刪除問卷統計', 'Deleted survey tally'),
  'indicator.deletePhoneTest': label('刪除電話測試', 'Deleted phone test'),
  'indicator.deletePetition': label('刪除人民陳情', 'Deleted petition'),
  'indicator.import': label('匯入指標資料', 'Imported indicators'),
  'report.narrative.save': label('儲存報告文字', 'Saved report text'),
  'notification.markRead': label('標示通知已讀', 'Marked notification read'),
  'notification.markAllRead': label('標示全部通知已讀', 'Marked all notifications read'),
  'notification.updatePreferences': label('修改通知設定', 'Changed notification preferences'),
  'notification.retryMail': label('重送通知郵件', 'Retried notification mail'),
}

/** Records (the `entity` column). */
export const AUDIT_ENTITY_LABELS: Readonly<Record<string, BilingualLabel>> = {
  app_user: label('帳號', 'Account'),
  unit: label('承辦單位', 'Unit'),
  app_setting: label('系統設定', 'Setting'),
  catalogue: label('評分表版本', 'Catalogue'),
  round: label('考核輪次', 'Round'),
  conflict_of_interest: label('利益迴避', 'Conflict of interest'),
  inspection: label('考核', 'Inspection'),
  member_score: label('委員評分', 'Member score'),
  consensus_score: label('共識評分', 'Consensus score'),
  sheet_completion: label('評分完成', 'Sheet completion'),
  improvement_plan: label('改善計畫', 'Improvement plan'),
  remediation_item: label('應改進事項', 'Remediation item'),
  evidence_file: label('佐證資料', 'Evidence file'),
  meeting: label('會議', 'Meeting'),
  survey_tally: label('問卷統計', 'Survey tally'),
  phone_test: label('電話測試', 'Phone test'),
  petition: label('人民陳情', 'Petition'),
  indicator_import: label('指標匯入', 'Indicator import'),
  report_narrative: label('報告文字', 'Report text'),
  notification: label('通知', 'Notification'),
  notification_preference: label('通知設定', 'Notification preferences'),
  mail_outbox: label('通知郵件', 'Notification mail'),
}

/** Fields of the before/after snapshots. */
export const AUDIT_FIELD_LABELS: Readonly<Record<string, BilingualLabel>> = {
  username: label('帳號', 'Username'),
  displayName: label('姓名', 'Name'),
  email: label('電子郵件', 'E-mail'),
  role: label('角色', 'Role'),
  branchId: label('分署', 'Branch'),
  active: label('啟用', 'Active'),
  sessionsEnded: label('結束的登入工作階段', 'Sessions ended'),
  otherSessionsEnded: label('結束的其他工作階段', 'Other sessions ended'),
  sessions: label('工作階段', 'Sessions'),
  mustChangePassword: label('須於下次登入變更密碼', 'Must change password'),
  oneTimePassword: label('使用一次性密碼', 'One-time password issued'),
  oneTimePasswordReplaced: label('已更換一次性密碼', 'One-time password replaced'),
  failedSignInsCleared: label('清除的登入失敗次數', 'Failed sign-ins cleared'),
  name: label('名稱', 'Name'),
  retiredAt: label('停用時間', 'Retired at'),
  remediationDueDays: label('應改進事項預設完成天數', 'Default days to a remediation due date'),
  dueSoonDays: label('即將到期提醒天數', 'Due-soon reminder days'),
  status: label('狀態', 'Status'),
  version: label('版本', 'Version'),
  note: label('說明', 'Note'),
  reason: label('理由', 'Reason'),
  inspectedOn: label('考核日期', 'Inspection date'),
  roundId: label('考核輪次', 'Round'),
  toRoundId: label('移入輪次', 'Carried to round'),
  rocYear: label('民國年', 'ROC year'),
  half: label('半年', 'Half'),
  catalogueId: label('評分表版本', 'Catalogue'),
  roster: label('考核委員', 'Committee'),
  userId: label('人員', 'Person'),
  dueDate: label('完成期限', 'Due date'),
  unitId: label('承辦單位', 'Unit'),
  minutes: label('會議紀錄', 'Minutes'),
  items: label('事項', 'Items'),
  itemIds: label('事項', 'Items'),
  carriedItems: label('移入的事項數', 'Items carried over'),
  filename: label('檔名', 'File name'),
  size: label('大小（位元組）', 'Size (bytes)'),
  sha256: label('檔案雜湊值', 'File hash'),
  evidenceIds: label('佐證資料', 'Evidence files'),
  count: label('筆數', 'Count'),
  done: label('已完成', 'Done'),
  criterionCode: label('考核項目', 'Criterion'),
  inspectionId: label('考核', 'Inspection'),
  remediationItemId: label('應改進事項', 'Remediation item'),
}

/** Role values as the accounts and audit screens show them. */
export const ACCOUNT_ROLE_LABELS: Readonly<Record<'admin' | 'viewer' | 'manager' | 'staff' | 'committee', BilingualLabel>> = {
  admin: label('署管理者', 'Agency administrator'),
  viewer: label('署檢視者', 'Agency viewer'),
  manager: label('分署主管', 'Branch manager'),
  staff: label('分署承辦人', 'Branch staff'),
  committee: label('考核委員', 'Committee member'),
}

type Lang = 'zh' | 'en'
// A locale that is not text (a plain-JavaScript caller's mistake) reads as the default, Chinese.
const langOf = (locale: string): Lang => (typeof locale === 'string' && locale.toLowerCase().startsWith('en') ? 'en' : 'zh')
const labelOf = <T>(labels: Readonly<Record<string, T>>, key: unknown): T | undefined => (typeof key === 'string' && Object.hasOwn(labels, key) ? labels[key] : undefined)

/** An action's label; an unknown action gets the record's label with "changed" (never the identifier). */
export function auditActionLabel(action: string, entity: string, locale: string): string {
  const lang = langOf(locale)
  const known = labelOf(AUDIT_ACTION_LABELS, action)
  if (known) return known[lang]
  return lang === 'en' ? `${auditEntityLabel(entity, locale)}: changed` : `${auditEntityLabel(entity, 'zh')}異動`
}

/** A record's label; unknown records are "其他資料" / "Other record". */
export function auditEntityLabel(entity: string, locale: string): string {
  return labelOf(AUDIT_ENTITY_LABELS, entity)?.[langOf(locale)] ?? (langOf(locale) === 'en' ? 'Other record' : '其他資料')
}

/** A field's label; unknown fields are "其他欄位" / "Other field". */
export function auditFieldLabel(field: string, locale: string): string {
  return labelOf(AUDIT_FIELD_LABELS, field)?.[langOf(locale)] ?? (langOf(locale) === 'en' ? 'Other field' : '其他欄位')
}
