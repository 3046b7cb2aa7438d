/**
 * Above the leaderless graph: the key whose preference list the ring highlights, and the quorum settings in
 * one line. Renders nothing for other models.
 */

import { useId } from 'react';
import { useLab, useLabStable } from '../../hooks.ts';
import { leaderlessShown } from './state.ts';
import { highlightedKey, selectKey, useSelectedKey } from './ui.ts';

export function LeaderlessBar() {
  const keys = useLabStable((s) => leaderlessShown(s)?.placement.map((p) => p.key) ?? []);
  const summary = useLabStable((s) => {
    const ll = leaderlessShown(s);
    if (!ll) return null;
    return {
      n: ll.n,
      w: ll.w,
      r: ll.r,
      readRepair: ll.readRepair,
      sloppy: ll.sloppyQuorum,
      handoff: ll.hintedHandoff,
      antiEntropyMs: ll.antiEntropyMs,
      resolution: ll.resolution,
    };
  });
  const selected = useSelectedKey();
  const value = useLab((s) => highlightedKey(s, selected)) ?? '';
  const id = useId();
  if (!summary) return null;
  const strict = summary.w + summary.r > summary.n;
  return (
    <div className="ll-bar">
      <div className="field field-inline ll-key-picker">
        <label htmlFor={id}>Highlight key</label>
        <select
          id={id}
          value={value}
          disabled={keys.length === 0}
          onChange={(e) => selectKey(e.currentTarget.value)}
        >
          {keys.length === 0 && <option value="">no keys yet</option>}
          {keys.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </div>
      <p className="ll-bar-summary" data-testid="quorum-summary">
        <span className={strict ? 'll-chip ll-chip-ok' : 'll-chip ll-chip-warn'}>
          N={summary.n} W={summary.w} R={summary.r}
        </span>
        <span className="ll-chip">read repair {summary.readRepair}</span>
        {summary.sloppy && <span className="ll-chip">sloppy quorum</span>}
        {summary.handoff && <span className="ll-chip">hinted handoff</span>}
        <span className="ll-chip">
          anti-entropy {summary.antiEntropyMs > 0 ? `${summary.antiEntropyMs} ms` : 'off'}
        </span>
        <span className="ll-chip">{summary.resolution === 'lww' ? 'last write wins' : 'siblings'}</span>
      </p>
    </div>
  );
}
