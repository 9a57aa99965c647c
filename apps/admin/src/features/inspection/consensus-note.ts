import type { Criterion } from '@leap/domain'
import { formatPoints } from './points'

/** Translator as vue-i18n's `t` provides it. */
type Translate = (key: string, named?: Record<string, unknown>) => string
type Pick = (text: { zh: string; en: string } | undefined | null) => string

/**
 * Words a consensus row's stored rule note for people. The server stores it as one bilingual
 * sentence with the tier's internal id ("採 3 位委員評分之共識建議：20 分 (tier A) (accepted the
 * proposal…)"); this rebuilds it in the UI's language with the tier's label instead of its id,
 * keeping the convener's own remark after "；". A note in no known shape is shown with its
 * English bracket and tier ids removed, never as raw text. Never throws.
 */
export function wordRuleNote(note: string, criterion: Criterion | null, t: Translate, pick: Pick): string {
  const [base = '', ...rest] = note.split('；')
  const extra = rest.join('；').trim()
  const proposed = (points: string, tierId: string | undefined): string => {
    const tier = criterion?.tiers.find((x) => x.id === tierId)
    const label = tier ? pick(tier.label) : ''
    return label ? t('scoring.note.tier', { points: formatPoints(Number(points)), label }) : t('common.points', { points: formatPoints(Number(points)) })
  }
  let worded: string | null = null
  const accepted = /^採\s*(\d+)\s*位委員評分之共識建議：\s*(?:(不適用)|([\d.]+)\s*分\s*\(tier ([^)]+)\))/.exec(base)
  const differs = /^召集人裁定，與共識建議\s*(?:(不適用)|([\d.]+)\s*分\s*\(tier ([^)]+)\))/.exec(base)
  if (accepted) {
    const value = accepted[2] ? t('inspection.consensus.na') : proposed(accepted[3]!, accepted[4])
    worded = t('scoring.note.accepted', { count: accepted[1], value })
  } else if (differs) {
    const value = differs[1] ? t('inspection.consensus.na') : proposed(differs[2]!, differs[3])
    worded = t('scoring.note.differs', { value })
  } else if (base.startsWith('無委員評分')) {
    worded = t('scoring.note.noScores')
  }
  if (worded === null) {
    // Unknown shape: drop the English bracket and any tier id rather than show them.
    worded = base.replace(/\s*\([^()]*[A-Za-z][^()]*\)/g, '').trim()
  }
  return extra ? `${worded}；${extra}` : worded
}
