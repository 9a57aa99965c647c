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

  it('never starts a line with a run of closing punctuation: 「）。」 takes the character before it along', () => {
    // 時 fits at the end of line 1, but 「）。」 may not open line 2.
    expect(wrap('一二三四五六七八九時）。')).toEqual(['一二三四五六七八九', '時）。'])
    for (const line of wrap('人民陳情案件（普通件）於6日內結案之比率（第6日結案仍屬準時）。評分等級')) expect(line[0]).not.toMatch(/[）。，、]/)
  })

  it('keeps a number with its unit: 25分 never splits across lines', () => {
    const lines = wrap('評分等級：優良 50分；良好 40分；尚可 25分；待加強')
    for (const [i, line] of lines.entries()) {
      if (i > 0) expect(line[0], lines.join('|')).not.toBe('分')
    }
    expect(lines.join('|')).toMatch(/25分/)
    expect(wrap('一二三四五六七八九25分')).toEqual(['一二三四五六七八九', '25分'])
  })

  it('keeps explicit line breaks', () => {
    expect(wrap('甲\n乙')).toEqual(['甲', '乙'])
  })
})
