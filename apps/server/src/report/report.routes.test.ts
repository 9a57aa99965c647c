import { execFileSync } from 'node:child_process'
import { QUALITY_V1 } from '@leap/domain'
import { buildIndicatorWorkbook, INDICATOR_NAMES, parseIndicatorWorkbook } from '@leap/reports'
import ExcelJS from 'exceljs'
import type { LightMyRequestResponse } from 'fastify'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../http/app.js'
import { kaiFontProblem, reportFontSource } from './report-font.js'
import { callerFor } from '../test/fixtures.js'
import { useTestApp } from '../test/http-app.js'
import { perTest } from '../test/per-test.js'
import { createDeductedItems, createRemediationScenario, DEDUCTED, insertCatalogue } from '../test/remediation-world.js'
import { useTestDatabase } from '../test/test-database.js'
import type { SessionUser } from '../trpc/context.js'

const SECRET = 'report-test-secret-0123456789abcdef'
const CSRF = 'csrf-token-for-report-tests'
const PDF = 'application/pdf'
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

const database = useTestDatabase()
const s = perTest(async () => {
  const scenario = await createRemediationScenario(database.db)
  await createDeductedItems(database, scenario)
  return scenario
})
const server = useTestApp(database, { secret: SECRET, csrf: CSRF, each: true })
const cookieFor = server.cookieFor

async function get(user: SessionUser | null, url: string) {
  return server.app.inject({ method: 'GET', url, headers: user ? { cookie: await cookieFor(user) } : {} })
}

/** The text of a PDF answer (white space removed), once it is a 200 of type PDF. */
function pdfAnswer(res: LightMyRequestResponse): string {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
  expect(res.headers['content-type']).toBe(PDF)
  return pdfText(res.rawPayload).replace(/\s+/g, '')
}

function pdfText(bytes: Buffer): string {
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: bytes }).toString('utf8')
}

async function sheetNames(bytes: Buffer): Promise<string[]> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  return workbook.worksheets.map((w) => w.name)
}

function multipart(file: { name: string; bytes: Buffer }) {
  const boundary = '----leapreportboundary'
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${XLSX}\r\n\r\n`),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` }
}

async function importFile(user: SessionUser | null, bytes: Buffer, options: { csrf?: boolean } = {}) {
  const body = multipart({ name: 'indicators.xlsx', bytes })
  const headers: Record<string, string> = { 'content-type': body.contentType, cookie: user ? await cookieFor(user) : `leap_csrf=${CSRF}` }
  if (options.csrf !== false) headers['x-csrf-token'] = CSRF
  return server.app.inject({ method: 'POST', url: '/api/reports/indicators/import', headers, payload: body.payload })
}

async function indicatorRows(): Promise<{ tallies: number; phones: number; audit: number }> {
  const count = async (table: 'surveyTally' | 'phoneTest' | 'auditLog') =>
    Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
  return { tallies: await count('surveyTally'), phones: await count('phoneTest'), audit: await count('auditLog') }
}

const goodData = {
  surveys: [
    { branchCode: 'TPE', rocYear: 114, month: 3, scale: 'five' as const, question: '服務台服務', counts: [50, 20, 3, 1, 0], invalid: 2, returned: 76 },
    { branchCode: 'TPE', rocYear: 114, month: 3, scale: 'five' as const, question: '電話禮貌', counts: [40, 30, 3, 0, 0], invalid: 0, returned: 73 },
  ],
  phoneTests: [{ branchCode: 'TPE', testedOn: '2025-03-05', unit: '行政科', person: '王小明', score: 92, tester: '李稽核' }],
}

