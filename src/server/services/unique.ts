/** The distinct values, nulls left out, in the order first seen (ids to fetch in one query). */
export function unique<T>(values: readonly (T | null | undefined)[]): T[] {
  return [...new Set(values.filter((v): v is T => v !== null && v !== undefined))];
}
