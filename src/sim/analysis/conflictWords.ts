/**
 * How the page, the CLI and the comparisons word a number of conflicts, as the literature counts them (DDIA 5,
 * "Handling write conflicts"; Dynamo §4.4): a conflict is one set of concurrent writes to one key, counted once
 * however many replicas detect or resolve it (engine/conflictLog.ts). No imports: the page's first chunk uses it.
 */

/** "1 conflict (a set of concurrent writes to one key)", "12 conflicts (sets of concurrent writes to one key)". */
export function conflictsText(n: number): string {
  if (n === 1) return '1 conflict (a set of concurrent writes to one key)';
  return `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} conflicts (sets of concurrent writes to one key)`;
}
