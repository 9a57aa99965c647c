// Internal: exact point arithmetic. Points carry at most two decimals, so every sum is done on
// integer hundredths and converted back once; floats never accumulate (no 749.999…).

/** True when `n` is finite and has at most two decimals (tolerating binary noise such as 0.1 + 0.2). */
export function isHundredths(n: number): boolean {
  if (!Number.isFinite(n)) return false
  const scaled = n * 100
  return Math.abs(scaled - Math.round(scaled)) < 1e-6
}

/** `n` in integer hundredths; call only after {@link isHundredths}. */
export function toHundredths(n: number): number {
  return Math.round(n * 100)
}

/** Integer hundredths back to points (exactly representable to two decimals when printed). */
export function fromHundredths(h: number): number {
  return h / 100
}
