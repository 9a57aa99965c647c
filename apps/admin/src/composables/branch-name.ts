import { BRANCHES } from '@leap/domain'

const englishByName = new Map(BRANCHES.map((b) => [b.name, b.nameEn]))

/**
 * A branch's name in the UI language — the one place the admin decides it. Chinese: the name as
 * stored. English: the English name given with the branch, else the agency's English name from
 * @leap/domain's `BRANCHES` (most server answers carry only `branchName`, in Chinese), else the
 * stored name (a branch the domain does not know). '' for no branch. Never throws.
 * @example branchName('臺北分署', 'en') // 'Taipei Branch'
 * @example branchName({ name: '臺北分署', nameEn: 'Taipei Branch' }, 'zh-TW') // '臺北分署'
 */
export function branchName(branch: string | { name: string; nameEn?: string | null } | null | undefined, locale: string): string {
  if (!branch) return ''
  const { name, nameEn } = typeof branch === 'string' ? { name: branch, nameEn: null } : branch
  if (!locale.startsWith('en')) return name
  return nameEn || englishByName.get(name) || name
}
