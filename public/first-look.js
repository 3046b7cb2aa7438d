/*
 * The first look of the page, set before its body is parsed: a classic script in <head>, tiny and importing
 * nothing. It does six things, and may fail at none without harm:
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
 *   fetches that graph at once and, once the HTML is parsed as far as the root's end, puts it into the page's
 *   root in place of the default's and sets the mark, so the link's graph is drawn without waiting for the simulation worker. Only into
 *   the build's markup, untouched: once the entry has run (it removes that markup or draws its own), the page is
 *   its own, and the graph that comes late is dropped.
 * - for a share link (`#s=`, nothing else) on a wide screen: the run's first frame, which the worker draws as soon
 *   as it has read the link (src/worker/firstFrame.ts) and posts unasked, the name this script gives it saying so
 *   (`sim+frame <fragment>`, src/worker/framePort.ts); taken by this script's listener, the worker's first, before
 *   any other of the page's sees it, and put into the root in place of the build's markup, as a link's graph is,
 *   so the shared run's first graph is drawn without waiting for the page's entry (once the entry has run, it is
 *   handed to it: window.__firstFrame);
 * - the simulation worker, started here in the built page (SIM_WORKER, its file, filled in by the build): at once
 *   when no prerendered graph will show (its first snapshot is then the first graph), so its file is asked for
 *   before the page's scripts (started by a module script, it was asked for behind the page's 20-odd scripts at
 *   the lowest priority and arrived 300-400 ms after the page on a loaded machine); else after the frame that
 *   draws the prerendered graph, so it does not compete with it. Its name carries the address's fragment (`sim <fragment>`), so it fetches the code of the run the
 *   address names as soon as it runs (src/worker/prefetch.ts), with no message from the page; what it says before
 *   the entry has run is kept, in order, and src/app/firstPaint/earlyWorker.ts hands the worker and that over to
 *   the page's client (it calls window.__simWorker, which starts the worker if this script has not yet). Without it (the development server, which has no SIM_WORKER; no
 *   module workers) the entry starts the worker as before;
 * - the page's own scripts (PAGE, filled in by the build, which takes their tags out of the HTML: the entry's
 *   module script, the modules and stylesheets it preloaded), asked for here once the page is parsed as far as the
 *   root's end (the entry put in <head> then, as the HTML's deferred module script ran); but for a share link
 *   whose first frame the worker draws, once that frame is in the page and drawn (or none came, the worker failed,
 *   or PAGE_WAIT_MS passed), so that their fetches, compiles and the entry's run do not compete with the worker's
 *   file and its run on a loaded machine (a page without them drew the frame in 0.6x the time); and for a
 *   #preset= link whose graph the build drew, likewise once that graph is drawn (or none came). Whatever fails
 *   above, they are asked for (`finally`). Without PAGE (the development server) the HTML asks for them.
 * The built page carries this file inline (its hash in the Content Security Policy), so no request holds the
 * parser; the development server loads it as a file. tests/unit/firstLook.test.ts runs it against a fake page.
 */
