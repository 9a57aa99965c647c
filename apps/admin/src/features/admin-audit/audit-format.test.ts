import { describe, expect, it } from 'vitest'
import { auditFieldRows, changedRows, formatAuditValue, type AuditFormatContext } from './audit-format'

const zh: AuditFormatContext = { locale: 'zh-TW', branchName: (id) => (id === 2 ? '宜蘭分署' : undefined), words: { yes: '是', no: '否', none: '（無）' } }

describe('audit before/after in words', () => {
  it('labels fields in Chinese and words their values', () => {
    const rows = auditFieldRows({ displayName: '王小明', role: 'staff', branchId: 2, active: true }, { displayName: '王大明', role: 'manager', active: false, retiredAt: '2026-03-05T06:07:00.000Z' }, zh)
    expect(rows).toEqual([
      { key: 'displayName', label: '姓名', before: '王小明', after: '王大明' },
      { key: 'role', label: '角色', before: '分署承辦人', after: '分署主管' },
      { key: 'branchId', label: '分署', before: '宜蘭分署', after: null },
      { key: 'active', label: '啟用', before: '是', after: '否' },
      { key: 'retiredAt', label: '停用時間', before: null, after: '115年3月5日 14:07' },
    ])
  })

  it('never shows an unknown field’s identifier and copes with missing or odd snapshots', () => {
    expect(auditFieldRows(null, { mysteryKey: [1, 2] }, zh)).toEqual([{ key: 'mysteryKey', label: '其他欄位', before: null, after: '1、2' }])
    expect(auditFieldRows(null, null, zh)).toEqual([])
    expect(formatAuditValue('dueDate', '2026-01-05', zh)).toBe('115年1月5日')
    expect(formatAuditValue('x', null, zh)).toBe('（無）')
  })

  it('keeps the changed fields of an edit, all of them when nothing differs', () => {
    const rows = auditFieldRows({ displayName: '甲', email: 'a@b.tw' }, { displayName: '乙', email: 'a@b.tw' }, zh)
    expect(changedRows(rows).map((r) => r.label)).toEqual(['姓名'])
    const same = auditFieldRows({ active: true }, { active: true }, zh)
    expect(changedRows(same)).toHaveLength(1)
    expect(changedRows(auditFieldRows(null, { name: '研考科' }, zh))).toEqual([{ key: 'name', label: '名稱', before: null, after: '研考科' }])
  })
})
