const CAPITAL_DIGITS = ['零', '壹', '貳', '參', '肆', '伍', '陸', '柒', '捌', '玖'] as const
const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const

function chineseNumber(n: number, digits: readonly string[], ten: string): string {
  if (n < 10) return digits[n]!
  const tens = Math.floor(n / 10)
  const units = n % 10
  return `${tens === 1 ? '' : digits[tens]}${ten}${units === 0 ? '' : digits[units]}`
}

/** Outline level of the official numbering: 0 壹、 · 1 一、 · 2 (一) · 3 1. · 4 (1). */
export type OutlineLevel = 0 | 1 | 2 | 3 | 4

/**
 * The label of the `n`-th heading (1-based) at `level`, in the official order 壹、一、(一)、1、(1)
 * (seed 001, 成果報告體例 2(3)). Levels 0–2 count in Chinese numerals up to 99.
 * @throws RangeError if `n` is not an integer 1–99.
 * @example outlineNumber(0, 3) // '參、'
 * @example outlineNumber(2, 12) // '(十二)'
 */
export function outlineNumber(level: OutlineLevel, n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`outline number must be 1–99, got ${n}`)
  switch (level) {
    case 0:
      return `${chineseNumber(n, CAPITAL_DIGITS, '拾')}、`
    case 1:
      return `${chineseNumber(n, DIGITS, '十')}、`
    case 2:
      return `(${chineseNumber(n, DIGITS, '十')})`
    case 3:
      return `${n}.`
    case 4:
      return `(${n})`
  }
}