(() => {
  const LINKED = {};
  const SIM_WORKER = '';
  const SHARE_WORKER = '';
  const PAGE = null;
  // The longest the page's scripts wait for a share link's first frame.
  const PAGE_WAIT_MS = 3000;
  // The longest they wait for the frame that draws it, once it is in the page.
  const PAINT_WAIT_MS = 200;
  const root = document.documentElement;
  // The page is parsed as far as the root's end: the parser has put a node after it, or the parse is over.
  const rootParsed = () => {
    if (document.readyState !== 'loading') return true;
    return Boolean(document.getElementById('root')?.nextSibling);
  };
  const whenRootParsed = () =>
    new Promise((resolve) => {
      if (rootParsed()) return resolve();
      const check = () => {
        if (!rootParsed()) return;
        observer?.disconnect();
        document.removeEventListener('readystatechange', check);
        resolve();
      };
      const observer = typeof MutationObserver === 'function' ? new MutationObserver(check) : null;
      observer?.observe(document, { childList: true, subtree: true });
      document.addEventListener('readystatechange', check);
    });
  // The page's own scripts, started once (startPage): at once, but for a share link whose first frame the worker
  // draws (`pageWaits`), for which they wait for that frame.
  let pageStarted = false;
  let pageWaits = false;
  const startPage = () => {
    if (pageStarted || !PAGE) return;
    pageStarted = true;
    const head = document.head;
    const link = (rel, file, as) => {
      const element = document.createElement('link');
      element.rel = rel;
      if (as) element.as = as;
      element.crossOrigin = '';
      element.href = `./${file}`;
      head.append(element);
    };
    // Once the page is parsed (as far as the root's end): the requests do not compete with the page's own
    // (paired, a #preset= link's graph drawn 154 against 166 ms when they left as the script ran), and the entry
    // runs as the HTML's deferred module script did.
    whenRootParsed().then(() => {
      // A share link the worker draws: the models' painters too (the entry's first run comes at once then).
      const painters = pageWaits ? (PAGE.painters ?? []) : [];
      for (const file of [PAGE.entry, ...PAGE.modules, ...painters]) link('modulepreload', file);
      for (const file of PAGE.styles) link('preload', file, 'style');
      const entry = document.createElement('script');
      entry.type = 'module';
      entry.crossOrigin = '';
      entry.src = `./${PAGE.entry}`;
      head.append(entry);
    });
  };
  const media = (query) => typeof matchMedia === 'function' && matchMedia(query).matches;
  const wide = !media('(max-width: 600px)');
  try {
    // The simulation worker, started once: by this script (at once, or once the prerendered graph is in the page)
    // or by the entry (earlyWorker.ts calls window.__simWorker), whichever comes first.
    let started = null;
    // `frame`: the shared run's first frame wanted (the worker's name says so), taken by this listener, set first.
    const startWorker = (file = SIM_WORKER, frame = null) => {
      if (started || !file || typeof Worker !== 'function') return started;
      try {
        const name = frame ? `sim+frame ${location.hash}` : `sim ${location.hash}`;
        const worker = new Worker(`./${file}`, { type: 'module', name });
        if (frame) worker.addEventListener('message', frame);
        const early = [];
        const keep = (event) => {
          early.push(event);
          // As the page's client does: a failure is the page's to report, not an uncaught error in the console.
          if (event.type === 'error') event.preventDefault();
        };
        worker.onmessage = keep;
        worker.onerror = keep;
        worker.onmessageerror = keep;
        started = { worker, early };
      } catch {
        // No module workers here: the entry starts the worker (and reports what fails).
      }
      return started;
    };
    if (SIM_WORKER) window.__simWorker = () => startWorker();
    // After the next frame's work (a frame not drawn, a hidden page: the entry starts the worker).
    const afterFrame = (fn) => {
      if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(fn, 0));
    };
    // While a link's graph is on its way: the default's graph, laid out unseen (a copy, not a node card for anyone,
    // after the build's markup in the root), so the frame that draws the graph that comes does not first ask the
    // system for the fonts it uses. Null when the root holds no build's markup (the entry has run). Not for a share
    // link's frame: laid out while the worker starts, the copy delayed the worker's frame more than it saved
    // (paired: the frame drawn 308 against 255 ms without it).
    const warmCopy = () => {
      const held = document.getElementById('root')?.firstElementChild;
      if (!held?.hasAttribute('data-prerendered')) return null;
      const warm = held.cloneNode(true);
      warm.removeAttribute('data-prerendered');
      for (const node of warm.querySelectorAll('[data-first-paint-node]'))
        node.removeAttribute('data-first-paint-node');
      warm.hidden = false;
      warm.inert = true;
      warm.setAttribute('aria-hidden', 'true');
      warm.style.cssText =
        'position:fixed;inset:0;contain:strict;visibility:hidden;pointer-events:none;z-index:-1';
      held.after(warm);
      return warm;
    };
    // A shared run's first frame, drawn by the worker (src/worker/firstFrame.ts: the first paint's own markup, every
    // text from the link escaped) and posted by it unasked, once, for the address it was drawn for
    // (src/worker/framePort.ts): this listener, the worker's first, takes the message and stops it there (no other of
    // the page's listeners knows it). Put into the root in place of the build's markup before the entry has run (it
    // removes that markup). Once the entry has run, the frame is the entry's to place (src/app/firstPaint/start.ts
    // takes it with window.__firstFrame, and places it only while its own painter has drawn nothing).
    let frameLeft = null;
    let frameTaker = null;
    const firstFrame = () => {
      const hash = location.hash;
      let taken = false;
      window.__firstFrame = (take) => {
        frameTaker = take;
        if (frameLeft) take(frameLeft);
        frameLeft = null;
      };
      return (event) => {
        if (event.data?.type !== 'firstFrame') return;
        event.stopImmediatePropagation();
        const html = event.data.html;
        if (taken) return;
        taken = true;
        // The page's scripts once the frame is in the page (or at once, none came).
        if (typeof html !== 'string' || html === '') return startPage();
        whenRootParsed()
          .then(() => {
            if (location.hash !== hash) return;
            const page = document.getElementById('root');
            if (page?.firstElementChild?.hasAttribute('data-prerendered')) page.innerHTML = html;
            else if (frameTaker) frameTaker(html);
            else frameLeft = html;
          })
          // The page's scripts after the frame that draws it (traced: 22 against 34 ms from the frame's message to
          // its drawing), or PAINT_WAIT_MS at most (a hidden page draws no frame).
          .finally(() => {
            afterFrame(startPage);
            setTimeout(startPage, PAINT_WAIT_MS);
          });
      };
    };
    // The link's graph first: its request leaves before the preferences are read (the first read of localStorage
    // waits for the browser to hand the page its storage) and before the worker's file.
    const link = /^#preset=([a-z0-9-]+)$/.exec(location.hash);
    if (wide && link && Object.hasOwn(LINKED, link[1]) && typeof fetch === 'function') {
      const graph = fetch(`./${LINKED[link[1]]}`).then((response) => (response.ok ? response.text() : ''));
      let arrived = false;
      // The page's scripts wait for the graph, as for a share link's frame: asked for beside its request, they
      // held its response up (paired, drawn 162 and 165 against 140 and 144 ms with the scripts in the HTML).
      pageWaits = true;
      setTimeout(startPage, PAGE_WAIT_MS);
      let warm = null;
      const settle = () => {
        arrived = true;
      };
      graph.then(settle, settle);
      // While the graph is on its way: the default's graph, laid out unseen (a copy, not a node card for anyone),
      // so the frame that draws the link's graph does not first ask the system for the fonts it uses.
      whenRootParsed().then(() => {
        if (!arrived) warm = warmCopy();
      });
      Promise.all([graph, whenRootParsed()])
        .then(
          ([html]) => {
            const page = document.getElementById('root');
            if (!html || !page?.firstElementChild?.hasAttribute('data-prerendered')) return warm?.remove();
            page.innerHTML = html;
            root.dataset.prerender = 'show';
          },
          // No graph (offline, a failed request): the live path draws it.
          () => warm?.remove(),
        )
        // The worker and the page's scripts after the frame that draws the graph: their files and their start do
        // not compete with it (PAINT_WAIT_MS at most: a hidden page draws no frame).
        .then(() => {
          afterFrame(startWorker);
          afterFrame(startPage);
          setTimeout(startPage, PAINT_WAIT_MS);
        });
    } else if (wide && location.hash === '') {
      // The default's graph is in the HTML: the worker after the frame that draws it, likewise.
      whenRootParsed().then(() => afterFrame(startWorker));
    } else {
      // Nothing prerendered shows: the worker's first snapshot is the first graph, so the worker goes first.
      // A share link on a wide screen: the worker draws the run's first frame itself, as soon as it has read the
      // link, and this script puts it in the page, so it is drawn without waiting for the entry. Its worker is the
      // one with the code for that in its own file (SHARE_WORKER, src/worker/share.worker.ts): no second fetch.
      const framed = wide && /^#s=[\w.-]+$/.test(location.hash) && Boolean(SHARE_WORKER);
      const worker = startWorker(framed ? SHARE_WORKER : SIM_WORKER, framed ? firstFrame() : null)?.worker;
      // The page's own scripts wait for that frame (put in the page, handed on or dropped), or for the worker to
      // fail, so their fetches, compiles and the entry's run do not compete with the worker's file and its run
      // for the machine (traced: without them the frame came 0.6x as late); PAGE_WAIT_MS at most.
      if (framed && worker) {
        pageWaits = true;
        worker.addEventListener('error', startPage);
        setTimeout(startPage, PAGE_WAIT_MS);
      }
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
  } finally {
    // Whatever failed above, the page starts (now, or once the shared run's first frame has come).
    if (!pageWaits) startPage();
  }
})();
