/**
 * Finds the branch unit for a catalogue's default unit name: the exact name, else the first
 * numbered variant — catalogues say 執行科 where a branch has 執行一科 and 執行二科. Null when
 * nothing fits (the user then chooses). Never throws.
 * @example matchUnit('執行科', [{ id: 4, name: '執行一科' }, { id: 5, name: '執行二科' }]) // { id: 4, … }
 */
export function matchUnit<U extends { name: string }>(name: string, units: readonly U[]): U | null {
  const exact = units.find((u) => u.name === name)
  if (exact) return exact
  if (name.length < 2) return null
  const head = name.slice(0, -1)
  const tail = name.slice(-1)
  return units.find((u) => u.name.startsWith(head) && u.name.endsWith(tail) && u.name.length > name.length) ?? null
}
