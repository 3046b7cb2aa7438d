/**
 * How the simulation worker sends a shared run's first frame (firstFrame.ts) to the page: for a page opened with a
 * share link on a wide screen, public/first-look.js names the worker so (prefetch.ts `FRAME_NAME_PREFIX`), and the
 * worker draws the frame as soon as it has read the link (inbox.ts's read-ahead, from the fragment in its name)
 * and posts it on its own, `{ type: 'firstFrame', html }`, once, null when none is drawn (a link that does not
 * read, a link to a moment, a snapshot the first paint would not draw exactly, code that did not load). It asks
 * the page for nothing: a message from the page (a port, as before) reaches a worker only once the page's thread
 * has seen the worker's script run and is free again, and the page's entry held it there for 60-90 ms (traced).
 * The script's listener, on the worker before any other of the page's, takes that message and hides it from the
 * rest of the page (the page's client knows no such reply). No Worker globals: the tests give it their own post.
 */
import type { Decoded } from './protocol.ts';

/** A link read. */
type Read = Extract<Decoded, { readonly ok: true }>;

/** The type of the message the worker posts with the frame. */
export const FIRST_FRAME_MESSAGE = 'firstFrame';

/** What the worker posts. */
export interface FirstFrame {
  readonly type: typeof FIRST_FRAME_MESSAGE;
  readonly html: string | null;
}

/**
 * The first frame's sender: `reading` takes the worker's reading of the link, `send` draws its first frame
 * (`draw`, fetching any code it needs) and posts it with `post`, once; sent before any reading is given (the
 * worker's name carries no link), it posts that there is no frame at once.
 */
export function firstFrameSender(
  draw: (decoded: Read) => Promise<string | null>,
  post: (message: FirstFrame) => void,
): {
  readonly reading: (result: Promise<Decoded>) => void;
  readonly send: () => void;
} {
  let read: Promise<Decoded> | null = null;
  let sent = false;
  const answer = (html: string | null) => post({ type: FIRST_FRAME_MESSAGE, html });
  return {
    reading: (result) => {
      read ??= result;
    },
    send: () => {
      if (sent) return;
      sent = true;
      if (!read) {
        answer(null);
        return;
      }
      read.then((decoded) => (decoded.ok ? draw(decoded) : null)).then(answer, () => answer(null));
    },
  };
}
