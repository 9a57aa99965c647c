import { create, type Font } from 'fontkit'
import type { KaiFont } from './kai-font.js'

/** Result of {@link kaiSubsetTtf}. */
export interface KaiSubset {
  /** A standalone TrueType font (cmap, name, OS/2 and post included) with the glyphs of the text. */
  data: Uint8Array
  /** Characters of the text the face has a glyph for (in the subset). */
  covered: number
  /** Characters of the text the face lacks (they fall back to another font where shown). */
  missing: string[]
}

/** Printable ASCII is always included: digits and Latin letters typed into a CJK run stay in Kai. */
const ASCII = Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => 0x20 + i)

function openFace(font: KaiFont): Font {
  const bytes = Buffer.from(font.data.buffer, font.data.byteOffset, font.data.byteLength)
  const opened = create(bytes, font.postscriptName)
  if ('fonts' in opened) {
    const first = opened.fonts[0]
    if (!first) throw new Error(`${font.origin}: an empty font collection`)
    return first
  }
  return opened
}

/** The sfnt table directory of a font file: tag → bytes. */
function readTables(file: Uint8Array): Map<string, Uint8Array> {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength)
  const tables = new Map<string, Uint8Array>()
  const count = view.getUint16(4)
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16
    const tag = String.fromCharCode(file[at]!, file[at + 1]!, file[at + 2]!, file[at + 3]!)
    tables.set(tag, file.subarray(view.getUint32(at + 8), view.getUint32(at + 8) + view.getUint32(at + 12)))
  }
  return tables
}

/**
 * A copy of a table of the original face, by its directory entry (offsets are from the start of
 * the .ttc). A copy, never a view: the font bytes are shared by every document of the process.
 */
function originalTable(face: Font, data: Uint8Array, tag: string, length?: number): Uint8Array {
  const entry = face.directory.tables[tag]
  if (!entry) throw new Error(`the Kai face has no ${tag} table`)
  return new Uint8Array(data.subarray(entry.offset, entry.offset + (length ?? entry.length)))
}

/**
 * cmap with one format-4 subtable (Unicode BMP), referenced for Unicode (0/3) and Windows (3/1):
 * runs of consecutive characters with consecutive glyph ids share a segment.
 */
function cmapTable(map: ReadonlyMap<number, number>): Uint8Array {
  const codes = [...map.keys()].filter((c) => c <= 0xfffe).sort((a, b) => a - b)
  const segments: { start: number; end: number; delta: number }[] = []
  for (const code of codes) {
    const glyph = map.get(code)!
    const last = segments.at(-1)
    if (last && code === last.end + 1 && glyph === last.end + 1 + last.delta) last.end = code
    else segments.push({ start: code, end: code, delta: glyph - code })
  }
  segments.push({ start: 0xffff, end: 0xffff, delta: 1 })
  const segCount = segments.length
  const subLength = 16 + segCount * 8
  const out = new DataView(new ArrayBuffer(4 + 2 * 8 + subLength))
  out.setUint16(0, 0) // version
  out.setUint16(2, 2) // two encoding records, one subtable
  const subOffset = 4 + 2 * 8
  ;[
    [0, 3],
    [3, 1],
  ].forEach(([platform, encoding], i) => {
    out.setUint16(4 + i * 8, platform!)
    out.setUint16(6 + i * 8, encoding!)
    out.setUint32(8 + i * 8, subOffset)
  })
  let p = subOffset
  const power = 2 ** Math.floor(Math.log2(segCount))
  const write = (v: number) => {
    out.setUint16(p, v)
    p += 2
  }
  for (const v of [4, subLength, 0, segCount * 2, power * 2, Math.log2(power), segCount * 2 - power * 2]) write(v)
  segments.forEach((s) => write(s.end))
  write(0) // reservedPad
  segments.forEach((s) => write(s.start))
  segments.forEach((s) => write((s.delta + 0x10000) % 0x10000))
  segments.forEach(() => write(0)) // idRangeOffset: deltas only
  return new Uint8Array(out.buffer)
}

/** name table (format 0), Windows Unicode records in English (US) and Chinese (Taiwan). */
function nameTable(records: readonly { id: number; text: string }[]): Uint8Array {
  const entries = [0x0404, 0x0409]
    .flatMap((language) => records.map((r) => ({ ...r, language })))
    // PostScript names are ASCII and given once, in English.
    .filter((r) => r.id !== 6 || r.language === 0x0409)
    .sort((a, b) => a.language - b.language || a.id - b.id)
  const strings = entries.map((e) => {
    const bytes = new Uint8Array(e.text.length * 2)
    for (let i = 0; i < e.text.length; i++) {
      bytes[i * 2] = e.text.charCodeAt(i) >> 8
      bytes[i * 2 + 1] = e.text.charCodeAt(i) & 0xff
    }
    return bytes
  })
  const header = 6 + entries.length * 12
  const out = new Uint8Array(header + strings.reduce((s, b) => s + b.length, 0))
  const view = new DataView(out.buffer)
  view.setUint16(0, 0)
  view.setUint16(2, entries.length)
  view.setUint16(4, header)
  let offset = 0
  entries.forEach((e, i) => {
    const at = 6 + i * 12
    view.setUint16(at, 3) // Windows
    view.setUint16(at + 2, 1) // Unicode BMP
    view.setUint16(at + 4, e.language)
    view.setUint16(at + 6, e.id)
    view.setUint16(at + 8, strings[i]!.length)
    view.setUint16(at + 10, offset)
    out.set(strings[i]!, header + offset)
    offset += strings[i]!.length
  })
  return out
}

