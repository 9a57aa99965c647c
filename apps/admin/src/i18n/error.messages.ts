import type { ErrorCode } from '@leap/domain'

/**
 * The one place refusals are worded (errors as data: see api/errors.ts). Every code of
 * @leap/domain's ERROR_CODES has one entry per language — the type makes a missing one a compile
 * error — so changing the wording of a refusal is one edit in each language. Named values come
 * from the refusal's params (dates already as ROC dates, lists joined). vue-i18n treats { } @ $ |
 * as syntax.
 */
interface ErrorMessages {
  network: string
  unknown: string
  fieldsInvalid: string
  /** Generic words per tRPC code, for errors that carry no refusal code of their own. */
  code: Record<
    'BAD_REQUEST' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'PRECONDITION_FAILED' | 'TOO_MANY_REQUESTS' | 'PAYLOAD_TOO_LARGE' | 'INTERNAL_SERVER_ERROR' | 'SERVICE_UNAVAILABLE',
    string
  >
  codes: Record<ErrorCode, string>
  /** ILLEGAL_TRANSITION (and other refusals) by the `reason` in their params. */
  illegal: Record<string, string>
  /** Field rules of input schemas (zod issue codes), worded here, never the server's text. */
  field: Record<
    | 'required'
    | 'tooShort'
    | 'tooLong'
    | 'tooSmall'
    | 'tooBig'
    | 'tooFew'
    | 'tooMany'
    | 'invalidType'
    | 'invalidFormat'
    | 'invalidValue'
    | 'notMultipleOf'
    | 'unrecognizedKeys'
    | 'invalid'
    /** A catalogue mapping from a version onto itself. */
    | 'sameCatalogue',
    string
  >
}