describe('score sheet PDF', () => {
  const url = () => `/api/reports/inspections/${s.inspections.TPE}/score-sheet.pdf`

  it('gives the committee, the agency and the branch the signed sheet as a PDF naming the branch', async () => {
    for (const user of [s.users.convener, s.users.secretary, s.users.viewer, s.users.manager]) {
      const res = await get(user, url())
      expect(res.statusCode, user.username).toBe(200)
      expect(res.headers['content-type']).toBe(PDF)
      expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')
      expect(String(res.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent('臺北分署_114年上半年_評分表.pdf')}`)
      if (user === s.users.convener) expect(pdfText(res.rawPayload)).toContain('臺北分署')
    }
  })

  it('is 404 for another branch (same as a missing one) and 401 without a session', async () => {
    expect((await get(s.users.otherStaff, url())).statusCode).toBe(404)
    expect((await get(s.users.convener, '/api/reports/inspections/999999/score-sheet.pdf')).statusCode).toBe(404)
    expect((await get(null, url())).statusCode).toBe(401)
  })
})

describe('results report', () => {
  it('renders the branch report with its saved narrative as .docx and PDF', async () => {
    await callerFor(database, s.users.manager).report.narrative.save({
      branchId: s.users.branchIds.TPE!,
      rocYear: 114,
      report: 1,
      sections: { 'basic.consistency': { text: '一樓設置大型繳款流程圖。', expectedVersion: 0 } },
    })
    const pdf = await get(s.users.staff, `/api/reports/branches/${s.users.branchIds.TPE}/results-report.pdf?rocYear=114&report=1`)
    const text = pdfAnswer(pdf)
    expect(text).toContain('臺北分署')
    expect(text).toContain('一樓設置大型繳款流程圖')
    // 截至 the end of the report's period (114年1–6月), not the day it was downloaded.
    expect(text).toContain('截至114年6月30日')

    const docx = await get(s.users.admin, `/api/reports/branches/${s.users.branchIds.TPE}/results-report.docx?rocYear=114&report=1`)
    expect(docx.statusCode).toBe(200)
    expect(docx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK')
    // The Kai subset travels with the document (zip entry names are stored as plain text).
    expect(docx.rawPayload.includes('word/fonts/font1.odttf')).toBe(true)
  })

  it('follows the catalogue in force that year: a 100年 report has the v1 dimensions and sections', async () => {
    const v1 = await insertCatalogue(database.db, QUALITY_V1)
    await database.db.insertInto('round').values({ rocYear: 100, half: 2, catalogueId: v1 }).execute()
    const key = { branchId: s.users.branchIds.TPE!, rocYear: 100, report: 2 as const }
    const manager = callerFor(database, s.users.manager)
    const got = await manager.report.narrative.get(key)
    expect(got.sections.map((x) => `${x.dimension}/${x.title}`).slice(0, 3)).toEqual(['優質便民服務/服務流程', '優質便民服務/機關形象', '優質便民服務/顧客關係'])
    await manager.report.narrative.save({ ...key, sections: { 'citizen-service.process': { text: '設置單一窗口全功能櫃台。', expectedVersion: 0 } } })
    await expect(manager.report.narrative.save({ ...key, sections: { 'basic.consistency': { text: '服務躍升的段落', expectedVersion: 0 } } })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    // A v2 narrative stored for 114 does not leak into the 100年 structure, and 114 stays v2.
    expect((await manager.report.narrative.get({ ...key, rocYear: 114 })).sections).toHaveLength(9)

    const pdf = await get(s.users.admin, `/api/reports/branches/${key.branchId}/results-report.pdf?rocYear=100&report=2`)
    expect(pdf.statusCode, pdf.body).toBe(200)
    const text = pdfText(pdf.rawPayload).replace(/\s+/g, '')
    let from = 0
    for (const heading of ['100年度提升服務品質執行成果報告', '壹、優質便民服務', '一、服務流程', '設置單一窗口全功能櫃台。', '貳、資訊流通服務', '參、創新增值服務']) {
      const at = text.indexOf(heading, from)
      expect(at, heading).toBeGreaterThanOrEqual(from)
      from = at
    }
    expect(text).not.toContain('基礎服務')
    const docx = await get(s.users.admin, `/api/reports/branches/${key.branchId}/results-report.docx?rocYear=100&report=2`)
    expect(docx.statusCode).toBe(200)
  })

  it('lists the periods a branch has data for, latest first, so the panel opens on one with data', async () => {
    const tpe = s.users.branchIds.TPE!
    const manager = callerFor(database, s.users.manager)
    // The scenario's remediation items belong to the 114年上半年 round.
    expect((await manager.report.periods({ branchId: tpe })).periods).toEqual([{ rocYear: 114, report: 1 }])
    await manager.indicator.enterPhoneTests({ branchId: tpe, tests: [{ testedOn: '2025-08-05', person: '王小明', total: 90 }] })
    await manager.report.narrative.save({ branchId: tpe, rocYear: 112, report: 1, sections: { 'basic.consistency': { text: '112年的敘述。', expectedVersion: 0 } } })
    expect((await manager.report.periods({ branchId: tpe })).periods).toEqual([{ rocYear: 114, report: 2 }, { rocYear: 112, report: 1 }])
    await expect(callerFor(database, s.users.otherStaff).report.periods({ branchId: tpe })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('is 404 for another branch, 400 for a bad report number, 401 anonymous', async () => {
    const url = `/api/reports/branches/${s.users.branchIds.ILA}/results-report.pdf?rocYear=114&report=1`
    expect((await get(s.users.staff, url)).statusCode).toBe(404)
    expect((await get(s.users.staff, `/api/reports/branches/${s.users.branchIds.TPE}/results-report.pdf?rocYear=114&report=3`)).statusCode).toBe(400)
    expect((await get(null, url)).statusCode).toBe(401)
  })
})

describe('without a Kai font', () => {
  it('answers every PDF and .docx download 503 with the fix in zh-TW and English, never 500; workbooks still work', async () => {
    const fontless = await buildApp({ database, logLevel: 'silent', sessionSecret: SECRET, reportFont: { path: '/nonexistent/kaiu.ttf' } })
    try {
      const cookie = await cookieFor(s.users.admin)
      const tpe = s.users.branchIds.TPE!
      for (const url of [
        `/api/reports/inspections/${s.inspections.TPE}/score-sheet.pdf`,
        `/api/reports/branches/${tpe}/results-report.pdf?rocYear=114&report=1`,
        `/api/reports/branches/${tpe}/results-report.docx?rocYear=114&report=1`,
      ]) {
        const res = await fontless.inject({ method: 'GET', url, headers: { cookie } })
        expect(res.statusCode, url).toBe(503)
        const { error, errorCode, params } = res.json() as { error: string; errorCode: string; params: { path: string } }
        // The admin words the code (zh-TW and English); the text names the fix for the record too.
        expect(errorCode).toBe('DOCUMENT_FONT_MISSING')
        expect(params.path).toBe('/nonexistent/kaiu.ttf')
        expect(error).toContain('找不到楷書字型')
        expect(error).toContain('apt-get install -y fonts-arphic-ukai')
        expect(error).toContain('LEAP_KAI_FONT')
        expect(error).toContain('No Kai font at /nonexistent/kaiu.ttf')
      }
      expect((await fontless.inject({ method: 'GET', url: '/api/reports/national.xlsx', headers: { cookie } })).statusCode).toBe(200)
    } finally {
      await fontless.close()
    }
  })

  it('is found at start: kaiFontProblem names the fix for a missing file and is silent for the installed one', () => {
    expect(kaiFontProblem({ path: '/nonexistent/kaiu.ttf' })).toContain('LEAP_KAI_FONT')
    expect(kaiFontProblem({})).toBeNull()
    expect(reportFontSource({ LEAP_KAI_FONT: '/fonts/kaiu.ttf' })).toEqual({ path: '/fonts/kaiu.ttf' })
    expect(reportFontSource({ LEAP_KAI_FONT: '/fonts/x.ttc', LEAP_KAI_FONT_FACE: 'UKaiTW' })).toEqual({ path: '/fonts/x.ttc', postscriptName: 'UKaiTW' })
    expect(reportFontSource({})).toEqual({})
  })
})

describe('meeting pack', () => {
  it('joins the minutes, the items reported and the signed sheets in one PDF', async () => {
    const meeting = await callerFor(database, s.users.secretary).meeting.create({ roundId: s.roundId, heldOn: '2025-04-15', title: '第1次任務編組會議' })
    const [item] = (await callerFor(database, s.users.convener).remediation.list({ branchId: s.users.branchIds.TPE })).items
    await callerFor(database, s.users.secretary).meeting.recordItems({ id: meeting.id, items: [{ remediationItemId: item!.id, note: '流程圖已更新' }] })
    const res = await get(s.users.convener, `/api/reports/meetings/${meeting.id}/pack.pdf`)
    const text = pdfAnswer(res)
    expect(text).toContain('第1次任務編組會議')
    expect(text).toContain('臺北分署')
    expect(text).toContain('宜蘭分署')
    // Minutes people sign: 主席 and 紀錄 lines, the time with room for the hour, no placeholder dash.
    expect(text).toMatch(/時間：114年4月15日（星期二）/)
    expect(text).toContain('肆、簽署')
    expect(text).not.toContain('地點：—')
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('1140415_第1次任務編組會議_會議資料.pdf'))
    expect((await get(null, `/api/reports/meetings/${meeting.id}/pack.pdf`)).statusCode).toBe(401)
    expect((await get(s.users.convener, '/api/reports/meetings/999999/pack.pdf')).statusCode).toBe(404)
  })

  it('prints the meeting time and place stored with the meeting', async () => {
    const meeting = await callerFor(database, s.users.secretary).meeting.create({ roundId: s.roundId, heldOn: '2026-03-05', startTime: '14:30', place: '本署5樓第1會議室', title: '第2次任務編組會議' })
    const text = pdfText((await get(s.users.convener, `/api/reports/meetings/${meeting.id}/pack.pdf`)).rawPayload).replace(/\s+/g, '')
    expect(text).toContain('時間：115年3月5日（星期四）下午2時30分')
    expect(text).toContain('地點：本署5樓第1會議室')
  })
})

describe('workbooks', () => {
  it('gives agency staff the national workbook and refuses branch users', async () => {
    const res = await get(s.users.viewer, '/api/reports/national.xlsx')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe(XLSX)
    expect(await sheetNames(res.rawPayload)).toEqual(['總表', '評分明細', '列管表', '指標', '辦理頻率', '聲明異議'])
    const branchUser = await get(s.users.manager, '/api/reports/national.xlsx')
    expect([branchUser.statusCode, branchUser.json().errorCode]).toEqual([403, 'AGENCY_ONLY'])
    expect((await get(null, '/api/reports/national.xlsx')).statusCode).toBe(401)
  })

  it('fills the 指標 sheet with each branch × round figure the domain computes from the stored data', async () => {
    const tpe = s.users.branchIds.TPE!
    const manager = callerFor(database, s.users.manager)
    // Seed 002's figures in 114年上半年 (2025-01..06), other figures in 114年下半年.
    await manager.indicator.enterSurveyTallies({
      branchId: tpe,
      periodStart: '2025-01-01',
      periodEnd: '2025-06-30',
      surveyKind: 'public',
      tallies: [
        { question: '洽公環境', scale: 'five', indicator: 'environmentSatisfaction', counts: [112, 50, 3, 0, 0], invalid: 1 },
        { question: '申辦時間', scale: 'waitingTime', indicator: 'within15MinutesShare', counts: [69, 52, 13, 2, 0], invalid: 30 },
      ],
    })
    await manager.indicator.enterSurveyTallies({
      branchId: tpe,
      periodStart: '2025-07-01',
      periodEnd: '2025-09-30',
      surveyKind: 'public',
      tallies: [{ question: '整體滿意度', scale: 'four', indicator: 'overallSatisfaction', counts: [80, 23, 1, 2], invalid: 0 }],
    })
    await manager.indicator.enterPhoneTests({
      branchId: tpe,
      tests: [...Array.from({ length: 15 }, (_, i) => ({ testedOn: '2025-03-05', person: `受測${i}`, total: 92 })), ...[93, 93, 93].map((total, i) => ({ testedOn: '2025-03-06', person: `再測${i}`, total }))],
    })
    await manager.indicator.enterPetitions({
      branchId: tpe,
      petitions: [
        { receivedOn: '2025-02-03', closedOn: '2025-02-07', category: '行政興革建議', channel: '書面' },
        { receivedOn: '2025-02-10', closedOn: '2025-02-20', category: '其他', channel: '電話' },
        { receivedOn: '2025-08-01', closedOn: '2025-08-02', category: '其他', channel: '口頭' },
      ],
    })

    const res = await get(s.users.admin, '/api/reports/national.xlsx')
    expect(res.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('指標')!
    const printed: Record<string, Record<string, number>> = {}
    const notes: Record<string, string> = {}
    // The sheet names each indicator in words; map the name back to its key to compare with the summary.
    const keyOf = new Map(Object.entries(INDICATOR_NAMES).map(([key, name]) => [name, key]))
    sheet.eachRow((row, n) => {
      if (n === 1) return
      const [code, , round, name, value, note] = (row.values as unknown[]).slice(1)
      const key = keyOf.get(String(name))
      expect(key, String(name)).toBeDefined()
      if (code !== 'TPE') return
      ;(printed[String(round)] ??= {})[String(key)] = value as number
      if (note) notes[`${String(round)}/${String(key)}`] = String(note)
    })
    const caller = callerFor(database, s.users.admin)
    const first = await caller.indicator.summary({ branchId: tpe, from: '2025-01-01', to: '2025-06-30', roundId: s.roundId })
    const second = await caller.indicator.summary({ branchId: tpe, from: '2025-07-01', to: '2025-12-31', roundId: s.nextRoundId })
    // The same figures the indicator page shows for each half year, and seed 002's published ones.
    expect(printed['114年上半年']).toEqual(first.indicators)
    expect(printed['114年下半年']).toEqual(second.indicators)
    expect(printed['114年上半年']).toMatchObject({ environmentSatisfaction: 98.18, within15MinutesShare: 88.97, phoneCourtesyAverage: 92.17, petitionsWithin6DaysShare: 50 })
    expect(printed['114年上半年']!.remediationClosedShare).toBe(0)
    expect(printed['114年下半年']).toEqual({ overallSatisfaction: 97.17, petitionsWithin6DaysShare: 100 })
    expect(notes['114年上半年/phoneCourtesyAverage']).toBe('優（18 人次）')
    expect(notes['114年上半年/within15MinutesShare']).toContain('平均 7.9 分鐘')
  })

  it('gives a branch its own register and 404 for another branch', async () => {
    const res = await get(s.users.staff, `/api/reports/remediation-register.xlsx?branch=${s.users.branchIds.TPE}`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe(XLSX)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const rows = workbook.worksheets[0]!.actualRowCount
    expect(rows).toBeGreaterThanOrEqual(1 + DEDUCTED.length)
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('臺北分署_列管表.xlsx'))
    expect((await get(s.users.staff, `/api/reports/remediation-register.xlsx?branch=${s.users.branchIds.ILA}`)).statusCode).toBe(404)
    expect((await get(null, '/api/reports/remediation-register.xlsx')).statusCode).toBe(401)
  })

  it('serves a blank template the parser reads back', async () => {
    const res = await get(s.users.staff, '/api/reports/indicators/template.xlsx')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe(XLSX)
    const parsed = await parseIndicatorWorkbook(new Uint8Array(res.rawPayload))
    // A blank template has the columns but no rows: refused with NO_ROWS, never UNREADABLE_FILE.
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.problems.map((p) => p.rule)).not.toContain('UNREADABLE_FILE')
  })
})

describe('indicator import', () => {
  it('saves every row of a good file in one audited transaction', async () => {
    const before = await indicatorRows()
    const res = await importFile(s.users.manager, Buffer.from(await buildIndicatorWorkbook(goodData)))
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ surveys: 2, phoneTests: 1, objections: 0, unchanged: 0 })
    const after = await indicatorRows()
    expect(after).toEqual({ tallies: before.tallies + 2, phones: before.phones + 1, audit: before.audit + 1 })
  })

  it('changes nothing for a file with a bad row and lists every problem', async () => {
    const bad = {
      ...goodData,
      surveys: [goodData.surveys[0]!, { ...goodData.surveys[1]!, invalid: 500, returned: 573 }],
    }
    const bytes = Buffer.from(await buildIndicatorWorkbook(bad))
    // Break one row further by hand: a negative count in row 3.
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
    workbook.getWorksheet('問卷統計')!.getRow(2).getCell(6).value = -1
    const broken = Buffer.from(await workbook.xlsx.writeBuffer())
    const before = await indicatorRows()
    const res = await importFile(s.users.manager, broken)
    expect(res.statusCode).toBe(400)
    const problems = res.json().problems as { sheet: string; row: number; rule: string }[]
    expect(problems.some((p) => p.sheet === '問卷統計' && p.row === 2)).toBe(true)
    expect(await indicatorRows()).toEqual(before)
  })

  it('refuses rows of another branch, a file without CSRF, viewers and anonymous callers', async () => {
    const before = await indicatorRows()
    const other = Buffer.from(await buildIndicatorWorkbook({ phoneTests: [{ ...goodData.phoneTests[0]!, branchCode: 'ILA' }] }))
    const res = await importFile(s.users.staff, other)
    expect(res.statusCode).toBe(400)
    expect(res.json().problems[0].rule).toBe('UNKNOWN_BRANCH')
    const good = Buffer.from(await buildIndicatorWorkbook(goodData))
    expect((await importFile(s.users.manager, good, { csrf: false })).statusCode).toBe(403)
    expect((await importFile(s.users.viewer, good)).statusCode).toBe(403)
    expect((await importFile(null, good)).statusCode).toBe(401)
    expect(await indicatorRows()).toEqual(before)
  })
})

describe('indicator export', () => {
  const url = (branchId: number, from = '2025-01-01', to = '2025-06-30') => `/api/reports/branches/${branchId}/indicators.xlsx?from=${from}&to=${to}`

  /** The branch's stored rows without ids or authors, in a stable order. */
  async function stored(branchId: number) {
    const tallies = await database.db
      .selectFrom('surveyTally')
      .select(['periodStart', 'periodEnd', 'surveyKind', 'question', 'scale', 'indicator', 'counts', 'invalid'])
      .where('branchId', '=', branchId)
      .execute()
    const phones = await database.db.selectFrom('phoneTest').select(['testedOn', 'person', 'extension', 'components', 'total', 'note']).where('branchId', '=', branchId).execute()
    const key = (o: object) => JSON.stringify(o)
    return {
      tallies: tallies.map((t) => key({ ...t, periodStart: String(t.periodStart), periodEnd: String(t.periodEnd) })).sort(),
      phones: phones.map((p) => key({ ...p, testedOn: String(p.testedOn), total: Number(p.total) })).sort(),
    }
  }

  it('exports a branch’s stored tallies and phone tests in the template, and importing the export gives the same data back', async () => {
    const tpe = s.users.branchIds.TPE!
    const manager = callerFor(database, s.users.manager)
    const month = { branchId: tpe, periodStart: '2025-03-01', periodEnd: '2025-03-31' }
    await manager.indicator.enterSurveyTallies({
      ...month,
      surveyKind: 'public',
      tallies: [
        { question: '洽公環境', scale: 'five', indicator: 'environmentSatisfaction', counts: [112, 50, 3, 0, 0], invalid: 1 },
        { question: '整體而言', scale: 'four', counts: [80, 23, 1, 2], invalid: 0 },
      ],
    })
    await manager.indicator.enterSurveyTallies({ ...month, surveyKind: 'counter', tallies: [{ question: '整體而言', scale: 'three', indicator: 'overallSatisfaction', counts: [70, 4, 1], invalid: 2 }] })
    await manager.indicator.enterPhoneTests({ branchId: tpe, tests: [{ testedOn: '2025-03-05', person: '王小明', extension: '0123', total: 92.5 }] })
    expect((await importFile(s.users.manager, Buffer.from(await buildIndicatorWorkbook(goodData)))).statusCode).toBe(200)
    // Not in the template: a waiting-time tally and a quarter's tally.
    await manager.indicator.enterSurveyTallies({ ...month, surveyKind: 'public', tallies: [{ question: '申辦時間', scale: 'waitingTime', counts: [69, 52, 13, 2, 0], invalid: 30 }] })
    await manager.indicator.enterSurveyTallies({ branchId: tpe, periodStart: '2025-04-01', periodEnd: '2025-06-30', surveyKind: 'public', tallies: [{ question: '季調查', scale: 'five', counts: [1, 1, 1, 1, 1] }] })
    // Outside the period: not exported.
    await manager.indicator.enterPhoneTests({ branchId: tpe, tests: [{ testedOn: '2025-07-01', person: '下半年', total: 80 }] })

    const res = await get(s.users.manager, url(tpe))
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toBe(XLSX)
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('臺北分署_1140101-1140630_指標資料.xlsx'))
    const exported = await parseIndicatorWorkbook(new Uint8Array(res.rawPayload))
    expect(exported.ok).toBe(true)
    if (!exported.ok) return
    expect(exported.data.surveys).toHaveLength(5)
    expect(exported.data.phoneTests.map((p) => [p.testedOn, p.person, p.unit, p.extension, p.score])).toEqual([
      ['2025-03-05', '王小明', '', '0123', 92.5],
      ['2025-03-05', '王小明', '行政科', '', 92],
    ])
    const help = new ExcelJS.Workbook()
    await help.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const notes: string[] = []
    help.getWorksheet('說明')!.eachRow((row) => notes.push(String(row.getCell(1).value)))
    expect(notes.join('\n')).toMatch(/等候時間資料 1 筆[\s\S]*非單一月份之問卷資料 1 筆/)

    expect(exported.data.phoneTests.every((p) => p.id !== null)).toBe(true)

    // Imported unchanged — once, or twice — the export is a no-op: nothing written, no version moves.
    const versionsOf = async () => ({
      phones: (await database.db.selectFrom('phoneTest').select(['id', 'version']).where('branchId', '=', tpe).orderBy('id').execute()).map((r) => r.version),
      tallies: (await database.db.selectFrom('surveyTally').select(['id', 'version']).where('branchId', '=', tpe).orderBy('id').execute()).map((r) => r.version),
    })
    const unchangedBefore = { versions: await versionsOf(), rows: await stored(tpe) }
    for (let k = 0; k < 2; k++) {
      const same = await importFile(s.users.manager, res.rawPayload)
      expect(same.statusCode, same.body).toBe(200)
      expect(same.json()).toEqual({ surveys: 0, phoneTests: 0, objections: 0, unchanged: 7 })
    }
    expect({ versions: await versionsOf(), rows: await stored(tpe) }).toEqual(unchangedBefore)

    // Round trip: overwrite what the export carries, import the export, and the stored rows are as exported.
    const before = await stored(tpe)
    await database.db.updateTable('surveyTally').set((eb) => ({ invalid: eb('invalid', '+', 1000) })).where('branchId', '=', tpe).execute()
    await database.db.updateTable('phoneTest').set({ total: 1, note: '改過', extension: null }).where('branchId', '=', tpe).where('testedOn', '<=', '2025-06-30').execute()
    expect(await stored(tpe)).not.toEqual(before)
    const reimport = await importFile(s.users.manager, res.rawPayload)
    expect(reimport.statusCode, reimport.body).toBe(200)
    expect(reimport.json()).toEqual({ surveys: 5, phoneTests: 2, objections: 0, unchanged: 0 })
    const after = await stored(tpe)
    expect(after.phones).toEqual(before.phones)
    // Updated in place, with a new version: a correction opened before the import is now stale.
    const versions = await database.db.selectFrom('phoneTest').select('version').where('branchId', '=', tpe).where('testedOn', '<=', '2025-06-30').execute()
    expect(versions.map((v) => v.version)).toEqual([2, 2])
    // The five exported tallies are back; the two the template cannot carry keep the change.
    expect(after.tallies.filter((t) => before.tallies.includes(t))).toHaveLength(5)
    expect(after.tallies).toHaveLength(before.tallies.length)
    // Replaced tallies move to a new version too: a delete opened on the indicator page before the import is stale.
    const tallyVersions = await database.db.selectFrom('surveyTally').select('version').where('branchId', '=', tpe).execute()
    expect(tallyVersions.map((v) => v.version).sort()).toEqual([1, 1, 2, 2, 2, 2, 2])

    // The same export again: its tests changed since (they are at version 2 now), so it would
    // overwrite those changes — refused, naming each row, and nothing changes.
    const beforeStale = await stored(tpe)
    const stale = await importFile(s.users.manager, res.rawPayload)
    expect(stale.statusCode).toBe(400)
    expect(stale.json().problems.map((p: { rule: string; column: string }) => [p.rule, p.column])).toEqual([
      ['STALE_ROW', '版本'],
      ['STALE_ROW', '版本'],
    ])
    expect(stale.json().problems[0].message).toContain('已於匯出後被修改（目前為第 2 版）')
    expect(await stored(tpe)).toEqual(beforeStale)

    // From a fresh export: a row without 編號 (and 版本) is a new test; 編號 of another branch's test
    // is refused and nothing changes.
    const fresh = await get(s.users.manager, url(tpe))
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(fresh.rawPayload as unknown as ArrayBuffer)
    const phoneSheet = workbook.getWorksheet('電話禮貌測試')!
    const idColumn = (phoneSheet.getRow(1).values as unknown[]).indexOf('編號')
    const versionColumn = (phoneSheet.getRow(1).values as unknown[]).indexOf('版本')
    phoneSheet.getRow(2).getCell(idColumn).value = null
    phoneSheet.getRow(2).getCell(versionColumn).value = null
    expect((await importFile(s.users.manager, Buffer.from(await workbook.xlsx.writeBuffer()))).statusCode).toBe(200)
    expect((await stored(tpe)).phones).toHaveLength(before.phones.length + 1)
    const ila = (await callerFor(database, s.users.admin).indicator.enterPhoneTests({ branchId: s.users.branchIds.ILA!, tests: [{ testedOn: '2025-03-05', person: '宜蘭', total: 70 }] })).ids[0]!
    phoneSheet.getRow(2).getCell(idColumn).value = ila
    phoneSheet.getRow(2).getCell(versionColumn).value = 1
    // Row 3 went through the import above unchanged (a no-op): its 版本 is still current, so only the foreign 編號 is wrong.
    const unchanged = await stored(tpe)
    const refused = await importFile(s.users.admin, Buffer.from(await workbook.xlsx.writeBuffer()))
    expect(refused.statusCode).toBe(400)
    expect(refused.json().problems.map((p: { rule: string }) => p.rule)).toEqual(['UNKNOWN_ROW'])
    expect(await stored(tpe)).toEqual(unchanged)
  })

  it('exports the objections (聲明異議) with 編號 and 版本 and imports them back under the same all-or-nothing and STALE_ROW rules', async () => {
    const tpe = s.users.branchIds.TPE!
    const manager = callerFor(database, s.users.manager)
    await manager.objection.enter({
      branchId: tpe,
      objections: [
        { receivedOn: '2025-03-01', subject: '扣押薪資', finding: 'wellFounded', correctedOn: '2025-03-03' },
        { receivedOn: '2025-04-02', finding: 'unfounded', forwardedOn: '2025-04-10', decidedOn: '2025-05-01' },
        { receivedOn: '2025-06-20' },
      ],
    })
    // Outside the period: not exported.
    await manager.objection.enter({ branchId: tpe, objections: [{ receivedOn: '2025-07-02' }] })
    const rows = async () =>
      (
        await database.db
          .selectFrom('objection')
          .select(['id', 'version', 'subject', 'finding'])
          .select((eb) => [eb.fn<string>('to_char', ['receivedOn', eb.val('YYYY-MM-DD')]).as('receivedOn'), eb.fn<string | null>('to_char', ['correctedOn', eb.val('YYYY-MM-DD')]).as('correctedOn'), eb.fn<string | null>('to_char', ['forwardedOn', eb.val('YYYY-MM-DD')]).as('forwardedOn'), eb.fn<string | null>('to_char', ['decidedOn', eb.val('YYYY-MM-DD')]).as('decidedOn')])
          .where('branchId', '=', tpe)
          .orderBy('id')
          .execute()
      ).map((r) => ({ ...r }))

    const res = await get(s.users.manager, url(tpe))
    expect(res.statusCode, res.body).toBe(200)
    const exported = await parseIndicatorWorkbook(new Uint8Array(res.rawPayload))
    expect(exported.ok).toBe(true)
    if (!exported.ok) return
    const stored = await rows()
    expect(exported.data.objections.map((o) => [o.receivedOn, o.subject, o.finding, o.correctedOn, o.forwardedOn, o.decidedOn, o.id, o.version])).toEqual([
      ['2025-03-01', '扣押薪資', 'wellFounded', '2025-03-03', null, null, stored[0]!.id, 1],
      ['2025-04-02', '', 'unfounded', null, '2025-04-10', '2025-05-01', stored[1]!.id, 1],
      ['2025-06-20', '', null, null, null, null, stored[2]!.id, 1],
    ])

    // The export imported unchanged is a no-op: no write, no version moves.
    const same = await importFile(s.users.manager, res.rawPayload)
    expect(same.statusCode, same.body).toBe(200)
    expect(same.json()).toEqual({ surveys: 0, phoneTests: 0, objections: 0, unchanged: 3 })
    expect(await rows()).toEqual(stored)

    // Round trip: change the stored rows, import the export, and they are as exported again (version 2).
    await database.db.updateTable('objection').set({ subject: '改過', finding: null, correctedOn: null }).where('id', '=', stored[0]!.id).execute()
    await database.db.updateTable('objection').set({ decidedOn: null }).where('id', '=', stored[1]!.id).execute()
    const back = await importFile(s.users.manager, res.rawPayload)
    expect(back.statusCode, back.body).toBe(200)
    expect(back.json()).toEqual({ surveys: 0, phoneTests: 0, objections: 2, unchanged: 1 })
    expect(await rows()).toEqual(stored.map((r, k) => (k < 2 ? { ...r, version: 2 } : r)))

    // The same export again: two of its rows changed since (version 2) — refused, naming each, nothing changes.
    const before = await rows()
    const stale = await importFile(s.users.manager, res.rawPayload)
    expect(stale.statusCode).toBe(400)
    expect(stale.json().problems.map((p: { sheet: string; rule: string; column: string }) => [p.sheet, p.rule, p.column])).toEqual([
      ['聲明異議', 'STALE_ROW', '版本'],
      ['聲明異議', 'STALE_ROW', '版本'],
    ])
    expect(await rows()).toEqual(before)

    // A fresh export with a new row (no 編號) and a broken one (decided before forwarded): all or nothing.
    const fresh = await get(s.users.manager, url(tpe))
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(fresh.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('聲明異議')!
    sheet.addRow(['TPE', '114/05/05', '新案', '無理由', null, '114/05/10', null, null, null])
    sheet.getRow(3).getCell(7).value = '114/04/01'
    const broken = await importFile(s.users.manager, Buffer.from(await workbook.xlsx.writeBuffer()))
    expect(broken.statusCode).toBe(400)
    expect(broken.json().problems.map((p: { row: number; rule: string; column: string }) => [p.row, p.rule, p.column])).toEqual([[3, 'INVALID_DATE', '決定日期（G欄）']])
    expect(await rows()).toEqual(before)
    sheet.getRow(3).getCell(7).value = '114/05/01'
    const added = await importFile(s.users.manager, Buffer.from(await workbook.xlsx.writeBuffer()))
    expect(added.statusCode, added.body).toBe(200)
    expect(added.json()).toEqual({ surveys: 0, phoneTests: 0, objections: 1, unchanged: 3 })
    expect((await rows()).at(-1)).toMatchObject({ subject: '新案', finding: 'unfounded', receivedOn: '2025-05-05', forwardedOn: '2025-05-10', decidedOn: null, version: 1 })

    // 編號 of another branch's objection is refused.
    const ila = (await callerFor(database, s.users.admin).objection.enter({ branchId: s.users.branchIds.ILA!, objections: [{ receivedOn: '2025-03-05' }] })).ids[0]!
    const foreign = Buffer.from(await buildIndicatorWorkbook({ objections: [{ branchCode: 'TPE', receivedOn: '2025-03-05', id: ila, version: 1 }] }))
    const refused = await importFile(s.users.admin, foreign)
    expect(refused.statusCode).toBe(400)
    expect(refused.json().problems.map((p: { rule: string }) => p.rule)).toEqual(['UNKNOWN_ROW'])
  })

  it('is scoped like the results report: 404 for another branch, 401 anonymous, 400 for a bad period', async () => {
    const tpe = s.users.branchIds.TPE!
    for (const user of [s.users.admin, s.users.viewer, s.users.convener, s.users.staff]) expect((await get(user, url(tpe))).statusCode, user.username).toBe(200)
    expect((await get(s.users.otherStaff, url(tpe))).statusCode).toBe(404)
    expect((await get(s.users.convener, url(tpe, '2030-01-01', '2030-06-30'))).statusCode).toBe(404)
    expect((await get(null, url(tpe))).statusCode).toBe(401)
    expect((await get(s.users.staff, url(tpe, '2025-06-30', '2025-01-01'))).statusCode).toBe(400)
    expect((await get(s.users.staff, url(tpe, '2025-13-01', '2025-12-31'))).statusCode).toBe(400)
    expect((await get(s.users.staff, url(999999))).statusCode).toBe(404)
  })
})

describe('report.narrative', () => {
  it('round-trips the sections and keeps other branches out', async () => {
    const key = { branchId: s.users.branchIds.TPE!, rocYear: 114, report: 2 as const }
    await callerFor(database, s.users.staff).report.narrative.save({ ...key, sections: { 'evaluation.response': { text: '陳情案件均於6日內結案。', expectedVersion: 0 } } })
    const got = await callerFor(database, s.users.convener).report.narrative.get(key)
    expect(got.sections.find((x) => x.key === 'evaluation.response')?.text).toBe('陳情案件均於6日內結案。')
    expect(got.sections).toHaveLength(9)
    await expect(callerFor(database, s.users.otherStaff).report.narrative.get(key)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(callerFor(database, s.users.convener).report.narrative.save({ ...key, sections: {} })).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('refuses a save made from text read before someone else saved the section, with the current text, and overwrites nothing', async () => {
    const key = { branchId: s.users.branchIds.TPE!, rocYear: 114, report: 1 as const }
    const staff = callerFor(database, s.users.staff)
    const manager = callerFor(database, s.users.manager)
    const read = (await staff.report.narrative.get(key)).sections.find((x) => x.key === 'basic.consistency')!
    expect(read.version).toBe(0)
    const first = await manager.report.narrative.save({ ...key, sections: { 'basic.consistency': { text: '主管的版本。', expectedVersion: read.version } } })
    expect(first.sections).toEqual([{ sectionKey: 'basic.consistency', text: '主管的版本。', version: 1 }])
    const stale = await staff.report.narrative.save({ ...key, sections: { 'basic.consistency': { text: '承辦人的版本。', expectedVersion: read.version }, 'basic.friendliness': { text: '新段落。', expectedVersion: 0 } } }).catch((e: unknown) => e)
    expect(stale).toMatchObject({ code: 'CONFLICT' })
    const after = (await staff.report.narrative.get(key)).sections
    expect(after.find((x) => x.key === 'basic.consistency')).toMatchObject({ text: '主管的版本。', version: 1 })
    // All or nothing: the other section of the refused save was not written either.
    expect(after.find((x) => x.key === 'basic.friendliness')).toMatchObject({ text: '', version: 0 })
    const again = await staff.report.narrative.save({ ...key, sections: { 'basic.consistency': { text: '承辦人的版本。', expectedVersion: 1 } } })
    expect(again.sections[0]!.version).toBe(2)
  })
})
