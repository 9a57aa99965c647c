import { strFromU8, unzipSync } from 'fflate'

/** The files of a .docx (a zip), as text. */
export function docxParts(docx: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(docx)).map(([name, bytes]) => [name, strFromU8(bytes)]))
}

/** The visible text of word/document.xml, one line per paragraph. */
export function docxText(docx: Uint8Array): string {
  const xml = docxParts(docx)['word/document.xml'] ?? ''
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
}
