import { readFileSync } from 'node:fs'

/**
 * Where the Kai (楷書) typeface comes from. Without one, {@link loadKaiFont} looks for Debian's
 * `fonts-arphic-ukai` (AR PL UKai TW, Arphic Public License) at {@link DEFAULT_KAI_FONT_PATH}.
 * Pass `path` to use another TrueType/OpenType file — e.g. Windows' 標楷體 `kaiu.ttf` — or
 * `data` for bytes already in memory. `postscriptName` picks one face of a `.ttc` collection.
 */
export interface KaiFontSource {
  path?: string
  data?: Uint8Array
  postscriptName?: string
}

/** A font ready for the PDF renderer. */
export interface KaiFont {
  data: Uint8Array
  /** The face inside a collection, or undefined for a single-face file. */
  postscriptName: string | undefined
  /** Where the bytes came from (a path, or `bytes`), for messages. */
  origin: string
}

/** Debian's fonts-arphic-ukai (installed by scripts/ensure-report-tools.sh). */
export const DEFAULT_KAI_FONT_PATH = '/usr/share/fonts/truetype/arphic/ukai.ttc'
/** The Traditional-Chinese (Taiwan) face of ukai.ttc. */
export const DEFAULT_KAI_POSTSCRIPT_NAME = 'UKaiTW'

/** Thrown when no Kai font can be read; the message says how to install one. */
export class KaiFontMissingError extends Error {
  constructor(path: string, cause: unknown) {
    super(
      `No Kai font at ${path}. Install Debian's fonts-arphic-ukai (apt-get install -y fonts-arphic-ukai; ` +
        `packages/reports/scripts/ensure-report-tools.sh does it when run as root) or pass { font: { path } }.`,
      { cause },
    )
    this.name = 'KaiFontMissingError'
  }
}

// The collection is 17 MB: read it once per process and path, not once per document.
const cache = new Map<string, Uint8Array>()

/**
 * Resolves a Kai font: `source.data`, else the file at `source.path`, else ukai.ttc.
 * Reads each path once per process.
 * @throws KaiFontMissingError when the file cannot be read.
 */
export function loadKaiFont(source: KaiFontSource = {}): KaiFont {
  if (source.data) return { data: source.data, postscriptName: source.postscriptName, origin: 'bytes' }
  const path = source.path ?? DEFAULT_KAI_FONT_PATH
  const postscriptName = source.postscriptName ?? (source.path ? undefined : DEFAULT_KAI_POSTSCRIPT_NAME)
  let data = cache.get(path)
  if (!data) {
    try {
      data = readFileSync(path)
    } catch (error) {
      throw new KaiFontMissingError(path, error)
    }
    cache.set(path, data)
  }
  return { data, postscriptName, origin: path }
}
