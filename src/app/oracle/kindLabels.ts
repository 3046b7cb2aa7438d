/**
 * The words the page uses for each anomaly kind. A module of its own, with no imports beyond the kinds' type,
 * so the first paint (src/app/firstPaint/) can name what a preset shows without the oracle's page code.
 */
import type { AnomalyKind } from '../../sim/oracle/oracle.ts';

export const KIND_LABELS: Record<AnomalyKind, string> = {
  'stale-read': 'stale reads',
  'read-your-writes': 'read your writes',
  'monotonic-reads': 'monotonic reads',
  'monotonic-writes': 'monotonic writes',
  'writes-follow-reads': 'writes follow reads',
  'consistent-prefix': 'consistent prefix',
  'lost-write': 'lost writes',
  divergence: 'divergence',
  conflict: 'conflicts',
  'read-of-failed-write': 'reads of failed writes',
  'non-linearizable-read': 'non-linearizable reads',
  'duplicate-id': 'duplicate ids',
  'not-linearizable': 'not linearizable',
};
