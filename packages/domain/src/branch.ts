import { DomainError } from './errors.js'

/** A branch (分署) of the Administrative Enforcement Agency, with the units that receive remediation items. */
export interface Branch {
  /** Three-letter code, e.g. `TPE`. */
  code: string
  /** Official name, e.g. 臺北分署. */
  name: string
  /** English name. */
  nameEn: string
}

/**
 * The 13 branches of the agency (DOMAIN.md §1), in the agency's customary order.
 * Before 2012 they were called 行政執行處.
 */
export const BRANCHES: readonly Branch[] = [
  { code: 'TPE', name: '臺北分署', nameEn: 'Taipei Branch' },
  { code: 'NTP', name: '新北分署', nameEn: 'New Taipei Branch' },
  { code: 'SLN', name: '士林分署', nameEn: 'Shilin Branch' },
  { code: 'TYN', name: '桃園分署', nameEn: 'Taoyuan Branch' },
  { code: 'HSZ', name: '新竹分署', nameEn: 'Hsinchu Branch' },
  { code: 'TXG', name: '臺中分署', nameEn: 'Taichung Branch' },
  { code: 'CHW', name: '彰化分署', nameEn: 'Changhua Branch' },
  { code: 'CYI', name: '嘉義分署', nameEn: 'Chiayi Branch' },
  { code: 'TNN', name: '臺南分署', nameEn: 'Tainan Branch' },
  { code: 'KHH', name: '高雄分署', nameEn: 'Kaohsiung Branch' },
  { code: 'PIF', name: '屏東分署', nameEn: 'Pingtung Branch' },
  { code: 'HUN', name: '花蓮分署', nameEn: 'Hualien Branch' },
  { code: 'ILA', name: '宜蘭分署', nameEn: 'Yilan Branch' },
]

/** Units inside a branch (承辦單位) that receive remediation items (DOMAIN.md §1). */
export const DEFAULT_UNITS: readonly string[] = ['執行一科', '執行二科', '秘書室', '政風室', '統計室', '人事室', '會計室']

/**
 * The branch unit that receives a criterion's remediation items, from the catalogue's default
 * unit name (`Criterion.defaultUnit`). Catalogues name the function, e.g. 執行科, while a branch
 * may split it into numbered units (執行一科, 執行二科): the rule is the unit of exactly that name,
 * else the first unit (in the order given) that is a numbered variant of it — same name with
 * something inserted before its last character — else null, and the convener chooses. Never a
 * guess from another function: 會計室 never falls back to 秘書室.
 * @example matchBranchUnit('執行科', [{ id: 4, name: '執行一科' }, { id: 5, name: '執行二科' }]) // { id: 4, name: '執行一科' }
 * @example matchBranchUnit('秘書室', [{ id: 4, name: '執行一科' }, { id: 6, name: '秘書室' }]) // { id: 6, name: '秘書室' }
 * @example matchBranchUnit('會計室', [{ id: 6, name: '秘書室' }]) // null
 */
export function matchBranchUnit<U extends { name: string }>(defaultUnit: string, units: readonly U[]): U | null {
  if (typeof defaultUnit !== 'string') throw new DomainError('INVALID_CATALOGUE', 'defaultUnit: must be a unit name', [{ path: ['defaultUnit'], message: 'must be a string' }])
  if (!Array.isArray(units) || units.some((u) => u === null || typeof u !== 'object' || typeof u.name !== 'string')) {
    throw new DomainError('INVALID_CATALOGUE', 'units: must be a list of { name }', [{ path: ['units'], message: 'must be a list of objects with a name' }])
  }
  const exact = units.find((u) => u.name === defaultUnit)
  if (exact) return exact
  if (defaultUnit.length < 2) return null
  const head = defaultUnit.slice(0, -1)
  const tail = defaultUnit.slice(-1)
  return units.find((u) => u.name.length > defaultUnit.length && u.name.startsWith(head) && u.name.endsWith(tail)) ?? null
}
