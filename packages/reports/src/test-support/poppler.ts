import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// Reads generated PDFs back with Debian's poppler-utils (scripts/ensure-report-tools.sh installs them).

function withPdf<T>(pdf: Uint8Array, fn: (path: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'leap-reports-'))
  try {
    const path = join(dir, 'doc.pdf')
    writeFileSync(path, pdf)
    return fn(path, dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The text of every page (pdftotext, reading order), pages separated by form feeds. */
export function pdfText(pdf: Uint8Array): string {
  return withPdf(pdf, (path) => execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }))
}

/** Text of each page separately. */
export function pdfPages(pdf: Uint8Array): string[] {
  return pdfText(pdf).split('\f').slice(0, -1)
}

/** Page count and the size of each page in points (pdfinfo). */
export function pdfInfo(pdf: Uint8Array): { pages: number; sizes: { width: number; height: number }[]; title: string } {
  return withPdf(pdf, (path) => {
    const out = execFileSync('pdfinfo', ['-f', '1', '-l', '9999', path], { encoding: 'utf8' })
    const pages = Number(/^Pages:\s+(\d+)/m.exec(out)?.[1])
    const sizes = [...out.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => ({ width: Number(m[1]), height: Number(m[2]) }))
    const title = /^Title:\s+(.*)$/m.exec(out)?.[1] ?? ''
    return { pages, sizes, title }
  })
}

/** Fonts used by the PDF with their embedded/subset flags (pdffonts). */
export function pdfFonts(pdf: Uint8Array): { name: string; type: string; embedded: boolean; subset: boolean }[] {
  return withPdf(pdf, (path) => {
    const lines = execFileSync('pdffonts', [path], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim())
    return lines.map((line) => {
      const cols = line.trim().split(/\s+/)
      // name, type (may be two words), encoding, emb, sub, uni, object, id
      const [emb, sub] = cols.slice(-5, -3)
      return { name: cols[0]!, type: cols.slice(1, -6).join(' '), embedded: emb === 'yes', subset: sub === 'yes' }
    })
  })
}

/** Renders each page at `dpi` (pdftoppm, PPM) and counts the pixels that are not near white. */
export function inkPerPage(pdf: Uint8Array, dpi = 50): { width: number; height: number; ink: number }[] {
  return withPdf(pdf, (path, dir) => {
    execFileSync('pdftoppm', ['-r', String(dpi), path, join(dir, 'page')])
    return readdirSync(dir)
      .filter((f) => f.endsWith('.ppm'))
      .sort()
      .map((f) => {
        const data = readFileSync(join(dir, f))
        const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 50).toString('latin1'))
        if (!header) throw new Error(`${f} is not a binary PPM`)
        const width = Number(header[1])
        const height = Number(header[2])
        let ink = 0
        for (let i = header[0].length; i + 2 < data.length; i += 3) {
          if (data[i]! < 200 || data[i + 1]! < 200 || data[i + 2]! < 200) ink++
        }
        return { width, height, ink }
      })
  })
}

/** A word on a page with its box in points from the top-left corner (pdftotext -bbox). */
export interface PdfWord {
  page: number
  text: string
  xMin: number
  yMin: number
  xMax: number
  yMax: number
}

/** Every word of every page with its bounding box. */
export function pdfWords(pdf: Uint8Array): PdfWord[] {
  const html = withPdf(pdf, (path) => execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }))
  const words: PdfWord[] = []
  let page = 0
  for (const m of html.matchAll(/<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    if (m[0] === '<page ') {
      page++
      continue
    }
    words.push({ page, text: m[5]!, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]) })
  }
  return words
}
