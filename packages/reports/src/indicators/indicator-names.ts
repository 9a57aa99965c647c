import { INDICATOR_KEYS, INDICATOR_TITLES, type IndicatorKey } from '@leap/domain'

/**
 * Printed names of the measured indicators (the domain's Traditional Chinese titles), for the
 * workbooks. Identifiers stay in English; Chinese belongs in output.
 */
export const INDICATOR_NAMES: Readonly<Record<IndicatorKey, string>> = Object.fromEntries(INDICATOR_KEYS.map((k) => [k, INDICATOR_TITLES[k].zh])) as Record<IndicatorKey, string>
