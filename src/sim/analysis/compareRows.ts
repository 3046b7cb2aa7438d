/**
 * The trade-off table of a comparison (compare.ts): one row per measure, each cell a column's figure, the best
 * marked, and each row read out in a sentence ("leader-follower lost 3 acknowledged writes; the others none"); and
 * the table as text for the CLI. Pure: the same metrics give the same rows.
 */

import type { CompareResult } from './compare.ts';
import { conflictsText } from './conflictWords.ts';
import type { RunMetrics } from './metrics.ts';
import { plural } from './plural.ts';

export type Better = 'lower' | 'higher';

export interface CompareRow {
  readonly key: string;
  readonly label: string;
  readonly better: Better;
  /** One value per column; null when it does not exist (no write completed, so no latency). */
  readonly values: readonly (number | null)[];
  /** Each value as shown: "12.3 ms", "97.5% (39/40)", "3 (7.5%)". */
  readonly display: readonly string[];
  /** Indexes of the best columns; empty when every column is equal. */
  readonly best: readonly number[];
  /** The row in a sentence. */
  readonly reading: string;
}

interface RowSpec {
  readonly key: string;
  readonly label: string;
  readonly better: Better;
  readonly value: (m: RunMetrics) => number | null;
  readonly show: (m: RunMetrics) => string;
  readonly read: (cols: readonly Named[]) => string;
}

interface Named {
  readonly label: string;
  readonly m: RunMetrics;
  readonly v: number | null;
}

const ms = (us: number | null): string => (us === null ? '—' : `${formatNumber(us / 1000)} ms`);
const pct = (share: number): string => `${formatNumber(share * 100)}%`;

