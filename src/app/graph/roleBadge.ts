/** A node card's role badge: its text and width (NodeCard draws it, and the first paint as NodeCard does). */
import type { Role } from '../../sim/types.ts';

export interface Badge {
  readonly text: string;
  readonly width: number;
}

export function roleBadge(role: Role, compact: boolean): Badge {
  if (compact)
    return {
      text: role === 'leader' ? 'L' : role === 'candidate' ? 'C' : role === 'replica' ? 'R' : 'F',
      width: 16,
    };
  if (role === 'leader') return { text: 'LEADER', width: 52 };
  if (role === 'replica') return { text: 'replica', width: 48 };
  if (role === 'candidate') return { text: 'CANDIDATE', width: 72 };
  return { text: 'follower', width: 50 };
}
