/**
 * The transport shared by the page's clients of the background workers (the Compare runs, the staleness
 * experiment): a worker created on first use, so the live simulation never waits for one, requests carrying an id,
 * and only the newest request answered (progress and results of an older one still in flight are dropped on
 * arrival). A worker that fails rejects what waits on it and is not trusted again: the next request starts a
 * fresh one. Each client reads its own protocol's replies (`settle`, an exhaustive switch over that protocol).
 */

export interface Job<Result, Progress> {
  readonly resolve: (result: Result) => void;
  readonly reject: (error: Error) => void;
  readonly progress: (progress: Progress) => void;
}

/** What a reply did to its job: finished it (a result or an error) or reported progress. */
export type Settled = 'finished' | 'progress';

export function jobWorker<
  Request extends { readonly id: number },
  Reply extends { readonly id: number },
  Result,
  Progress,
>(
  create: () => Worker,
  name: string,
  settle: (reply: Reply, job: Job<Result, Progress>) => Settled,
): (request: Omit<Request, 'id'>, onProgress?: (progress: Progress) => void) => Promise<Result> {
  let worker: Worker | null = null;
  let latestId = 0;
  const waiting = new Map<number, Job<Result, Progress>>();

  const ensureWorker = (): Worker => {
    if (worker) return worker;
    const w = create();
    w.onmessage = (event: MessageEvent<Reply>) => {
      const reply = event.data;
      const job = waiting.get(reply.id);
      if (!job) return;
      // An older request's replies only free its slot; nobody waits for them any more.
      const quiet: Job<Result, Progress> = { resolve: () => {}, reject: () => {}, progress: () => {} };
      if (settle(reply, reply.id === latestId ? job : quiet) === 'finished') waiting.delete(reply.id);
    };
    w.onerror = (event) => {
      event.preventDefault();
      for (const job of waiting.values()) job.reject(new Error(event.message || `the ${name} worker failed`));
      waiting.clear();
      w.terminate();
      if (worker === w) worker = null;
    };
    worker = w;
    return w;
  };

  return (request, onProgress = () => {}) => {
    const id = ++latestId;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject, progress: onProgress });
      ensureWorker().postMessage({ ...request, id } as unknown as Request);
    });
  };
}
