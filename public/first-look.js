/*
 * The first look of the page, set before its body is parsed: a blocking classic script in <head> (the Content
 * Security Policy forbids inline scripts; this file is served from the page's own origin), tiny and importing
 * nothing. It does two things, and may fail at neither without harm:
 * - the theme: <html data-theme>, resolved as src/app/page/theme.ts resolves it (the toggle's choice remembered
 *   by src/app/page/prefs.ts, else the system's scheme), so the page drawn from the HTML (the prerendered graph)
 *   has its theme from its first frame; the entry applies the same theme again and follows its changes;
 * - `data-prerender="show"` on <html> when the page will open the default preset at time 0 on a screen wider
 *   than a phone's (the address has no fragment: no #preset=, no share link, no embed), the only case in which
 *   the graph prerendered into the HTML at build time (src/app/firstPaint/prerender.ts) is the run's real first
 *   state. Without the mark (no script, a link, a phone) the stylesheet hides it: nothing rather than a wrong picture.
 * tests/unit/firstLook.test.ts runs this file against a fake page.
 */
(() => {
  const root = document.documentElement;
  const media = (query) => typeof matchMedia === 'function' && matchMedia(query).matches;
  let theme = null;
  try {
    const stored = JSON.parse(localStorage.getItem('replication-lab:page') ?? 'null');
    theme = stored?.state?.theme ?? null;
  } catch {
    // No localStorage (a sandboxed frame) or unreadable preferences: the system's theme.
  }
  if (theme !== 'light' && theme !== 'dark')
    theme =
      media('(prefers-color-scheme: light)') && !media('(prefers-color-scheme: dark)') ? 'light' : 'dark';
  root.dataset.theme = theme;
  if (location.hash === '' && !media('(max-width: 600px)')) root.dataset.prerender = 'show';
})();