export const errorsZhTW = {
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
    SERVICE_UNAVAILABLE: '資料庫暫時無法連線，請稍後再試；已輸入的內容仍保留在畫面上。',
  },
  codes: {
    INVALID_CATALOGUE: '評分表內容不正確。',
    UNKNOWN_CRITERION: '找不到此評分項目。',
    INVALID_SCORE: '分數不在允許的範圍內。',
    FINDING_REQUIRED: '扣分時必須填寫紀錄事項。',
    MEMBER_RECUSED: '您已申請迴避此分署，不能評分。',
    SHEET_INCOMPLETE: '評分表尚未完成，仍有項目未評分。',
    SHEET_LOCKED: '評分表已簽核鎖定，不能再修改。',
    IMPROVEMENT_PLAN_REQUIRED: '總分未達及格分數，須先提出具體改善作法。',
    ILLEGAL_TRANSITION: '目前的狀態不允許此操作。',
    ROLE_NOT_ALLOWED: '您的角色不能執行此操作。',
    REASON_REQUIRED: '請填寫理由。',
    EVIDENCE_REQUIRED: '請附上佐證資料或說明。',
    INVALID_INDICATOR: '指標資料不正確。',
    INVALID_DATE: '日期不正確。',
    PARTS_DO_NOT_ADD_UP: '分項合計 {sum} 分，與總分 {total} 分不符。',
    DATE_BEFORE: '此日期不得早於 {after}。',
    SIGN_IN_REQUIRED: '請先登入。',
    SIGN_IN_FAILED: '帳號或密碼錯誤。',
    SIGN_IN_THROTTLED: '登入失敗次數過多，請於 {seconds} 秒後再試。',
    PASSWORD_WRONG: '目前密碼不正確。',
    PASSWORD_UNCHANGED: '新密碼不可與目前密碼相同。',
    VIEWER_READ_ONLY: '檢視者僅能查閱，不能修改資料。',
    AGENCY_ONLY: '此功能限署本部人員使用。',
    ADMIN_ONLY: '此功能限署管理者使用。',
    NOT_ALLOWED: '您沒有執行此操作的權限。',
    NOT_FOUND: '找不到資料。',
    VERSION_CONFLICT: '資料已被其他人更新，請檢視目前內容後再儲存。',
    STALE_ROW: '此筆資料於匯出後已被修改，請重新匯出後再匯入。',
    UNKNOWN_ROW: '此筆資料不存在或不屬於此分署。',
    DUPLICATE: '已有相同的資料。',
    INVALID_INPUT: '送出的資料有誤。',
    NOTHING_TO_CHANGE: '請至少修正一個欄位。',
    TEXT_NOT_STORABLE: '文字含有無法儲存的字元，請刪除後再試。',
    BRANCH_REQUIRED: '分署人員須指定所屬分署。',
    UNKNOWN_BRANCH: '分署不存在或不能選用。',
    UNKNOWN_UNIT: '分署沒有此承辦單位。',
    SELF_DEMOTION: '不能移除自己的管理者權限。',
    SELF_DEACTIVATION: '不能停用自己的帳號。',
    LAST_ADMIN: '至少須保留一位啟用中的署管理者。',
    PASSWORD_CHANGE_REQUIRED: '請先變更一次性密碼。',
    ROUND_CLOSED: '此考核輪次已結束。',
    DATE_OUTSIDE_ROUND: '日期須在考核輪次期間（{start}至{end}）之內。',
    NEXT_ROUND_MISSING: '請先建立下一個考核輪次。',
    ROSTER_INVALID: '任務編組名單不符規定。',
    ROUND_UNFINISHED: '仍有考核尚未簽核，不能結束此輪次。',
    INSPECTION_STARTED: '已開始評分，不能再變更或取消此考核。',
    NOT_A_DEDUCTION: '此項目沒有扣分。',
    INSPECTION_NOT_SIGNED: '考核尚未簽核，不能列管。',
    ITEM_NOT_IN_ROUND: '此項目不屬於本輪次。',
    EVIDENCE_NOT_ATTACHABLE: '佐證檔案不屬於此項目或已使用。',
    UNKNOWN_SECTIONS: '成果報告沒有這些段落。',
    FILE_EMPTY: '檔案是空的。',
    FILE_TOO_LARGE: '檔案太大。',
    FILE_TYPE_NOT_ALLOWED: '檔案格式不在可接受的範圍（PDF、JPG、PNG、DOCX、XLSX）。',
    FILE_TYPE_MISMATCH: '副檔名與檔案內容不符。',
    CSRF_FAILED: '頁面已過期，請重新整理頁面後再試。',
    DOCUMENT_DATA_INCOMPLETE: '資料不完整，無法產製文件。',
    DOCUMENT_FONT_MISSING: '伺服器缺少文件所需的楷書字型，暫時無法產製文件。請系統管理者執行 sudo apt-get install -y fonts-arphic-ukai，或設定 LEAP_KAI_FONT 指向標楷體 kaiu.ttf 後重新啟動伺服器。',
    DATABASE_UNAVAILABLE: '資料庫暫時無法連線，請稍後再試；已輸入的內容仍保留在畫面上。',
    INTERNAL_ERROR: '伺服器發生錯誤，請稍後再試。',
  },
  illegal: {
    notDraft: '僅草稿狀態的考核可以開始評分。',
    beforeInspectionDay: '考核日之前不能開始評分。',
    scoringNotStarted: '尚未開始評分。',
    scoringEnded: '評分階段已結束，召集人正在彙整共識。',
    alreadyClosed: '考核已結案。',
    notSigned: '須先簽核評分表。',
    planNotRequired: '總分已達及格分數，無須提出改善作法。',
    catalogueInUse: '此評分表版本已用於考核，不得修改；請以它為底建立新版本。',
  },
  field: {
    required: '此欄位必須填寫。',
    tooShort: '至少須 {minimum} 個字。',
    tooLong: '最多 {maximum} 個字。',
    tooSmall: '不得小於 {minimum}。',
    tooBig: '不得大於 {maximum}。',
    tooFew: '至少須 {minimum} 項。',
    tooMany: '最多 {maximum} 項。',
    invalidType: '此欄位必須填寫正確的值。',
    invalidFormat: '格式不正確。',
    invalidValue: '不是可選用的值。',
    notMultipleOf: '須為 {divisor} 的倍數。',
    unrecognizedKeys: '含有不認得的欄位。',
    invalid: '此欄位的值不正確。',
    sameCatalogue: '請選擇另一個評分表版本。',
  },
} satisfies ErrorMessages

