import { describe, expect, it } from 'vitest'
import { AUDIT_ACTION_LABELS, auditActionLabel, auditEntityLabel, auditFieldLabel } from './audit-labels.js'

describe('audit labels', () => {
  it.each([
    ['user.create', 'app_user', 'zh-TW', '新增帳號'],
    ['user.create', 'app_user', 'en', 'Created account'],
    ['unit.retire', 'unit', 'zh-TW', '停用承辦單位'],
    ['something.new', 'unit', 'zh-TW', '承辦單位異動'],
    ['something.new', 'mystery', 'en', 'Other record: changed'],
  ])('action %s on %s in %s → %s', (action, entity, locale, expected) => {
    expect(auditActionLabel(action, entity, locale)).toBe(expected)
  })

  it('names fields and records in Chinese, never by the identifier', () => {
    expect(auditFieldLabel('displayName', 'zh-TW')).toBe('姓名')
    expect(auditFieldLabel('remediationDueDays', 'zh-TW')).toBe('應改進事項預設完成天數')
    expect(auditFieldLabel('whatever', 'zh-TW')).toBe('其他欄位')
    expect(auditEntityLabel('app_setting', 'en')).toBe('Setting')
    for (const l of Object.values(AUDIT_ACTION_LABELS)) expect(l.zh).toMatch(/[\u4e00-\u9fff]/)
  })
})
