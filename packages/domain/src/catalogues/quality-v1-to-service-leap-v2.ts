import type { CatalogueMapping } from '../catalogue-mapping.js'

/**
 * Criterion mapping from v1 提升服務品質 (100年) to v2 服務躍升 (106年). Best effort and our own
 * assumption, read from the seed headings (001 for v1, 002 for v2): no official concordance exists.
 * Use it to carry v1 scores into v2 terms for trend charts, never to rescore an inspection.
 */
export const QUALITY_V1_TO_SERVICE_LEAP_V2: CatalogueMapping = {
  from: { id: 'service-quality', version: 1 },
  to: { id: 'service-leap', version: 2 },
  note: '本對照為本系統之假設（依種子文件標題推定），僅供趨勢比較。Our assumption from the seed headings, for trends only.',
  links: [
    { kind: 'split', from: ['process-convenience'], to: ['one-stop-counter', 'fewer-documents'], note: '單一窗口、派駐 / 書表減量' },
    { kind: 'renamed', from: ['process-transparency'], to: ['sop-and-forms'], note: '作業流程標示及查詢 → 標準作業流程公開' },
    { kind: 'split', from: ['venue-convenience'], to: ['facilities', 'environment-satisfaction'] },
    { kind: 'split', from: ['staff-conduct'], to: ['courtesy-satisfaction', 'phone-courtesy', 'attitude-assessment'] },
    { kind: 'retired', from: ['service-marketing'], to: [], note: '宣導及公益活動不再單列' },
    { kind: 'split', from: ['citizen-satisfaction'], to: ['professionalism-satisfaction', 'satisfaction-review'] },
    { kind: 'split', from: ['opinion-handling'], to: ['petitions-within-6-days', 'opinion-response'] },
    { kind: 'renamed', from: ['information-disclosure'], to: ['disclosure-ratio'] },
    { kind: 'merged', from: ['information-search', 'online-services', 'e-participation'], to: ['website'], note: '網站檢索、線上服務、電子參與 → 網站使用便利性' },
    { kind: 'renamed', from: ['creative-services'], to: ['proactive-services'] },
    { kind: 'renamed', from: ['continuity-benchmarking'], to: ['benchmarking-innovation'] },
    { kind: 'renamed', from: ['method-effectiveness'], to: ['improvement-mechanism'] },
    { kind: 'new', from: [], to: ['staff-training'] },
    { kind: 'new', from: [], to: ['payment-channels'] },
    { kind: 'new', from: [], to: ['vulnerable-access'] },
    { kind: 'new', from: [], to: ['internal-simplification'] },
    { kind: 'new', from: [], to: ['served-within-15-minutes'] },
  ],
}