export const errorsEn = {
  network: 'Cannot reach the server. Check the network and try again.',
  unknown: 'Something unexpected went wrong. Please try again later.',
  fieldsInvalid: 'Some fields need correcting; see the marked fields.',
  code: {
    BAD_REQUEST: 'The data sent was not accepted.',
    UNAUTHORIZED: 'Please sign in first.',
    FORBIDDEN: 'You are not allowed to do this.',
    NOT_FOUND: 'Not found.',
    CONFLICT: 'Someone else changed this; check the latest version.',
    PRECONDITION_FAILED: 'This is not allowed in the current state.',
    TOO_MANY_REQUESTS: 'Too many requests. Please wait and try again.',
    PAYLOAD_TOO_LARGE: 'The file is too large.',
    INTERNAL_SERVER_ERROR: 'The server failed. Please try again later.',
    SERVICE_UNAVAILABLE: 'The database is unavailable for the moment. Please try again shortly; what you entered stays on the screen.',
  },
  codes: {
    INVALID_CATALOGUE: 'The criteria catalogue is not valid.',
    UNKNOWN_CRITERION: 'This criterion does not exist.',
    INVALID_SCORE: 'The score is outside the allowed range.',
    FINDING_REQUIRED: 'A deduction needs a finding.',
    MEMBER_RECUSED: 'You have recused yourself from this branch and cannot score it.',
    SHEET_INCOMPLETE: 'The score sheet is not complete yet.',
    SHEET_LOCKED: 'The score sheet is signed and locked.',
    IMPROVEMENT_PLAN_REQUIRED: 'The total is below the pass mark: an improvement plan is required first.',
    ILLEGAL_TRANSITION: 'This is not allowed in the current state.',
    ROLE_NOT_ALLOWED: 'Your role cannot do this.',
    REASON_REQUIRED: 'Please give a reason.',
    EVIDENCE_REQUIRED: 'Please attach evidence or a note.',
    INVALID_INDICATOR: 'The indicator data is not valid.',
    INVALID_DATE: 'The date is not valid.',
    PARTS_DO_NOT_ADD_UP: 'The parts add up to {sum}, not the total of {total}.',
    DATE_BEFORE: 'This date may not be before {after}.',
    SIGN_IN_REQUIRED: 'Please sign in first.',
    SIGN_IN_FAILED: 'Wrong username or password.',
    SIGN_IN_THROTTLED: 'Too many failed sign-ins; try again in {seconds} seconds.',
    PASSWORD_WRONG: 'The current password is wrong.',
    PASSWORD_UNCHANGED: 'The new password must differ from the current one.',
    VIEWER_READ_ONLY: 'Viewers can read but not change data.',
    AGENCY_ONLY: 'For agency staff only.',
    ADMIN_ONLY: 'For agency administrators only.',
    NOT_ALLOWED: 'You are not allowed to do this.',
    NOT_FOUND: 'Not found.',
    VERSION_CONFLICT: 'Someone else changed this; review the current value and save again.',
    STALE_ROW: 'This row changed after it was exported; export again before importing.',
    UNKNOWN_ROW: 'This row does not exist or is not of this branch.',
    DUPLICATE: 'This already exists.',
    INVALID_INPUT: 'The data sent was not accepted.',
    NOTHING_TO_CHANGE: 'Change at least one field.',
    TEXT_NOT_STORABLE: 'The text contains a character that cannot be stored; remove it and try again.',
    BRANCH_REQUIRED: 'Branch users need a branch.',
    UNKNOWN_BRANCH: 'No such branch, or not one you may choose.',
    UNKNOWN_UNIT: 'The branch has no such unit.',
    SELF_DEMOTION: 'You cannot remove your own administrator role.',
    SELF_DEACTIVATION: 'You cannot deactivate your own account.',
    LAST_ADMIN: 'At least one active agency administrator must remain.',
    PASSWORD_CHANGE_REQUIRED: 'Change your one-time password first.',
    ROUND_CLOSED: 'This round is closed.',
    DATE_OUTSIDE_ROUND: 'The date must fall within the round ({start} to {end}).',
    NEXT_ROUND_MISSING: 'Create the next round first.',
    ROSTER_INVALID: 'The committee roster breaks a rule.',
    ROUND_UNFINISHED: 'Some inspections are not signed yet; the round cannot close.',
    INSPECTION_STARTED: 'Scoring has started; the inspection can no longer be moved or cancelled.',
    NOT_A_DEDUCTION: 'This criterion lost no points.',
    INSPECTION_NOT_SIGNED: 'The inspection is not signed yet; nothing can be tracked.',
    ITEM_NOT_IN_ROUND: 'This item is not tracked in this round.',
    EVIDENCE_NOT_ATTACHABLE: 'Evidence not uploaded for this item, or already attached.',
    UNKNOWN_SECTIONS: 'The report has no such sections.',
    FILE_EMPTY: 'The file is empty.',
    FILE_TOO_LARGE: 'The file is too large.',
    FILE_TYPE_NOT_ALLOWED: 'This file type is not accepted (PDF, JPG, PNG, DOCX, XLSX).',
    FILE_TYPE_MISMATCH: 'The extension does not match the file’s content.',
    CSRF_FAILED: 'The page has expired; reload it and try again.',
    DOCUMENT_DATA_INCOMPLETE: 'The stored data cannot fill the document.',
    DOCUMENT_FONT_MISSING: 'The server has no Kai font for the documents, so none can be made now. The system administrator installs one (sudo apt-get install -y fonts-arphic-ukai) or sets LEAP_KAI_FONT to the path of kaiu.ttf, then restarts the server.',
    DATABASE_UNAVAILABLE: 'The database is unavailable for the moment. Please try again shortly; what you entered stays on the screen.',
    INTERNAL_ERROR: 'The server failed. Please try again later.',
  },
  illegal: {
    notDraft: 'Only a draft inspection can start scoring.',
    beforeInspectionDay: 'Scoring cannot start before the inspection day.',
    scoringNotStarted: 'Scoring has not started.',
    scoringEnded: 'Scoring has ended: the convener is working on the consensus.',
    alreadyClosed: 'The inspection is already closed.',
    notSigned: 'Sign the score sheet first.',
    planNotRequired: 'The total passed: no improvement plan is required.',
    catalogueInUse: 'This catalogue version is used by an inspection and cannot change: draft a new version from it.',
  },
  field: {
    required: 'This field is required.',
    tooShort: 'At least {minimum} characters.',
    tooLong: 'At most {maximum} characters.',
    tooSmall: 'Not less than {minimum}.',
    tooBig: 'Not more than {maximum}.',
    tooFew: 'At least {minimum} entries.',
    tooMany: 'At most {maximum} entries.',
    invalidType: 'Enter a valid value.',
    invalidFormat: 'The format is not valid.',
    invalidValue: 'Not one of the allowed values.',
    notMultipleOf: 'Must be a multiple of {divisor}.',
    unrecognizedKeys: 'Contains fields that are not recognised.',
    invalid: 'This value is not valid.',
    sameCatalogue: 'Choose a different catalogue version.',
  },
} satisfies ErrorMessages
