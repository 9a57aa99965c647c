import { SERVICE_LEAP_V2, QUALITY_V1 } from '@leap/domain'
import type { MeetingPackInput } from '../meeting-pack/meeting-pack.schema.js'
import type { ResultsReportInput } from '../results-report/results-report.schema.js'
import { sampleRemediationItems, sampleResultsReport, sampleScoreSheet } from './fixtures.js'

/** A meeting pack with `itemCount` reported items (a realistic half year: 94) and two signed sheets. */
export function sampleMeetingPack(itemCount = 94): MeetingPackInput {
  const items = sampleRemediationItems(itemCount).map((item, k) => ({
    ...item,
    note: k % 3 === 0 ? '已更新流程圖並公告於網站。' : null,
    decision: item.status === 'closed' ? ('close' as const) : item.status === 'cancelled' ? null : ('continue' as const),
  }))
  return {
    meeting: {
      title: '臺北分署114年上半年為民服務任務編組會議',
      branch: { code: 'TPE', name: '臺北分署' },
      heldOn: '2025-06-20',
      chair: '王大明',
      attendees: ['王大明', '李小華', '陳美玲', '張志強'],
      recorder: '張志強',
      resolutions: '一、報告事項：洽悉。\n\n二、討論事項：應改進事項已改善者解除列管，其餘繼續列管。',
    },
    items,
    scoreSheets: [sampleScoreSheet(), sampleScoreSheet((i) => (i % 2 === 0 ? 3 : 2))],
  }
}

/** The seed-002 report for the whole year (第2次), petitions only in some months. */
export function sampleYearReport(): ResultsReportInput {
  const report = sampleResultsReport()
  return {
    ...report,
    period: 2,
    asOf: '2017-12-31',
    petitions: {
      months: [3, 9].map((month) => ({ month, byCategory: [0, 0, 0, 1, 0], byChannel: [1, 0, 0, 0, 0] })),
      closedWithin6Days: 1,
    },
  }
}

/** Codes of every catalogue criterion: identifiers that must never be printed. */
export const CRITERION_CODES: readonly string[] = [...SERVICE_LEAP_V2.dimensions, ...QUALITY_V1.dimensions].flatMap((d) => d.criteria.map((c) => c.code))

/**
 * Latin words in a Chinese document's text that are not allowed: anything but the name of the hash
 * (SHA-256) and content hashes (12 hex digits).
 */
export function englishIdentifiers(text: string): string[] {
  return [...text.matchAll(/[A-Za-z0-9][A-Za-z0-9_-]*/g)]
    .map((m) => m[0])
    .filter((w) => /[A-Za-z]/.test(w))
    .filter((w) => !/^[0-9a-f]{12}$/.test(w) && w !== 'SHA-256')
}

/** ISO dates (2023-02-17) in a text: the documents print ROC dates only. */
export function isoDates(text: string): string[] {
  return [...text.matchAll(/\b\d{4}-\d{1,2}-\d{1,2}\b/g)].map((m) => m[0])
}
