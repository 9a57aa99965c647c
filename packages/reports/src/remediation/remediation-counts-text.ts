import type { remediationCounts } from './remediation-item.schema.js'

/**
 * The counts of remediation items in words, every status counted so the parts add up to the
 * total: 「計 94 件：已解除列管 15 件，撤銷列管 15 件，持續列管 64 件（其中逾期 3 件）」 (撤銷 left out when none).
 */
export function remediationCountsText(counts: ReturnType<typeof remediationCounts>): string {
  const parts = [`已解除列管 ${counts.closed} 件`, ...(counts.cancelled > 0 ? [`撤銷列管 ${counts.cancelled} 件`] : []), `持續列管 ${counts.tracked} 件（其中逾期 ${counts.overdue} 件）`]
  return `計 ${counts.total} 件：${parts.join('，')}`
}
