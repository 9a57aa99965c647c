// The part of fontkit 2 (no published types) that the Kai subset uses.
declare module 'fontkit' {
  export interface Glyph {
    id: number
  }
  export interface Subset {
    /** Adds a glyph (and, for composites, its components); returns its id in the subset. */
    includeGlyph(glyph: Glyph | number): number
    /** The subset as a TrueType file with only the tables a PDF needs (no cmap, name, OS/2, post). */
    encode(): Uint8Array
  }
  export interface TableEntry {
    tag: string
    checkSum: number
    /** Offset of the table from the start of the file (of the collection, for a face of a .ttc). */
    offset: number
    length: number
  }
  export interface Font {
    postscriptName: string | null
    familyName: string
    numGlyphs: number
    directory: { tables: Record<string, TableEntry | undefined> }
    name: { records: Record<string, Record<string, string> | undefined> }
    glyphForCodePoint(codePoint: number): Glyph
    hasGlyphForCodePoint(codePoint: number): boolean
    createSubset(): Subset
  }
  export interface FontCollection {
    type: 'TTC' | 'DFont'
    fonts: Font[]
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font | FontCollection
}