function checksum(bytes: Uint8Array): number {
  let sum = 0
  const padded = new Uint8Array(Math.ceil(bytes.length / 4) * 4)
  padded.set(bytes)
  const view = new DataView(padded.buffer)
  for (let i = 0; i < padded.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0
  return sum
}

/** Assembles an sfnt (TrueType outlines) from its tables, with checksums and head.checkSumAdjustment. */
function writeSfnt(tables: Map<string, Uint8Array>): Uint8Array {
  const tags = [...tables.keys()].sort()
  const count = tags.length
  const power = 2 ** Math.floor(Math.log2(count))
  let offset = 12 + count * 16
  const placed = tags.map((tag) => {
    const bytes = tables.get(tag)!
    const at = offset
    offset += Math.ceil(bytes.length / 4) * 4
    return { tag, bytes, at }
  })
  const out = new Uint8Array(offset)
  const view = new DataView(out.buffer)
  view.setUint32(0, 0x00010000)
  view.setUint16(4, count)
  view.setUint16(6, power * 16)
  view.setUint16(8, Math.log2(power))
  view.setUint16(10, count * 16 - power * 16)
  placed.forEach(({ tag, bytes, at }, i) => {
    const record = 12 + i * 16
    for (let k = 0; k < 4; k++) out[record + k] = tag.charCodeAt(k)
    view.setUint32(record + 4, checksum(bytes))
    view.setUint32(record + 8, at)
    view.setUint32(record + 12, bytes.length)
    out.set(bytes, at)
  })
  const head = placed.find((t) => t.tag === 'head')!
  view.setUint32(head.at + 8, (0xb1b0afba - checksum(out)) >>> 0)
  return out
}

/**
 * A standalone TrueType font holding only the glyphs `text` needs (plus printable ASCII), for a
 * document that embeds its font (the .docx): fontkit subsets the outlines (glyf, loca, hmtx and
 * the hinting tables) — its subsets are made for PDFs and carry no cmap, name, OS/2 or post — and
 * this adds those four so a word processor can install it: a format-4 cmap of the characters, a
 * name table calling the family `familyName` (the name the document's runs ask for) while keeping
 * the face's copyright and licence, the face's OS/2 with the character range narrowed, and post 3.
 * The face's fsType is kept as it is: ukai's allows embedding (installable).
 * @throws Error when the font cannot be read as TrueType outlines (e.g. a CFF-flavoured .otf).
 */
export function kaiSubsetTtf(font: KaiFont, text: string, familyName: string): KaiSubset {
  const face = openFace(font)
  if (!face.directory.tables.glyf) throw new Error(`${font.origin}: only TrueType outlines can be subset for Word (no glyf table)`)
  const subset = face.createSubset()
  const codes = new Set<number>(ASCII)
  for (const ch of text) codes.add(ch.codePointAt(0)!)
  const cmap = new Map<number, number>()
  const missing: string[] = []
  for (const code of [...codes].sort((a, b) => a - b)) {
    if (code < 0x20 || code > 0xfffe) continue
    if (!face.hasGlyphForCodePoint(code)) {
      missing.push(String.fromCodePoint(code))
      continue
    }
    cmap.set(code, subset.includeGlyph(face.glyphForCodePoint(code)))
  }
  const tables = readTables(subset.encode())
  const covered = [...cmap.keys()]

  const os2 = originalTable(face, font.data, 'OS/2')
  const os2View = new DataView(os2.buffer, os2.byteOffset, os2.byteLength)
  os2View.setUint16(64, Math.min(...covered)) // usFirstCharIndex
  os2View.setUint16(66, Math.max(...covered)) // usLastCharIndex

  const post = originalTable(face, font.data, 'post', 32)
  new DataView(post.buffer, post.byteOffset, post.byteLength).setUint32(0, 0x00030000) // version 3: no glyph names

  const original = (key: string) => face.name.records[key]?.en ?? Object.values(face.name.records[key] ?? {})[0]
  const postscript = `${(face.postscriptName ?? 'Kai').replace(/[^\x21-\x7e]|[[\](){}<>/%]/g, '')}-Subset`
  const names = [
    { id: 0, text: original('copyright') },
    { id: 1, text: familyName },
    { id: 2, text: 'Regular' },
    { id: 3, text: `${postscript};${face.familyName}` },
    { id: 4, text: familyName },
    { id: 5, text: original('version') },
    { id: 6, text: postscript },
    { id: 11, text: original('vendorURL') },
    { id: 13, text: original('license') },
  ].filter((r): r is { id: number; text: string } => typeof r.text === 'string' && r.text.length > 0)

  const head = new Uint8Array(tables.get('head')!)
  new DataView(head.buffer, head.byteOffset, head.byteLength).setUint32(8, 0) // checkSumAdjustment, set over the whole file below
  tables.set('head', head)
  tables.set('cmap', cmapTable(cmap))
  tables.set('name', nameTable(names))
  tables.set('OS/2', os2)
  tables.set('post', post)
  return { data: writeSfnt(tables), covered: covered.length, missing }
}
