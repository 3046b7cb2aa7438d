/**
 * The animation features the `m` components use (motion's `domAnimation`: animations, variants, exit, hover,
 * tap and focus gestures), a chunk of its own: `LazyMotion` fetches it once the first graph is drawn
 * (motionLoad.ts), so the first graph is drawn without it (cards simply appear in place until it arrives).
 */
import { domAnimation } from 'motion/react';

export default domAnimation;
