/** Points as people write them: at most two decimals, no trailing zeros (`812.5`, `750`). Never throws. */
export function formatPoints(points: number | null | undefined): string {
  if (points === null || points === undefined || !Number.isFinite(points)) return '–'
  return String(Math.round(points * 100) / 100)
}
