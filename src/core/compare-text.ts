/** Orders strings by UTF-16 code units: the same order in every locale, and without starting ICU (~10 ms) as `localeCompare` does. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
