// Raw statements (`db.execute`) answer differently per driver: postgres.js with the rows
// themselves, PGlite with an object holding them.
export function rowsOf<Row>(result: unknown): Row[] {
  return Array.isArray(result) ? (result as Row[]) : ((result as { rows?: Row[] }).rows ?? []);
}
