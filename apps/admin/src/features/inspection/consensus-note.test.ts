import { SERVICE_LEAP_V2 } from '@leap/domain'
import { describe, expect, it } from 'vitest'
import { wordRuleNote } from './consensus-note'

const criterion = SERVICE_LEAP_V2.dimensions[0]!.criteria[0]!
const top = criterion.tiers[0]!
const zh = (key: string, named: Record<string, unknown> = {}) =>
  ({
    'scoring.note.tier': `${named.points} 分（${named.label}）`,
    'scoring.note.accepted': `採 ${named.count} 位委員評分之共識建議：${named.value}`,
    'scoring.note.differs': `召集人裁定，與共識建議 ${named.value} 不同`,
    'scoring.note.noScores': '無委員評分，由召集人逕行評定',
    'inspection.consensus.na': '不適用',
    'common.points': `${named.points} 分`,
  })[key] ?? key
const pick = (text: { zh: string; en: string } | null | undefined) => text?.zh ?? ''

describe('wordRuleNote', () => {
  it('words an accepted proposal with the tier label instead of its id, in the UI language only', () => {
    const note = `採 3 位委員評分之共識建議：${top.points} 分 (tier ${top.id}) (accepted the proposal: lower median of members' points; not applicable only by strict majority)`
    const worded = wordRuleNote(note, criterion, zh, pick)
    expect(worded).toBe(`採 3 位委員評分之共識建議：${top.points} 分（${top.label.zh}）`)
    expect(worded).not.toMatch(/[A-Za-z]/)
  })

  it("keeps the convener's remark and words a decision that differs, or not applicable", () => {
    const note = `召集人裁定，與共識建議 不適用 (not applicable) 不同 (convener's decision, differs from the proposal)；現場確認已改善`
    expect(wordRuleNote(note, criterion, zh, pick)).toBe('召集人裁定，與共識建議 不適用 不同；現場確認已改善')
    expect(wordRuleNote('無委員評分，由召集人逕行評定 (no member scores: set by the convener)', criterion, zh, pick)).toBe('無委員評分，由召集人逕行評定')
  })

  it('drops English brackets from a note in an unknown shape', () => {
    expect(wordRuleNote('其他說明 (tier B) (something else)', criterion, zh, pick)).toBe('其他說明')
  })
})
