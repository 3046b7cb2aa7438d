/**
 * The simulation worker's inbox: what its entry does with each message before the host (host.ts) sees it. Most
 * go straight to the host. A few need code the worker loads only when first asked: `loadPreset` the presets'
 * definitions, `decode` the codec, the schema's reading of untrusted text and the decompressor. While such a
 * message waits for its code, the messages behind it wait too, so the host sees them in the order they were
 * sent. No Worker globals: tests run it in Node with their own loaders.
 */
import type { Scenario } from '../sim/scenarios/schema.ts';
import type { Decoded, FromWorker, ScenarioInput, ToSimWorker, ToWorker } from './protocol.ts';

/** The code the inbox loads on demand. */
export interface Loaders {
  /** A built-in preset's scenario, or undefined for an unknown id. */
  readonly preset: (id: string) => Promise<Scenario | undefined>;
  /** Untrusted text read as a scenario, with the codec's messages. */
  readonly decode: (input: ScenarioInput) => Promise<Decoded>;
}

/** The real loaders: each a chunk of its own, fetched the first time it is needed. */
export const chunkLoaders: Loaders = {
  preset: async (id) => (await import('../sim/scenarios/presets/index.ts')).getPreset(id)?.scenario,
  decode: async (input) => {
    if (input.kind === 'link') return (await import('../codec/url.ts')).decodeShareHash(input.hash);
    const result = (await import('../codec/file.ts')).scenarioFromJson(input.text, input.source);
    return result.ok ? { ...result, atUs: null } : result;
  },
};

/** A function taking each message as it arrives. */
export function createInbox(
  handle: (message: ToWorker) => void,
  post: (message: FromWorker) => void,
  loaders: Loaders = chunkLoaders,
): (message: ToSimWorker) => void {
  const backlog: ToSimWorker[] = [];
  let waiting = false;

  /** Takes one message; returns a promise while it waits for code. */
  const take = (message: ToSimWorker): Promise<void> | undefined => {
    switch (message.type) {
      case 'loadPreset': {
        const { epoch, id, play } = message;
        return loaders.preset(id).then(
          (scenario) =>
            scenario
              ? handle({ type: 'load', epoch, scenario, seekToUs: null, play })
              : post({ type: 'error', epoch, message: `there is no preset called "${id}"` }),
          (error: unknown) =>
            post({ type: 'error', epoch, message: `the presets did not load (${why(error)})` }),
        );
      }
      case 'decode': {
        const { requestId, input } = message;
        return loaders.decode(input).then(
          (result) => post({ type: 'decoded', requestId, result }),
          (error: unknown) =>
            post({
              type: 'decoded',
              requestId,
              result: { ok: false, error: `the scenario could not be read (${why(error)})` },
            }),
        );
      }
      default:
        handle(message);
        return undefined;
    }
  };

  const drain = (): void => {
    while (!waiting && backlog.length > 0) {
      const pending = take(backlog.shift() as ToSimWorker);
      if (pending) {
        waiting = true;
        void pending.finally(() => {
          waiting = false;
          drain();
        });
      }
    }
  };

  return (message) => {
    backlog.push(message);
    drain();
  };
}

function why(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
