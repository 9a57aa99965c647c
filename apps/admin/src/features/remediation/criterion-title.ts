import { QUALITY_V1, SERVICE_LEAP_V2, type Catalogue } from '@leap/domain'

type Bilingual = { zh: string; en: string }

const titles = new Map<string, Bilingual>()
// The newer catalogue wins where both use a code.
for (const catalogue of [QUALITY_V1, SERVICE_LEAP_V2] as readonly Catalogue[]) {
  for (const d of catalogue.dimensions) for (const c of d.criteria) titles.set(c.code, c.title)
}

/**
 * A criterion's title (zh and en) from its code, for pages that carry only the code (a remediation
 * item, a meeting item): people read the title, never the code. Looks the code up in the
 * catalogues the system ships; null for an unknown code (the caller shows its own fallback, never
 * the code). Never throws.
 */
export function criterionTitleOf(code: string | null | undefined): Bilingual | null {
  return (code && titles.get(code)) || null
}
