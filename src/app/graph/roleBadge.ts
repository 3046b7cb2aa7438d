/** A node card's role badge: its text and width (NodeCard draws it, and the first paint as NodeCard does). */
import type { Role } from '../../sim/types.ts';

export interface Badge {
  readonly text: string;
  readonly width: number;
}

/**
 * `deposed`: a leader that a newer term has deposed without its knowing (graph/deposed.ts) is badged as what it
 * is, a stale leader, not as the leader.
 */
export function roleBadge(role: Role, compact: boolean, deposed = false): Badge {
  const stale = deposed && role === 'leader';
  if (compact)
    return stale
      ? { text: 'SL', width: 22 }
      : {
          text: role === 'leader' ? 'L' : role === 'candidate' ? 'C' : role === 'replica' ? 'R' : 'F',
          width: 16,
        };
  if (stale) return { text: 'STALE LEADER', width: 92 };
  if (role === 'leader') return { text: 'LEADER', width: 52 };
  if (role === 'replica') return { text: 'replica', width: 48 };
  if (role === 'candidate') return { text: 'CANDIDATE', width: 72 };
  return { text: 'follower', width: 50 };
}
