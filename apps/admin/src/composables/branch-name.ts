/** A branch's name in the UI language (its English name when there is one). Never throws. */
export function branchName(branch: { name: string; nameEn?: string | null }, locale: string): string {
  return locale.startsWith('en') && branch.nameEn ? branch.nameEn : branch.name
}
