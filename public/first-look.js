/*
 * The first look of the page, set before its body is parsed: a classic script in <head>, tiny and importing
 * nothing. It does three things, and may fail at none without harm:
 * - the theme: <html data-theme>, resolved as src/app/page/theme.ts resolves it (the toggle's choice remembered
 *   by src/app/page/prefs.ts, else the system's scheme), so the page drawn from the HTML (the prerendered graph)
 *   has its theme from its first frame; the entry applies the same theme again and follows its changes;
 * - `data-prerender="show"` on <html> when the page will open the default preset at time 0 on a screen wider
 *   than a phone's (the address has no fragment: no #preset=, no share link, no embed), the only case in which
 *   the graph prerendered into the HTML at build time (src/app/firstPaint/prerender.ts) is the run's real first
 *   state. Without the mark (no script, a link, a phone) the stylesheet hides it: nothing rather than a wrong picture;
 * - for a link that only names a preset (`#preset=<id>`, nothing else) whose first graph the build drew into a
 *   file of its own, first-graph/<id>-<hash>.html (LINKED, each such id's file, filled in by the build:
 *   vite.config.ts `inlineFirstLook`; the hash keeps a page and its graphs from the same build), on a wide screen:
 *   fetches that graph at once and, once the HTML is parsed, puts it into the page's root in place of the
 *   default's and sets the mark, so the link's graph is drawn without waiting for the simulation worker. Only into
 *   the build's markup, untouched: once the entry has run (it removes that markup or draws its own), the page is
 *   its own, and the graph that comes late is dropped.
 * The built page carries this file inline (its hash in the Content Security Policy), so no request holds the
 * parser; the development server loads it as a file. tests/unit/firstLook.test.ts runs it against a fake page.
 */
(() => {
  const LINKED = {};
  const root = document.documentElement;
  const media = (query) => typeof matchMedia === 'function' && matchMedia(query).matches;
  const wide = !media('(max-width: 600px)');
  // The link's graph first: its request leaves before the preferences are read (the first read of localStorage
  // waits for the browser to hand the page its storage).
  const link = /^#preset=([a-z0-9-]+)$/.exec(location.hash);
  if (wide && link && Object.hasOwn(LINKED, link[1]) && typeof fetch === 'function') {
    const graph = fetch(`./${LINKED[link[1]]}`).then((response) => (response.ok ? response.text() : ''));
    const parsed = new Promise((resolve) => {
      if (document.readyState !== 'loading') resolve();
      else document.addEventListener('readystatechange', resolve, { once: true });
    });
    Promise.all([graph, parsed]).then(
      ([html]) => {
        const page = document.getElementById('root');
        if (!html || !page?.firstElementChild?.hasAttribute('data-prerendered')) return;
        page.innerHTML = html;
        root.dataset.prerender = 'show';
      },
      // No graph (offline, a failed request): the live path draws it.
      () => {},
    );
  }
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
  if (wide && location.hash === '') root.dataset.prerender = 'show';
})();
