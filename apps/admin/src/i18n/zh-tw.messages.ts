import { dashboardZhTW } from '../features/dashboard/dashboard.messages'
import { indicatorZhTW } from '../features/indicator/indicator.messages'
import { remediationZhTW } from '../features/remediation/remediation.messages'
/**
 * Traditional Chinese messages: the source of truth for the message shape. `en.messages.ts`
 * must match it key for key (checked by its type). vue-i18n treats { } @ $ | as syntax.
 */
export const zhTW = {
  app: {
    title: '服務躍升考核系統',
    agency: '法務部行政執行署',
    skipToContent: '跳至主要內容',
    signedInAs: '已登入：{name}',
  },
  nav: {
    label: '主選單',
    inspections: '我的考核',
    dashboard: '考核總覽',
    branch: '本分署列管事項',
    changePassword: '變更密碼',
    signOut: '登出',
  },
  locale: {
    label: '語言',
    'zh-TW': '繁體中文',
    en: 'English',
  },
  common: {
    loading: '載入中…',
    retry: '重試',
    save: '儲存',
    cancel: '取消',
    close: '關閉',
    back: '返回',
    required: '必填',
    empty: '目前沒有資料。',
    loadFailed: '無法載入資料：{message}',
    points: '{points} 分',
    working: '處理中…',
  },
  roles: {
    admin: '署管理者',
    viewer: '署檢視者',
    manager: '分署主管',
    staff: '分署承辦人',
    committee: '考核委員',
  },
  auth: {
    signIn: {
      title: '登入',
      intro: '請以您的帳號登入。',
      username: '帳號',
      password: '密碼',
      submit: '登入',
      submitting: '登入中…',
      usernameRequired: '請輸入帳號',
      passwordRequired: '請輸入密碼',
      invalid: '帳號或密碼錯誤，請再試一次。',
      expired: '您的登入已逾時，請重新登入。',
    },
    signOut: {
      failed: '登出失敗：{message}',
    },
    changePassword: {
      title: '變更密碼',
      current: '目前密碼',
      next: '新密碼',
      confirm: '再次輸入新密碼',
      hint: '至少 10 個字元。',
      submit: '變更密碼',
      mismatch: '兩次輸入的新密碼不同',
      tooShort: '新密碼至少需要 10 個字元',
      sameAsCurrent: '新密碼不可與目前密碼相同',
      success: '密碼已變更。',
    },
  },
  errors: {
    network: '無法連線到伺服器，請檢查網路後再試。',
    unknown: '發生未預期的錯誤，請稍後再試。',
    fieldsInvalid: '有欄位需要修正，請檢查標示的欄位。',
    code: {
      BAD_REQUEST: '送出的資料有誤。',
      UNAUTHORIZED: '請先登入。',
      FORBIDDEN: '您沒有執行此操作的權限。',
      NOT_FOUND: '找不到資料。',
      CONFLICT: '資料已被其他人更新，請確認最新內容。',
      PRECONDITION_FAILED: '目前的狀態不允許此操作。',
      TOO_MANY_REQUESTS: '操作過於頻繁，請稍後再試。',
      PAYLOAD_TOO_LARGE: '檔案太大。',
      INTERNAL_SERVER_ERROR: '伺服器發生錯誤，請稍後再試。',
    },
    domain: {
      INVALID_CATALOGUE: '評分表內容不正確。',
      UNKNOWN_CRITERION: '找不到此評分項目。',
      INVALID_SCORE: '分數不在允許的範圍內。',
      FINDING_REQUIRED: '扣分時必須填寫紀錄事項。',
      MEMBER_RECUSED: '您已申請迴避此分署，不能評分。',
      SHEET_INCOMPLETE: '評分表尚未完成，仍有項目未評分。',
      SHEET_LOCKED: '評分表已簽核鎖定，不能再修改。',
      IMPROVEMENT_PLAN_REQUIRED: '總分未達 750 分，須先提出具體改善作法。',
      ILLEGAL_TRANSITION: '目前的狀態不允許此操作。',
      ROLE_NOT_ALLOWED: '您的角色不能執行此操作。',
      REASON_REQUIRED: '請填寫理由。',
      EVIDENCE_REQUIRED: '請附上佐證資料。',
      INVALID_INDICATOR: '指標資料不正確。',
      INVALID_DATE: '日期不正確。',
    },
  },
  rocDate: {
    hint: '民國年，例如 114/03/05 或 114年3月5日',
    invalid: '日期格式不正確，請輸入如 114/03/05 或 114年3月5日',
    preview: '即 {date}',
  },
  pages: {
    notFound: { title: '找不到頁面', body: '您要找的頁面不存在。', home: '回到首頁' },
    forbidden: { title: '沒有權限', body: '您的帳號不能使用此頁面。', home: '回到首頁' },
  },
  placeholder: {
    title: '建置中',
    body: '此頁面正在建置中。',
  },
  // Feature messages live beside their features (remediation, branch portal, dashboard, indicators).
  remediation: remediationZhTW,
  dashboard: dashboardZhTW,
  indicator: indicatorZhTW,
}

export type MessageSchema = typeof zhTW
