/**
 * What the simulation worker can fetch before the page asks for its first run: the page's script that starts the
 * worker as the page opens (src/app/firstPaint/earlyWorker.ts) sends the address's fragment (`prefetch`), and the
 * inbox fetches the code of the preset it names (its file of definitions and its model) while the page's entry
 * is still arriving; the entry's `loadPreset` then finds it there. A share link's fragment is read at once (the
 * codec's chunk, then the link decoded, with every model's code fetched beside it), and the answer kept for the
 * page's `decode` of the same text (src/worker/inbox.ts). Nothing runs and nothing is answered before the page asks; an unknown preset fetches
 * nothing. The fragment is
 * read by the page's own reader
 * (src/codec/fragment.ts `runOfFragment`): the embed flag aside, empty is the default preset and `preset=<id>` a
 * preset by its percent-encoded id.
 */
import { runOfFragment } from '../codec/fragment.ts';

/**
 * The default preset's id, which catalog.ts declares (DEFAULT_PRESET_ID): written here because importing it
 * would bring the page's catalog of every preset into the worker's first chunk (15 kB); tests/unit/prefetch.test.ts
 * keeps the two equal.
 */
export const DEFAULT_PRESET = 'bank-ledger-async';

/** The preset a page opened with this fragment will ask for first, or null when it is not a preset's. */
export function presetOfFragment(hash: string): string | null {
  const run = runOfFragment(hash);
  return run.kind === 'default' ? DEFAULT_PRESET : run.kind === 'preset' ? run.id : null;
}

/**
 * The text of the shared run a page opened with this fragment will ask the worker to read (`decode`, as
 * src/app/boot.ts asks for any fragment that names no preset), or null when it names a preset or none.
 */
export function sharedRunOfFragment(hash: string): string | null {
  const run = runOfFragment(hash);
  return run.kind === 'other' ? run.text : null;
}

/**
 * The worker's name when the page's first-look script started it (public/first-look.js): this prefix, then the
 * address's fragment as the page opened.
 */
export const WORKER_NAME_PREFIX = 'sim ';

/**
 * The prefix of the name instead when the script also wants the shared run's first frame (a share link on a wide
 * screen): the worker draws it as soon as it has read the link and posts it (`firstFrame`, src/worker/framePort.ts)
 * with no message from the page, whose thread hands a message to a worker only once it has run the worker's
 * script and is free again (on a loaded machine the page's entry held it there 60-90 ms).
 */
export const FRAME_NAME_PREFIX = 'sim+frame ';

/**
 * The fragment a worker's name carries (`sim <fragment>` or `sim+frame <fragment>`, the first-look script's), or
 * null for a worker named otherwise (the development server's, told the fragment by a `prefetch` message instead).
 */
export function fragmentOfWorkerName(name: string): string | null {
  for (const prefix of [WORKER_NAME_PREFIX, FRAME_NAME_PREFIX])
    if (name.startsWith(prefix)) return name.slice(prefix.length);
  return null;
}

/** Whether the first-look script that named the worker wants the shared run's first frame posted to it. */
export function frameWantedByName(name: string): boolean {
  return name.startsWith(FRAME_NAME_PREFIX);
}
