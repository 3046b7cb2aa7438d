/**
 * The marks shared by the prerendered first graph (prerender.ts, at build time), public/first-look.js and the
 * page's start (start.ts): a module of constants only, so the entry takes none of the build's code with it.
 */

/** On the prerendered frame (`.app.first-paint`): the id of the preset whose first graph it draws. */
export const PRERENDERED = 'data-prerendered';

/** `<html data-prerender="show">`: set by public/first-look.js when the prerendered graph may show. */
export const SHOW_MARK = { attribute: 'prerender', value: 'show' } as const;
