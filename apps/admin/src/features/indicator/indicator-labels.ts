import { PETITION_CATEGORIES, PETITION_CHANNELS } from '@leap/domain'
import type { EntryScale } from './indicator-entry'

type Translate = (key: string) => string

/**
 * The domain stores answer levels, petition categories and channels as their Chinese names; these
 * word them in the UI language from `indicator.survey.levels`, `indicator.petitions.categoryNames`
 * and `channelNames` (lists in the domain's order). A value the domain does not list (a row stored
 * before a list changed) is shown as stored. Never throw.
 */
export function levelLabel(t: Translate, scale: EntryScale, index: number): string {
  return t(`indicator.survey.levels.${scale}.${index}`)
}

export function petitionCategoryLabel(t: Translate, category: string): string {
  const i = (PETITION_CATEGORIES as readonly string[]).indexOf(category)
  return i < 0 ? category : t(`indicator.petitions.categoryNames.${i}`)
}

export function petitionChannelLabel(t: Translate, channel: string): string {
  const i = (PETITION_CHANNELS as readonly string[]).indexOf(channel)
  return i < 0 ? channel : t(`indicator.petitions.channelNames.${i}`)
}
