import { en } from './en.messages'
import { zhTW } from './zh-tw.messages'

/** Locales the UI offers. Traditional Chinese first: it is the default and the fallback. */
export const supportedLocales = ['zh-TW', 'en'] as const
export type AppLocale = (typeof supportedLocales)[number]

export const messages = { 'zh-TW': zhTW, en } satisfies Record<AppLocale, unknown>

export function isAppLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (supportedLocales as readonly string[]).includes(value)
}
