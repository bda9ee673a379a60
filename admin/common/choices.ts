// SelectInput choices whose label is the raw API value, so a filter reads the same as the column.
export function choicesOf(values: readonly string[]): { id: string; name: string }[] {
  return values.map((value) => ({ id: value, name: value }));
}
