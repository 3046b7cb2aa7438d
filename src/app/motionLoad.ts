/** LazyMotion's `features` loader: the animation features' chunk (motionFeatures.ts), after the first graph. */
import { afterFirstGraph } from './firstGraph.ts';

export const loadMotionFeatures = () =>
  afterFirstGraph()
    .then(() => import('./motionFeatures.ts'))
    .then((m) => m.default);
