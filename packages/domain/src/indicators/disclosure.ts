import { ratioPercent } from '../rounding.js'
import { invalidIndicator } from './validate.js'
import { describeValue } from '../input.js'

/**
 * The 10 classes of government information to publish proactively under 政府資訊公開法 §7 ¶1
 * (clause number and short label).
 */
export const DISCLOSURE_CLASSES: readonly { clause: number; label: string }[] = [
  { clause: 1, label: '條約、對外關係文書、法律、緊急命令、法規命令及地方自治法規' },
  { clause: 2, label: '解釋性規定及裁量基準' },
  { clause: 3, label: '組織、職掌、地址、電話、傳真、網址及電子郵件信箱帳號' },
  { clause: 4, label: '行政指導有關文書' },
  { clause: 5, label: '施政計畫、業務統計及研究報告' },
  { clause: 6, label: '預算及決算書' },
  { clause: 7, label: '請願之處理結果及訴願之決定' },
  { clause: 8, label: '書面之公共工程及採購契約' },
  { clause: 9, label: '支付或接受之補助' },
  { clause: 10, label: '合議制機關之會議紀錄' },
]

/** Which §7 classes apply to the branch and which of those it publishes, by clause number 1–10. */
export interface DisclosureInput {
  applicable: readonly number[]
  published: readonly number[]
}

/** Result of {@link disclosureRatio}. */
export interface DisclosureRatio {
  applicable: number
  published: number
  /** published / applicable × 100, half up to 2 decimals; `null` when no class applies. */
  ratio: number | null
  /** Applicable clauses not published, ascending — what the committee would list as a finding. */
  missing: number[]
}

function clauses(list: readonly number[], field: 'applicable' | 'published'): Set<number> {
  if (!Array.isArray(list)) throw invalidIndicator(field, 'must be a list of §7 clauses 1–10')
  const seen = new Set<number>()
  list.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 1 || c > 10) throw invalidIndicator([field, i], `must be a §7 clause 1–10, got ${describeValue(c)}`)
    if (seen.has(c)) throw invalidIndicator([field, i], `clause ${c} is listed twice`)
    seen.add(c)
  })
  return seen
}

/**
 * The §7 proactive-disclosure ratio counting only the classes that apply (seed 002: clauses 7, 9,
 * 10 do not apply, the other 7 are published → 100.00).
 * @throws DomainError `INVALID_INDICATOR` naming `applicable.i` / `published.i` for a clause outside
 *   1–10 or listed twice, or a published clause that is not applicable.
 * @example disclosureRatio({ applicable: [1, 2, 3, 4, 5, 6, 8], published: [1, 2, 3, 4, 5, 6, 8] }).ratio // 100
 */
export function disclosureRatio(input: DisclosureInput): DisclosureRatio {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw invalidIndicator('input', 'must be an object with applicable and published')
  const applicable = clauses(input.applicable, 'applicable')
  const published = clauses(input.published, 'published')
  input.published.forEach((c, i) => {
    if (!applicable.has(c)) throw invalidIndicator(['published', i], `clause ${c} is published but not marked applicable`)
  })
  return {
    applicable: applicable.size,
    published: published.size,
    ratio: applicable.size === 0 ? null : ratioPercent(published.size, applicable.size),
    missing: [...applicable].filter((c) => !published.has(c)).sort((a, b) => a - b),
  }
}
