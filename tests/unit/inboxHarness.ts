/** The worker's inbox (src/worker/inbox.ts) with what it hands on and what it posts collected in lists. */
import { createInbox, type Loaders } from '../../src/worker/inbox.ts';
import type { FromWorker, ToWorker } from '../../src/worker/protocol.ts';

export function inboxHarness(loaders: Loaders) {
  const handled: ToWorker[] = [];
  const posted: FromWorker[] = [];
  const take = createInbox(
    (m) => handled.push(m),
    (m) => posted.push(m),
    loaders,
  );
  return { take, handled, posted };
}
