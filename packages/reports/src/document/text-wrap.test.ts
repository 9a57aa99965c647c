import PDFDocument from 'pdfkit'
import { describe, expect, it } from 'vitest'
import { loadKaiFont } from '../font/kai-font.js'
import { TextMeasure } from './pdf-renderer.js'

describe('TextMeasure.wrap', () => {
  const doc = new PDFDocument({ autoFirstPage: false })
  const font = loadKaiFont()
  doc.registerFont('kai', font.data as Buffer, font.postscriptName as string)
  doc.font('kai')
  const measure = new TextMeasure(doc)
  // Ten 14 pt CJK characters per line.
  const wrap = (text: string) => measure.wrap(text, 140, 14)

  it('breaks CJK text anywhere at the width', () => {
    expect(wrap('一二三四五六七八九十甲乙丙')).toEqual(['一二三四五六七八九十', '甲乙丙'])
  })

  it('never starts a line with closing punctuation', () => {
    expect(wrap('一二三四五六七八九十。')).toEqual(['一二三四五六七八九', '十。'])
  })

  it('never ends a line with opening punctuation, even when a closing mark pushes a character down', () => {
    expect(wrap('一二三四五六七八九「十」')).toEqual(['一二三四五六七八九', '「十」'])
    expect(wrap('一二三四五六七八「九」等')).toEqual(['一二三四五六七八', '「九」等'])
  })

  it('keeps Latin words and numbers whole when they fit on a line', () => {
    const lines = wrap('平均成績為 92.17 分評定')
    expect(lines.join('')).toContain('92.17')
    expect(lines.some((l) => l.includes('92.17'))).toBe(true)
  })

  it('keeps explicit line breaks', () => {
    expect(wrap('甲\n乙')).toEqual(['甲', '乙'])
  })
})
