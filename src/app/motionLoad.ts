/** LazyMotion's `features` loader: the animation features' chunk (motionFeatures.ts), fetched once. */
export const loadMotionFeatures = () => import('./motionFeatures.ts').then((m) => m.default);
