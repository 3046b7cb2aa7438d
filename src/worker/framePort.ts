/**
 * Where the simulation worker sends a shared run's first frame (firstFrame.ts): the port public/first-look.js
 * gives it in a `firstFrame` message as it starts it, for a page opened with a share link on a wide screen. The
 * frame is drawn once both are here, the port and the worker's reading of the link (inbox.ts's read-ahead, from
 * the fragment in the worker's name), and sent once, `{ html }`, null when none is drawn (a link that does not
 * read, a link to a moment, a snapshot the first paint would not draw exactly, code that did not load); the port
 * is closed then. No Worker globals: the tests give it their own port and drawing.
 */
import type { Decoded } from './protocol.ts';

/** A link read. */
type Read = Extract<Decoded, { readonly ok: true }>;

/** The message public/first-look.js sends with the port (the port in its transfer list). */
export const FIRST_FRAME_MESSAGE = 'firstFrame';

/** What the worker sends on the port. */
export interface FirstFrame {
  readonly html: string | null;
}

/** The port as the worker uses it. */
export interface FramePort {
  postMessage(message: FirstFrame): void;
  close(): void;
}

/** Whether a message the worker received is the first-look script's, with its port. */
export function framePortOf(data: unknown, ports: readonly FramePort[]): FramePort | null {
  const type = (data as { type?: unknown } | null)?.type;
  return type === FIRST_FRAME_MESSAGE ? (ports[0] ?? null) : null;
}

/**
 * The first frame's sender: `reading` takes the worker's reading of the link, `port` the first-look script's port;
 * `draw` draws a reading's first frame (fetching the code it needs: the painter's chunk, the run's model). A port
 * given where no link is read (the worker's name carries none) is answered with no frame at once.
 */
export function firstFrameSender(draw: (decoded: Read) => Promise<string | null>): {
  readonly reading: (result: Promise<Decoded>) => void;
  readonly port: (port: FramePort) => void;
} {
  let read: Promise<Decoded> | null = null;
  const send = (port: FramePort, html: string | null) => {
    try {
      port.postMessage({ html });
    } finally {
      port.close();
    }
  };
  return {
    reading: (result) => {
      read ??= result;
    },
    port: (port) => {
      if (!read) {
        send(port, null);
        return;
      }
      read
        .then((decoded) => (decoded.ok ? draw(decoded) : null))
        .then(
          (html) => send(port, html),
          () => send(port, null),
        );
    },
  };
}
