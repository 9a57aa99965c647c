import type { Catalogue, IndicatorKey } from '@leap/domain'
import { RESULTS_REPORT_DATA, RESULTS_REPORT_SECTIONS, type ResultsReportDataKind, type ResultsReportSection } from './results-report.schema.js'

/**
 * Where each data table goes when the seeds do not say: the section holding the first criterion
 * (in this order of indicators) whose tiers are decided by the indicator; waiting time follows the
 * survey when no criterion measures it; anything still unplaced goes to the last section.
 */
const PLACEMENT: Record<ResultsReportDataKind, readonly IndicatorKey[]> = {
  phoneTests: ['phoneCourtesyAverage', 'courtesySatisfaction'],
  remediation: ['remediationClosedShare'],
  survey: ['overallSatisfaction', 'environmentSatisfaction', 'courtesySatisfaction', 'professionalismSatisfaction'],
  waitingTime: ['within15MinutesShare'],
  petitions: ['petitionsWithin6DaysShare'],
  // No indicator measures these: cadence follows the remediation status, objections the petitions.
  cadence: [],
  objections: [],
}

/** The programme a catalogue belongs to: its title without 考核項目評分表 (提升服務品質, 服務躍升…). */
function programmeOf(catalogue: Catalogue): string {
  return catalogue.title.zh.replace(/(考核項目)?評分表$/, '').trim() || catalogue.title.zh
}

/**
 * The results-report structure of a catalogue: one section per sub-area of each dimension (per
 * criterion where a dimension has no sub-areas), titled from the catalogue, so a 100年 v1 report
 * reads 優質便民服務 › 服務流程 … and a 106年+ v2 report 基礎服務 › 服務一致及正確 …. A section
 * the seeds' v2 structure names the same (dimension and title) keeps its key — narratives stored
 * under it still print — and its data tables; other data tables are placed by the indicators the
 * catalogue's tiers measure (see PLACEMENT). Never throws.
 * @example resultsReportStructureFromCatalogue(QUALITY_V1).sections[0] // { key: 'citizen-service.process', dimension: '優質便民服務', title: '服務流程', data: [] }
 */
export function resultsReportStructureFromCatalogue(catalogue: Catalogue): { programme: string; sections: ResultsReportSection[] } {
  const known = new Map<string, ResultsReportSection>(RESULTS_REPORT_SECTIONS.map((s) => [`${s.dimension}/${s.title}`, s]))
  const measured: Map<string, Set<IndicatorKey>> = new Map()
  const sections: { key: string; dimension: string; title: string; data: ResultsReportDataKind[] }[] = []
  for (const d of catalogue.dimensions) {
    const groups = d.subAreas?.length
      ? d.subAreas.map((a) => ({ code: a.code, title: a.title.zh, criteria: d.criteria.filter((c) => c.subArea === a.code) }))
      : d.criteria.map((c) => ({ code: c.code, title: c.title.zh, criteria: [c] }))
    for (const g of groups) {
      const seed = known.get(`${d.title.zh}/${g.title}`)
      const key = seed?.key ?? `${d.code}.${g.code}`
      sections.push({ key, dimension: d.title.zh, title: g.title, data: seed ? [...seed.data] : [] })
      measured.set(key, new Set(g.criteria.flatMap((c) => c.tiers.flatMap((t) => (t.rule ? [t.rule.indicator] : [])))))
    }
  }
  const placed = new Set(sections.flatMap((s) => s.data))
  const sectionMeasuring = (indicators: readonly IndicatorKey[]) => {
    for (const indicator of indicators) {
      const found = sections.find((s) => measured.get(s.key)!.has(indicator))
      if (found) return found
    }
    return undefined
  }
  for (const kind of RESULTS_REPORT_DATA) {
    if (placed.has(kind)) continue
    const target =
      sectionMeasuring(PLACEMENT[kind]) ?? (kind === 'waitingTime' ? sections.find((s) => s.data.includes('survey')) : undefined) ??
      (kind === 'cadence' ? sections.find((s) => s.data.includes('remediation')) : undefined) ??
      (kind === 'objections' ? sections.find((s) => s.data.includes('petitions')) : undefined) ?? sections[sections.length - 1]!
    target.data.push(kind)
  }
  for (const s of sections) s.data.sort((a, b) => RESULTS_REPORT_DATA.indexOf(a) - RESULTS_REPORT_DATA.indexOf(b))
  return { programme: programmeOf(catalogue), sections }
}
