/**
 * The anomalies found so far, by kind, in one line under the graph: the oracle's counts (src/app/oracle), each a
 * button that opens the History tab at the first anomaly of its kind in the list. The headline a newcomer needs
 * above the fold; the list, the verdict and the exports stay in the tab.
 */

import { conflictsText } from '../../sim/analysis/conflictWords.ts';
import { ANOMALY_KINDS, type AnomalyKind } from '../../sim/oracle/oracle.ts';
import { useLab } from '../hooks.ts';
import { KIND_LABELS, useOracle } from '../oracle/oracle.ts';
import { selectTab } from './prefs.ts';

export const HISTORY_TAB = 'history';

export function AnomalyStrip() {
  const ready = useLab((s) => s.snapshot !== null);
  const counts = useOracle((s) => s.answer?.counts ?? null);
  const kinds = counts ? ANOMALY_KINDS.filter((k) => (counts[k] ?? 0) > 0) : [];
  return (
    <section
      className={kinds.length > 0 ? 'anomaly-strip has-anomalies' : 'anomaly-strip'}
      aria-labelledby="anomaly-strip-heading"
      data-testid="anomaly-strip"
    >
      <h2 id="anomaly-strip-heading" className="strip-heading">
        Anomalies
      </h2>
      {!ready || !counts ? (
        <span className="strip-note">checked as the run goes…</span>
      ) : kinds.length === 0 ? (
        <span className="strip-note strip-none" data-testid="strip-none">
          none so far: every checker passes
        </span>
      ) : (
        <ul className="strip-counts">
          {kinds.map((kind) => (
            <li key={kind}>
              <button
                type="button"
                className={`strip-count tag-${kind}`}
                data-testid="strip-count"
                data-kind={kind}
                onClick={() => revealAnomaly(kind)}
                title={
                  kind === 'conflict'
                    ? `${conflictsText(counts[kind] ?? 0)}: show the replicas' detections of them in the anomaly list (History tab)`
                    : `Show the ${KIND_LABELS[kind]} in the anomaly list (History tab)`
                }
              >
                <span className="strip-kind">{KIND_LABELS[kind]}</span>{' '}
                <span className="strip-n">{counts[kind]}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * How long the strip waits for the History tab's list to render before giving up on moving focus: its code is a
 * chunk of its own the first time, which a slow or loaded machine can take well over a few frames to bring.
 */
const REVEAL_WAIT_MS = 5000;

/** Opens the History tab and moves focus to the first listed anomaly of `kind` (once the tab has rendered). */
export function revealAnomaly(kind: AnomalyKind | null): void {
  selectTab(HISTORY_TAB);
  const start = performance.now();
  const find = () => {
    const selector = kind ? `[data-testid="anomaly"][data-kind="${kind}"]` : '[data-testid="anomalies"]';
    const target = document.querySelector<HTMLElement>(selector);
    if (target) {
      target.scrollIntoView({ block: 'center' });
      target.focus({ preventScroll: true });
    } else if (performance.now() - start < REVEAL_WAIT_MS) requestAnimationFrame(find);
  };
  requestAnimationFrame(find);
}
