/**
 * Closing a popover the way people expect: Escape, or a press anywhere outside it. While `open`, listens on the
 * document and calls `close` with `true` for Escape (focus should go back to what opened it) and `false` for a
 * press outside (focus goes where the press went). `isInside` says which presses belong to the popover (and,
 * for a node's menu, to the node that toggles it).
 */
import { useEffect, useRef } from 'react';

export function useDismiss(
  open: boolean,
  isInside: (target: Node) => boolean,
  close: (refocus: boolean) => void,
): void {
  const latest = useRef({ close, isInside });
  latest.current = { close, isInside };
  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      latest.current.close(true);
    };
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && latest.current.isInside(event.target)) return;
      latest.current.close(false);
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, [open]);
}
