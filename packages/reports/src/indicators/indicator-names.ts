import type { IndicatorKey } from '@leap/domain'

/**
 * Printed names of the measured indicators (zh, the words the admin's indicator page uses), for
 * the national workbook's 指標 sheet. Identifiers stay in English; Chinese belongs in output.
 */
export const INDICATOR_NAMES: Readonly<Record<IndicatorKey, string>> = {
  environmentSatisfaction: '洽公環境滿意度',
  courtesySatisfaction: '服務禮貌滿意度',
  professionalismSatisfaction: '專業度及流程滿意度',
  overallSatisfaction: '整體滿意度',
  within15MinutesShare: '15 分鐘內完成比率',
  phoneCourtesyAverage: '電話禮貌測試平均分數',
  petitionsWithin6DaysShare: '陳情 6 日內結案比率',
  disclosureRatio: '政府資訊公開比率',
  paymentChannels: '繳款管道數',
  accessMeasures: '弱勢及偏遠服務措施數',
  caseAssignmentDays: '分案天數',
  remediationClosedShare: '應改進事項解除列管比率',
}
