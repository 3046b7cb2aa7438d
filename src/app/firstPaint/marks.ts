/**
 * The marks shared by the prerendered first graph (prerender.ts, at build time), public/first-look.js and the
 * page's start (start.ts): a module of constants only, so the entry takes none of the build's code with it.
 */

/** On the prerendered frame (`.app.first-paint`): the id of the preset whose first graph it draws. */
export const PRERENDERED = 'data-prerendered';

/** `<html data-prerender="show">`: set by public/first-look.js when the prerendered graph may show. */
export const SHOW_MARK = { attribute: 'prerender', value: 'show' } as const;

/**
 * On a shared run's first frame drawn by the simulation worker (src/worker/firstFrame.ts), which
 * public/first-look.js puts into the page's root before the entry has arrived.
 */
export const FIRST_FRAME = 'data-first-frame';

/**
 * Where public/first-look.js leaves the function that hands the entry a shared run's first frame drawn by the
 * worker when it comes after the entry has run (start.ts takes it): `take` is called with the frame's markup.
 */
export const FIRST_LOOK_FRAME = '__firstFrame';
