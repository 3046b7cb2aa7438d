/**
 * Brings a result the user just asked for into view: the Compare table and a search's answer appear below the
 * form that asked for them, often below the fold at 1280x720; scrolled to as they arrive (only as far as needed
 * to show them whole, or their top when taller than the screen), gliding unless the reader prefers reduced motion.
 */
import { type RefObject, useEffect } from 'react';
import { prefersReducedMotion } from './theme.ts';

export function useRevealOnArrival(ref: RefObject<HTMLElement | null>, arrival: unknown): void {
  useEffect(() => {
    if (arrival === null || arrival === undefined) return;
    const element = ref.current;
    if (!element || typeof element.scrollIntoView !== 'function') return;
    const rect = element.getBoundingClientRect();
    const tall = rect.height > window.innerHeight;
    element.scrollIntoView({
      block: tall ? 'start' : 'nearest',
      behavior: prefersReducedMotion() ? 'auto' : 'smooth',
    });
  }, [ref, arrival]);
}
