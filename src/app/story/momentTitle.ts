/**
 * A key moment's title ("Anomaly: a stale read", "A new leader"), for the caption on the graph and the marks on
 * the scrubber: a module of its own, so the scrubber does not bring the caption's code into the first load.
 */
import type { Moment } from '../../sim/analysis/moments.ts';
import type { AnomalyKind } from '../../sim/oracle/oracle.ts';

/** What one anomaly of each kind is called in a caption's title. */
const ANOMALY_TITLES: Readonly<Record<AnomalyKind, string>> = {
  'stale-read': 'a stale read',
  'read-your-writes': 'a client misses its own write',
  'monotonic-reads': 'a read goes back in time',
  'monotonic-writes': 'writes applied out of order',
  'writes-follow-reads': 'a write before what it followed',
  'consistent-prefix': 'an answer before its question',
  'lost-write': 'an acknowledged write is lost',
  divergence: 'replicas diverge',
  conflict: 'a write conflict',
  'read-of-failed-write': 'a failed write is read',
  'non-linearizable-read': 'a non-linearizable read',
  'duplicate-id': 'an id handed out twice',
  'not-linearizable': 'not linearizable',
};

export function momentTitle(moment: Moment): string {
  switch (moment.kind) {
    case 'anomaly':
      return `Anomaly: ${moment.anomalyKind ? ANOMALY_TITLES[moment.anomalyKind] : 'found'}`;
    case 'fault':
      return 'A fault starts';
    case 'heal':
      return 'A fault heals';
    case 'election':
      return 'A new leader';
    case 'sloppy':
      return 'A sloppy quorum acknowledges a write';
  }
}