/** Up to one decimal below 100, whole numbers above, thousands separated: stable text for tests and the CLI. */
export function formatNumber(x: number): string {
  const rounded = Math.abs(x) >= 100 ? Math.round(x) : Math.round(x * 10) / 10;
  const [int, frac] = String(Math.abs(rounded)).split('.');
  const grouped = (int ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${rounded < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** "a", "a and b", "a, b and c". */
export function listLabels(labels: readonly string[]): string {
  if (labels.length <= 1) return labels[0] ?? '';
  return `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

/** "leader-follower lost 3; the others none" for counts where zero is the good outcome. */
function countReading(verb: string, noun: (n: number) => string, none: string) {
  return (cols: readonly Named[]): string => {
    const hit = cols.filter((c) => (c.v ?? 0) > 0);
    if (hit.length === 0) return none;
    const parts = hit.map((c) => `${c.label} ${verb} ${noun(c.v ?? 0)}`);
    const clean = cols.filter((c) => (c.v ?? 0) === 0).map((c) => c.label);
    return `${parts.join('; ')}${clean.length > 0 ? `; ${listLabels(clean)} none` : ''}`;
  };
}

/** "leaderless was fastest (12 ms), leader-follower slowest (45 ms)" for latencies and volumes. */
function rangeReading(what: string, low: string, high: string, show: (v: number) => string) {
  return (cols: readonly Named[]): string => {
    const known = cols.filter((c): c is Named & { v: number } => c.v !== null);
    if (known.length === 0) return `no ${what} completed`;
    const min = Math.min(...known.map((c) => c.v));
    const max = Math.max(...known.map((c) => c.v));
    const missing = cols.filter((c) => c.v === null).map((c) => c.label);
    const tail = missing.length > 0 ? `; ${listLabels(missing)}: none completed` : '';
    if (show(min) === show(max)) {
      // "The same everywhere" only when every variant has a value: one that completed none is not the same.
      if (missing.length === 0) return `the same everywhere (${show(min)})`;
      const labels = listLabels(known.map((c) => c.label));
      return `${labels} ${show(min)}${known.length > 1 ? ' each' : ''}${tail}`;
    }
    const lows = listLabels(known.filter((c) => show(c.v) === show(min)).map((c) => c.label));
    const highs = listLabels(known.filter((c) => show(c.v) === show(max)).map((c) => c.label));
    return `${lows} ${low} (${show(min)}), ${highs} ${high} (${show(max)})${tail}`;
  };
}

const ROWS: readonly RowSpec[] = [
  {
    key: 'writeP50',
    label: 'Write latency p50',
    better: 'lower',
    value: (m) => m.writes.p50Us,
    show: (m) => ms(m.writes.p50Us),
    read: rangeReading('write', 'acknowledged writes fastest', 'slowest', (v) => ms(v)),
  },
  {
    key: 'writeP99',
    label: 'Write latency p99',
    better: 'lower',
    value: (m) => m.writes.p99Us,
    show: (m) => ms(m.writes.p99Us),
    read: rangeReading('write', 'had the shortest write tail', 'the longest', (v) => ms(v)),
  },
  {
    key: 'readP50',
    label: 'Read latency p50',
    better: 'lower',
    value: (m) => m.reads.p50Us,
    show: (m) => ms(m.reads.p50Us),
    read: rangeReading('read', 'answered reads fastest', 'slowest', (v) => ms(v)),
  },
  {
    key: 'readP99',
    label: 'Read latency p99',
    better: 'lower',
    value: (m) => m.reads.p99Us,
    show: (m) => ms(m.reads.p99Us),
    read: rangeReading('read', 'had the shortest read tail', 'the longest', (v) => ms(v)),
  },
  {
    key: 'availability',
    label: 'Availability',
    better: 'higher',
    value: (m) => m.availability,
    show: (m) => (m.availability === null ? '—' : `${pct(m.availability)} (${okOps(m)}/${completedOps(m)})`),
    read: (cols) => {
      const known = cols.filter((c): c is Named & { v: number } => c.v !== null);
      if (known.length === 0) return 'no operation completed';
      const full = known.filter((c) => c.v >= 1).map((c) => c.label);
      const short = known
        .filter((c) => c.v < 1)
        .map(
          (c) =>
            `${c.label} ${pct(c.v)} (${plural(failedWrites(c.m), 'write')} and ${plural(failedReads(c.m), 'read')} failed or unknown)`,
        );
      if (short.length === 0) return 'every completed operation succeeded everywhere';
      return `${full.length > 0 ? `${listLabels(full)} kept every operation succeeding; ` : ''}${short.join('; ')}`;
    },
  },
  {
    key: 'failedWrites',
    label: 'Writes failed or unknown',
    better: 'lower',
    value: (m) => failedWrites(m),
    show: (m) => `${failedWrites(m)} of ${m.writes.invoked}`,
    read: (cols) => {
      // A write still waiting for its answer at the run's end is neither failed nor acknowledged: with one,
      // "every write was acknowledged" would be false (bank-ledger-async's comparison: 20 of 21 acknowledged).
      const pending = cols.filter((c) => c.m.writes.pending > 0);
      const none =
        pending.length === 0
          ? 'every write was acknowledged'
          : `no write failed or was left unknown; still awaiting an answer at the end: ${pending
              .map((c) => `${c.label} ${plural(c.m.writes.pending, 'write')}`)
              .join(', ')}`;
      return countReading('could not confirm', (n) => (n === 1 ? '1 write' : `${n} writes`), none)(cols);
    },
  },
  {
    key: 'staleReads',
    label: 'Stale reads',
    better: 'lower',
    value: (m) => m.staleReads,
    show: (m) =>
      m.staleReadRate === null ? String(m.staleReads) : `${m.staleReads} (${pct(m.staleReadRate)})`,
    read: countReading('returned', (n) => `${n} stale ${n === 1 ? 'read' : 'reads'}`, 'no read was stale'),
  },
  {
    key: 'lostWrites',
    label: 'Lost acknowledged writes',
    better: 'lower',
    value: (m) => m.lostWrites,
    show: (m) => String(m.lostWrites),
    read: countReading(
      'lost',
      (n) => `${n} acknowledged ${n === 1 ? 'write' : 'writes'}`,
      'no acknowledged write was lost',
    ),
  },
  {
    key: 'conflicts',
    label: 'Conflicts',
    better: 'lower',
    value: (m) => m.conflicts,
    show: (m) => String(m.conflicts),
    read: countReading('had', conflictsText, 'no conflicting writes'),
  },
  {
    key: 'messages',
    label: 'Messages sent',
    better: 'lower',
    value: (m) => m.messagesSent,
    show: (m) =>
      `${formatNumber(m.messagesSent)}${m.messagesDropped > 0 ? ` (${formatNumber(m.messagesDropped)} dropped)` : ''}`,
    read: rangeReading('message', 'sent the fewest', 'the most', (v) => formatNumber(v)),
  },
  {
    key: 'bytes',
    label: 'Bytes sent',
    better: 'lower',
    value: (m) => m.bytesSent,
    show: (m) => formatBytes(m.bytesSent),
    read: rangeReading('message', 'sent the fewest bytes', 'the most', formatBytes),
  },
];

function okOps(m: RunMetrics): number {
  return m.writes.ok + m.reads.ok;
}

function completedOps(m: RunMetrics): number {
  return okOps(m) + m.writes.failed + m.writes.info + m.reads.failed + m.reads.info;
}

function failedReads(m: RunMetrics): number {
  return m.reads.failed + m.reads.info;
}

function failedWrites(m: RunMetrics): number {
  return m.writes.failed + m.writes.info;
}

export function formatBytes(bytes: number): string {
  if (bytes < 10_000) return `${formatNumber(bytes)} B`;
  if (bytes < 10_000_000) return `${formatNumber(bytes / 1000)} kB`;
  return `${formatNumber(bytes / 1_000_000)} MB`;
}

/** The trade-off table: a row per measure, a value per column, the best marked, and the row in a sentence. */
export function compareRows(columns: readonly { label: string; metrics: RunMetrics }[]): CompareRow[] {
  return ROWS.map((spec) => {
    const values = columns.map((c) => spec.value(c.metrics));
    const display = columns.map((c) => spec.show(c.metrics));
    const known = values.filter((v): v is number => v !== null);
    const target = spec.better === 'lower' ? Math.min(...known) : Math.max(...known);
    // Values shown alike are equally good (7.91 ms and 7.88 ms both read "7.9 ms"): compare what is shown.
    const bestText = display[values.indexOf(target)];
    const allEqual =
      known.length === values.length &&
      (known.every((v) => v === target) || display.every((d) => d === display[0]));
    const best =
      known.length === 0 || allEqual
        ? []
        : values.flatMap((v, i) => (v !== null && (v === target || display[i] === bestText) ? [i] : []));
    const named = columns.map((c, i) => ({ label: c.label, m: c.metrics, v: values[i] ?? null }));
    return {
      key: spec.key,
      label: spec.label,
      better: spec.better,
      values,
      display,
      best,
      reading: spec.read(named),
    };
  });
}

/** The table as aligned text, a column per variant (the CLI prints it). */
export function formatCompareTable(result: CompareResult): string {
  const header = ['', ...result.columns.map((c) => c.label)];
  const settings = ['settings', ...result.columns.map((c) => c.settings)];
  const body = result.rows.map((r) => [
    r.label,
    ...r.display.map((d, i) => (r.best.includes(i) ? `${d} *` : d)),
  ]);
  const table = [header, settings, ...body];
  const widths = header.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const lines = [
    `${result.base}: ${result.columns.length} variants, each run to ${formatNumber(result.untilUs / 1000)} ms simulated (* best)`,
    '',
    line(header),
    rule,
    ...[settings, ...body].map(line),
    '',
    ...result.rows.map((r) => `${r.label}: ${r.reading}`),
  ];
  const notes = result.columns.flatMap((c) => c.notes.map((n) => `  ${c.label}: ${n}`));
  if (notes.length > 0) lines.push('', 'Translation notes:', ...notes);
  return `${lines.join('\n')}\n`;
}
