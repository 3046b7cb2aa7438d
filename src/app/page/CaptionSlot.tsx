/**
 * The place of the caption that tells the current moment of the story (a key moment: the first anomaly the
 * preset exists for, a fault, an election), under the graph. Key moments come later; until then the slot is an
 * empty live region that takes no room (the stylesheet hides it while it is empty), so a caption put here is
 * announced to screen readers as it appears.
 */
import type { ReactNode } from 'react';

export function CaptionSlot({ children }: { children?: ReactNode }) {
  return (
    <div className="caption-slot" data-testid="caption-slot" aria-live="polite">
      {children}
    </div>
  );
}
