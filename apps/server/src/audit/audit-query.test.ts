import ExcelJS from 'exceljs'
import { beforeEach, describe, expect, it } from 'vitest'
import { callerFor, contextFor, refusal } from '../test/fixtures.js'
import { useFixtureUsers } from '../test/per-test.js'
import { useTestDatabase } from '../test/test-database.js'
import { recordAudit } from './audit.repository.js'

const database = useTestDatabase()
const users = useFixtureUsers(database)
const at = (iso: string) => () => new Date(iso)

beforeEach(async () => {
  const admin = (iso: string) => contextFor(database, users.admin, { now: at(iso) })
  await recordAudit(database.db, admin('2026-01-05T02:00:00Z'), {
    action: 'user.update',
    entity: 'app_user',
    entityId: users.staff.id,
    branchId: users.branchIds.TPE,
    before: { displayName: '王小明', active: true },
    after: { displayName: '王大明', active: false },
  })
  await recordAudit(database.db, admin('2026-02-05T02:00:00Z'), { action: 'unit.create', entity: 'unit', entityId: 3, branchId: users.branchIds.ILA, after: { name: '執行三科' } })
  await recordAudit(database.db, contextFor(database, users.staff, { now: at('2026-03-05T02:00:00Z') }), { action: 'auth.login', entity: 'app_user', entityId: users.staff.id })
})

describe('audit.list filters and audit.export', () => {
  it('filters by person, action, branch, record and time, with names of the actor and branch', async () => {
    const viewer = callerFor(database, users.viewer)
    expect((await viewer.audit.list({ actorId: users.admin.id })).total).toBe(2)
    expect((await viewer.audit.list({ action: 'unit.create' })).entries.map((e) => e.entityId)).toEqual(['3'])
    const tpe = await viewer.audit.list({ branchId: users.branchIds.TPE })
    expect(tpe.entries).toHaveLength(1)
    expect(tpe.entries[0]).toMatchObject({ actorName: users.admin.displayName, branchName: '臺北分署', action: 'user.update' })
    expect((await viewer.audit.list({ entity: 'app_user', entityId: String(users.staff.id) })).total).toBe(2)
    expect((await viewer.audit.list({ from: new Date('2026-02-01T00:00:00Z'), to: new Date('2026-03-01T00:00:00Z') })).entries.map((e) => e.action)).toEqual(['unit.create'])
    expect((await refusal(viewer.audit.list({ from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-02-01T00:00:00Z') }))).code).toBe('BAD_REQUEST')
    const choices = await viewer.audit.filterChoices()
    expect(choices.actions).toEqual(['auth.login', 'unit.create', 'user.update'])
    expect(choices.actors.map((a) => a.id).sort()).toEqual([users.admin.id, users.staff.id].sort())
  })

  it('exports the filtered view to Excel with Chinese headings, actions, field names and ROC times', async () => {
    const admin = callerFor(database, users.admin)
    const file = await admin.audit.export({ actorId: users.admin.id })
    expect(file).toMatchObject({ rows: 2, filename: expect.stringMatching(/^audit-\d{8}\.xlsx$/) })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('稽核紀錄')!
    expect(sheet.getRow(1).values).toEqual([undefined, '時間', '人員', '帳號', '動作', '資料', '資料編號', '分署', '變更前', '變更後', '來源位址'])
    expect(sheet.rowCount).toBe(3)
    const newest = sheet.getRow(2).values as unknown[]
    expect(newest.slice(1, 8)).toEqual(['115年2月5日 10:00', users.admin.displayName, users.admin.username, '新增承辦單位', '承辦單位', '3', '宜蘭分署'])
    const older = sheet.getRow(3).values as unknown[]
    expect(older[4]).toBe('修改帳號')
    // jsonb keeps its own key order: compare the lines as a set.
    expect(String(older[8]).split('\n').sort()).toEqual(['姓名：王小明', '啟用：是'].sort())
    expect(String(older[9]).split('\n').sort()).toEqual(['姓名：王大明', '啟用：否'].sort())
    expect(JSON.stringify(sheet.getSheetValues())).not.toMatch(/user\.update|displayName|app_user/)
    expect((await refusal(callerFor(database, users.manager).audit.export({}))).code).toBe('FORBIDDEN')
  })
})
