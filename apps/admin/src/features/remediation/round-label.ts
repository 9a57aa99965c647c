import { roundLabel, type Round } from '@leap/domain'

/**
 * A round as the UI shows it: `114年上半年` in Chinese (the domain's label), `ROC 114 H1` in
 * English. Never throws (a malformed round prints as its raw numbers).
 */
export function formatRound(round: Round, locale: string): string {
  if (locale.startsWith('en')) return `ROC ${round.rocYear} H${round.half}`
  try {
    return roundLabel(round)
  } catch {
    return `${round.rocYear}-${round.half}`
  }
}

/** A branch's name in the UI language (English name when there is one). */
export function branchName(branch: { name: string; nameEn?: string | null }, locale: string): string {
  return locale.startsWith('en') && branch.nameEn ? branch.nameEn : branch.name
}
