import { formatRocDate, isIsoDate, type IsoDate } from '@leap/domain'
import type { NotificationKind, NotificationParams } from '../notification/notification-kinds.js'

export type MailLocale = 'zh-TW' | 'en'

/** One notification in a digest. */
export interface DigestEntry {
  kind: NotificationKind
  params: NotificationParams
  link: string
}

/** A composed digest: subject and both bodies, links absolute. */
export interface DigestMail {
  subject: string
  text: string
  html: string
}

function date(iso: string | undefined, locale: MailLocale): string {
  if (!iso || !isIsoDate(iso)) return ''
  return locale === 'en' ? `ROC ${formatRocDate(iso, 'slash')}` : formatRocDate(iso)
}

function round(p: NotificationParams, locale: MailLocale): string {
  if (!p.rocYear || !p.half) return ''
  return locale === 'en' ? `ROC ${p.rocYear} H${p.half}` : `${p.rocYear}年${p.half === 1 ? '上' : '下'}半年`
}

/** One line of the digest, in the reader's language. People see titles and dates, never ids or codes. */
export function describe(entry: DigestEntry, locale: MailLocale): string {
  const p = entry.params
  const title = p.itemTitle ?? ''
  if (locale === 'en') {
    switch (entry.kind) {
      case 'itemDueSoon':
        return `"${title}" (${p.unitName ?? ''}) is due on ${date(p.dueDate, locale)}, in ${p.days ?? 0} day(s).`
      case 'itemOverdue':
        return `"${title}" (${p.unitName ?? ''}) is ${p.days ?? 0} day(s) overdue (due ${date(p.dueDate, locale)}).`
      case 'itemSubmitted':
        return `${p.branchName ?? ''} submitted "${title}" for review.`
      case 'itemReturned':
        return `The committee returned "${title}"${p.note ? `: ${p.note}` : '.'}`
      case 'itemClosed':
        return `"${title}" was accepted and released from tracking.`
      case 'sheetUnfinished':
        return `Your score sheet for ${p.branchName ?? ''} (inspected ${date(p.inspectedOn, locale)}) is unfinished; consensus is due on ${date(p.consensusOn, locale)}.`
      case 'meetingScheduled':
        return `Committee meeting "${p.meetingTitle ?? ''}" on ${date(p.heldOn, locale)}: ${p.itemCount ?? 0} tracked item(s) to report.`
      case 'inspectionBelowThreshold':
        return `${p.branchName ?? ''} scored ${p.totalPoints ?? ''} in ${round(p, locale)}, below ${p.passThreshold ?? ''}: an improvement plan is due.`
    }
  }
  switch (entry.kind) {
    case 'itemDueSoon':
      return `列管事項「${title}」（${p.unitName ?? ''}）將於${date(p.dueDate, locale)}到期，剩 ${p.days ?? 0} 天。`
    case 'itemOverdue':
      return `列管事項「${title}」（${p.unitName ?? ''}）已逾期 ${p.days ?? 0} 天（完成期限${date(p.dueDate, locale)}）。`
    case 'itemSubmitted':
      return `${p.branchName ?? ''}已提報「${title}」之改善情形，待審核。`
    case 'itemReturned':
      return `「${title}」之提報經任務編組退回${p.note ? `：${p.note}` : '。'}`
    case 'itemClosed':
      return `「${title}」經任務編組確認改善，已解除列管。`
    case 'sheetUnfinished':
      return `您對${p.branchName ?? ''}（${date(p.inspectedOn, locale)}考核）之評分表尚未完成，共識日為${date(p.consensusOn, locale)}。`
    case 'meetingScheduled':
      return `任務編組會議「${p.meetingTitle ?? ''}」訂於${date(p.heldOn, locale)}召開，應提報列管事項 ${p.itemCount ?? 0} 項。`
    case 'inspectionBelowThreshold':
      return `${p.branchName ?? ''}${round(p, locale)}考核總分 ${p.totalPoints ?? ''} 分，未達 ${p.passThreshold ?? ''} 分，應提出具體改善作法。`
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/**
 * The day's digest for one user: one line per notification with a link back to the app (`appUrl`
 * + the notification's path), and where to change what arrives by e-mail.
 * @param day the Taipei date the digest is for.
 */
export function composeDigest(input: { locale: MailLocale; displayName: string; day: IsoDate; entries: readonly DigestEntry[]; appUrl: string }): DigestMail {
  const { locale, entries } = input
  const base = input.appUrl.replace(/\/+$/, '')
  const lines = entries.map((e) => ({ text: describe(e, locale), url: `${base}${e.link}` }))
  const settingsUrl = `${base}/notifications`
  if (locale === 'en') {
    const subject = `Service quality inspections: ${entries.length} new notification(s) (${date(input.day, locale)})`
    const intro = `Dear ${input.displayName},\n\nWhat needs your attention (${date(input.day, locale)}):`
    const outro = `Choose which notifications reach you by e-mail, and their language: ${settingsUrl}`
    return {
      subject,
      text: `${intro}\n\n${lines.map((l) => `- ${l.text}\n  ${l.url}`).join('\n')}\n\n${outro}\n`,
      html: html(intro, lines, `Choose which notifications reach you by e-mail, and their language`, settingsUrl, 'Open', 'en'),
    }
  }
  const subject = `服務躍升考核系統：${entries.length} 則新通知（${date(input.day, locale)}）`
  const intro = `${input.displayName} 您好：\n\n以下事項需要您處理（${date(input.day, locale)}）：`
  const outro = `調整以電子郵件通知的項目與語言：${settingsUrl}`
  return {
    subject,
    text: `${intro}\n\n${lines.map((l) => `・${l.text}\n  ${l.url}`).join('\n')}\n\n${outro}\n`,
    html: html(intro, lines, '調整以電子郵件通知的項目與語言', settingsUrl, '前往處理', 'zh-Hant-TW'),
  }
}

function html(intro: string, lines: { text: string; url: string }[], settingsLabel: string, settingsUrl: string, open: string, lang: string): string {
  const items = lines.map((l) => `<li>${escapeHtml(l.text)} <a href="${escapeHtml(l.url)}">${escapeHtml(open)}</a></li>`).join('')
  const paragraphs = intro
    .split('\n\n')
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('')
  return `<!doctype html><html lang="${lang}"><body>${paragraphs}<ul>${items}</ul><p><a href="${escapeHtml(settingsUrl)}">${escapeHtml(settingsLabel)}</a></p></body></html>`
}
