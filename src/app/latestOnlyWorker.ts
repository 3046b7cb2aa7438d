/**
 * A background worker for long computations (the staleness experiment, the Compare runs), created on first use
 * so the live simulation never waits for one. Requests carry an id; only the newest request is answered: the
 * progress and result of an older one still in flight when the user starts another are dropped on arrival.
 * The worker's replies are `result`, `error` or (optionally) `progress`, each with the request's id.
 */

export type JobReply<Result, Progress> =
  | { readonly type: 'result'; readonly id: number; readonly result: Result }
  | { readonly type: 'error'; readonly id: number; readonly message: string }
  | ({ readonly type: 'progress'; readonly id: number } & Progress);

interface Waiting<Result, Progress> {
  readonly resolve: (r: Result) => void;
  readonly reject: (e: Error) => void;
  readonly onProgress: (p: Progress) => void;
}

/**
 * `create` builds the worker (written at the call site as `new Worker(new URL(..., import.meta.url))`, which is
 * what the bundler looks for); `name` goes into the message when the worker itself fails.
 */
export function latestOnlyWorker<Request extends object, Result, Progress = never>(
  create: () => Worker,
  name: string,
): (request: Request, onProgress?: (p: Progress) => void) => Promise<Result> {
  let worker: Worker | null = null;
  let latestId = 0;
  const waiting = new Map<number, Waiting<Result, Progress>>();

  const ensureWorker = (): Worker => {
    if (worker) return worker;
    const w = create();
    w.onmessage = (event: MessageEvent<JobReply<Result, Progress>>) => {
      const reply = event.data;
      const pending = waiting.get(reply.id);
      if (!pending) return;
      if (reply.type !== 'progress') waiting.delete(reply.id);
      if (reply.id !== latestId) return;
      switch (reply.type) {
        case 'progress':
          pending.onProgress(reply);
          return;
        case 'result':
          pending.resolve(reply.result);
          return;
        case 'error':
          pending.reject(new Error(reply.message));
          return;
        default: {
          const unknown: never = reply;
          throw new Error(`unknown reply ${JSON.stringify(unknown)}`);
        }
      }
    };
    w.onerror = (event) => {
      event.preventDefault();
      for (const p of waiting.values()) p.reject(new Error(event.message || `the ${name} worker failed`));
      waiting.clear();
      // A worker that failed is not trusted again: the next request starts a fresh one.
      w.terminate();
      if (worker === w) worker = null;
    };
    worker = w;
    return w;
  };

  return (request, onProgress = () => {}) => {
    const id = ++latestId;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject, onProgress });
      ensureWorker().postMessage({ type: 'run', id, ...request });
    });
  };
}
