/**
 * The trade-off table of a comparison: a column per variant (label and settings), a row per measure with the best
 * value highlighted and the row read out in a sentence, a button per variant to load it as the live scenario, and
 * the translation notes.
 */
import { useMemo, useRef } from 'react';
import type { CompareResult } from '../../sim/analysis/compare.ts';
import type { Scenario } from '../../sim/scenarios/schema.ts';
import { useRevealOnArrival } from '../page/reveal.ts';
import { notify } from '../store.ts';
import { loadScenario } from '../worker/simClient.ts';

export function CompareTable({
  result,
  base,
  live,
}: {
  result: CompareResult;
  base: Scenario;
  live: Scenario;
}) {
  // The worker sends the scenario back after every load, reset and action: compare contents, not identity.
  const outdated = useMemo(
    () => base !== live && JSON.stringify(base) !== JSON.stringify(live),
    [base, live],
  );
  const shown = useRef<HTMLDivElement>(null);
  useRevealOnArrival(shown, result);
  const columns = result.columns;
  const untilMs = (result.untilUs / 1000).toLocaleString('en-US');
  return (
    <div className="cmp-result" ref={shown}>
      {outdated && (
        <p className="cmp-muted cmp-outdated">
          The live scenario has changed since this comparison ran: compare again to include it.
        </p>
      )}
      <div className="cmp-table-wrap">
        <table className="cmp-table" data-testid="compare-table">
          <caption>
            Trade-offs of “{result.base}”, each run to {untilMs} ms of simulated time. The best value of each
            row is highlighted.
          </caption>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              {columns.map((c) => (
                <th scope="col" key={c.label} data-testid="compare-column">
                  <span className="cmp-col-label">{c.label}</span>
                  <span className="cmp-col-settings">{c.settings}</span>
                </th>
              ))}
              <th scope="col" className="cmp-reading-head">
                Reading
              </th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((row) => (
              <MeasureRow key={row.key} row={row} />
            ))}
          </tbody>
          <LoadButtons columns={columns} />
        </table>
      </div>
      <TranslationNotes columns={columns} />
    </div>
  );
}

type Row = CompareResult['rows'][number];
type Column = CompareResult['columns'][number];

/** A measure: its name and which way is better, a cell per variant (the best marked), and the row's reading. */
function MeasureRow({ row }: { row: Row }) {
  return (
    <tr data-row={row.key}>
      <th scope="row">
        {row.label}
        <span className="cmp-better">{row.better === 'lower' ? 'lower is better' : 'higher is better'}</span>
      </th>
      {row.display.map((text, i) => {
        const best = row.best.includes(i);
        return (
          <td
            // biome-ignore lint/suspicious/noArrayIndexKey: one cell per column, in column order
            key={i}
            className={best ? 'cmp-value cmp-best' : 'cmp-value'}
            data-best={best ? 'true' : undefined}
          >
            {text}
            {best && <span className="visually-hidden"> (best)</span>}
          </td>
        );
      })}
      <td className="cmp-reading">{row.reading}</td>
    </tr>
  );
}

/** A button per variant that loads it as the live scenario. */
function LoadButtons({ columns }: { columns: readonly Column[] }) {
  return (
    <tfoot>
      <tr>
        <th scope="row">Live scenario</th>
        {columns.map((c) => (
          <td key={c.label}>
            <button
              type="button"
              onClick={() => {
                loadScenario(c.scenario, { source: { kind: 'custom' } });
                notify({
                  tone: 'info',
                  title: 'Compared variant loaded',
                  message: `Now running “${c.scenario.name}” (${c.settings}).`,
                });
              }}
            >
              Load {c.label}
            </button>
          </td>
        ))}
        <td />
      </tr>
    </tfoot>
  );
}

/** What changed when the scenario was translated into each variant, folded away (nothing when nothing did). */
function TranslationNotes({ columns }: { columns: readonly Column[] }) {
  if (!columns.some((c) => c.notes.length > 0)) return null;
  return (
    <details className="cmp-notes">
      <summary>How the scenario was translated</summary>
      <ul>
        {columns.map((c) =>
          c.notes.map((note) => (
            <li key={`${c.label}:${note}`}>
              <strong>{c.label}</strong>: {note}
            </li>
          )),
        )}
      </ul>
    </details>
  );
}
