import { DEFAULT_KAI_FONT_PATH, KaiFontMissingError, loadKaiFont, type KaiFontSource } from '@leap/reports'

/** What an operator does when no Kai font can be read (zh-TW, then English): printed at start and in every 503. */
export function kaiFontFix(source: KaiFontSource): string {
  const where = source.path ?? DEFAULT_KAI_FONT_PATH
  return (
    `伺服器找不到楷書字型（${where}），暫時無法產製文件。請管理者執行 sudo apt-get install -y fonts-arphic-ukai，` +
    `或設定 LEAP_KAI_FONT 指向標楷體 kaiu.ttf 後重新啟動。` +
    ` (No Kai font at ${where}: documents cannot be made. Install it with 'sudo apt-get install -y fonts-arphic-ukai' ` +
    `or set LEAP_KAI_FONT to the path of kaiu.ttf, then restart the server.)`
  )
}

/** The Kai font source from the settings: LEAP_KAI_FONT (and LEAP_KAI_FONT_FACE for a .ttc), else Debian's ukai.ttc. */
export function reportFontSource(env: { LEAP_KAI_FONT?: string | undefined; LEAP_KAI_FONT_FACE?: string | undefined }): KaiFontSource {
  if (!env.LEAP_KAI_FONT) return {}
  return { path: env.LEAP_KAI_FONT, ...(env.LEAP_KAI_FONT_FACE ? { postscriptName: env.LEAP_KAI_FONT_FACE } : {}) }
}

/**
 * Whether the documents' Kai font can be read: null when it can, else the message naming the fix.
 * Reads the file once (the reports package keeps it for the documents).
 */
export function kaiFontProblem(source: KaiFontSource): string | null {
  try {
    loadKaiFont(source)
    return null
  } catch (error) {
    if (error instanceof KaiFontMissingError) return kaiFontFix(source)
    throw error
  }
}
