/**
 * The fault intervals of a run, read off its scenario's timeline (the preset's actions and the user's, in time
 * order): when each node was down, when the network was partitioned and which links were cut. The metrics
 * charts shade them, so a latency spike or an availability dip lines up with the fault that caused it.
 */
import type { TimelineEntry } from '../../sim/scenario.ts';
import type { TimeUs } from '../../sim/types.ts';

export interface FaultInterval {
  readonly kind: 'down' | 'partition' | 'cut';
  readonly startUs: TimeUs;
  /** Null while the fault lasts. */
  readonly endUs: TimeUs | null;
  /** "db2 down", "partition {a, b} | {c}", "link eu-us cut". */
  readonly label: string;
}

/** Faults that began at or before `untilUs`, in the order they began. */
export function faultIntervals(timeline: readonly TimelineEntry[], untilUs: TimeUs): FaultInterval[] {
  const out: FaultInterval[] = [];
  const open = new Map<string, { kind: FaultInterval['kind']; startUs: TimeUs; label: string }>();
  const close = (key: string, atUs: TimeUs) => {
    const f = open.get(key);
    if (!f) return;
    open.delete(key);
    out.push({ ...f, endUs: atUs });
  };
  for (const { atUs, action } of timeline) {
    if (atUs > untilUs) break;
    switch (action.type) {
      case 'crash':
        if (!open.has(`down:${action.node}`))
          open.set(`down:${action.node}`, { kind: 'down', startUs: atUs, label: `${action.node} down` });
        break;
      case 'restart':
        close(`down:${action.node}`, atUs);
        break;
      case 'partition': {
        close('partition', atUs);
        const sides = action.groups.filter((g) => g.length > 0);
        if (sides.length > 1)
          open.set('partition', {
            kind: 'partition',
            startUs: atUs,
            label: `partition ${sides.map((g) => `{${g.join(', ')}}`).join(' | ')}${action.oneWay ? ' (one-way)' : ''}`,
          });
        break;
      }
      case 'heal':
        close('partition', atUs);
        break;
      case 'cutLink': {
        const key = `cut:${[action.a, action.b].sort().join('|')}`;
        if (!open.has(key))
          open.set(key, { kind: 'cut', startUs: atUs, label: `link ${action.a}–${action.b} cut` });
        break;
      }
      case 'restoreLink':
        close(`cut:${[action.a, action.b].sort().join('|')}`, atUs);
        break;
      default:
        break;
    }
  }
  for (const f of open.values()) out.push({ ...f, endUs: null });
  return out.sort((a, b) => a.startUs - b.startUs);
}
