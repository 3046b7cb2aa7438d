/**
 * The simulation worker's inbox: what its entry does with each message before the host (host.ts) sees it. Most
 * go straight to the host. A few need code the worker loads only when first asked: `loadPreset` the asked
 * preset's file of definitions (onDemand/presets.ts), `load` its scenario's model (onDemand/models.ts), `action`
 * the schema a user's action is checked against (onDemand/schema.ts; fetched in the background once the page has
 * drawn the first run's first snapshot, so it never competes with it), `exportHistory` the JSON report and the
 * EDN writer (onDemand/exportText.ts), `decode` the codec, the schema's reading of untrusted text and the
 * decompressor. While such a message waits for its code, the messages behind it wait too, so the host sees them
 * in the order they were sent. `prefetch` (the page's address as it opened) fetches the code of the preset it
 * names, or reads the shared run it carries (and fetches the models' code), before the page asks (prefetch.ts). No Worker globals: tests run it in Node with their own loaders.
 */
import { MODELS, type ModelName } from '../sim/scenarios/constants.ts';
import type { Scenario } from '../sim/scenarios/schema.ts';
import { isExporterLoaded, loadExporter } from './onDemand/exportText.ts';
import { loadModel } from './onDemand/models.ts';
import { placeOf, presetScenario } from './onDemand/presets.ts';
import { isSchemaLoaded, loadSchema } from './onDemand/schema.ts';
import { presetOfFragment, sharedRunOfFragment } from './prefetch.ts';
import type { Decoded, FromWorker, ScenarioInput, ToSimWorker, ToWorker } from './protocol.ts';

/** The code the inbox loads on demand. */
export interface Loaders {
  /** A built-in preset's scenario, or undefined for an unknown id. */
  readonly preset: (id: string) => Promise<Scenario | undefined>;
  /** Untrusted text read as a scenario, with the codec's messages. */
  readonly decode: (input: ScenarioInput) => Promise<Decoded>;
  /** A model's code, which the engine needs before it can run a scenario of that model. */
  readonly model: (name: ModelName) => Promise<void>;
  /** The scenario schema, which the engine checks a user's action against; and whether it is here. */
  readonly schema: () => Promise<void>;
  readonly schemaLoaded: () => boolean;
  /** The history exporters (the JSON report, the EDN writer), which an `exportHistory` needs; and whether here. */
  readonly exporter: () => Promise<void>;
  readonly exporterLoaded: () => boolean;
}

/** The real loaders: each a chunk of its own, fetched the first time it is needed. */
export const chunkLoaders: Loaders = {
  preset: presetScenario,
  // Both readers are one chunk (onDemand/readers.ts says why), which imports the schema's: asked for beside it.
  decode: async (input) => {
    const [readers] = await Promise.all([import('./onDemand/readers.ts'), loadSchema()]);
    if (input.kind === 'link') return readers.decodeShareHash(input.hash);
    const result = readers.scenarioFromJson(input.text, input.source);
    return result.ok ? { ok: true, scenario: result.scenario, atUs: result.atUs ?? null } : result;
  },
  model: loadModel,
  schema: loadSchema,
  schemaLoaded: isSchemaLoaded,
  exporter: loadExporter,
  exporterLoaded: isExporterLoaded,
};

type Load = Extract<ToWorker, { type: 'load' }>;
/** The messages taken in order; `prefetch`, a hint, is taken at once, whatever waits. */
type Queued = Exclude<ToSimWorker, { type: 'prefetch' }>;

/**
 * A function taking each message as it arrives. `readingAhead` is told of a shared run's link read before the
 * page asked (a `prefetch` of a share link's fragment), with the reading: the worker draws its first frame from it
 * (firstFrame.ts).
 */
export function createInbox(
  handle: (message: ToWorker) => void,
  post: (message: FromWorker) => void,
  loaders: Loaders = chunkLoaders,
  readingAhead: (result: Promise<Decoded>) => void = () => {},
): (message: ToSimWorker) => void {
  /** A run was loaded: fetch the schema once the page says it drew the first snapshot (its first `rendered`). */
  let schemaWanted = false;
  const early = readAhead(loaders, readingAhead);
  /** Loads a run once its model's code is here. */
  const load = (message: Load): Promise<void> =>
    loaders.model(message.scenario.model).then(
      () => {
        handle(message);
        schemaWanted = !loaders.schemaLoaded();
      },
      (error: unknown) =>
        post({ type: 'error', epoch: message.epoch, message: `the model did not load (${why(error)})` }),
    );

  /** Takes one message; returns a promise while it waits for code. */
  const take = (message: Queued): Promise<void> | undefined => {
    switch (message.type) {
      case 'load':
        return load(message);
      case 'loadPreset':
        return loadPreset(message, loaders, load, post);
      case 'decode':
        return decode(early.read, post, message);
      case 'rendered':
        // The page has drawn a snapshot: the schema (for the user's actions) no longer competes with it.
        if (schemaWanted) void loaders.schema().catch(() => {});
        schemaWanted = false;
        break;
      case 'action':
        if (loaders.schemaLoaded()) break;
        return loaders.schema().then(
          () => handle(message),
          (error: unknown) =>
            post({ type: 'error', epoch: 0, message: `the schema did not load (${why(error)})` }),
        );
      case 'exportHistory':
        if (loaders.exporterLoaded()) break;
        return loaders.exporter().then(
          () => handle(message),
          (error: unknown) =>
            post({ type: 'error', epoch: 0, message: `the history exporters did not load (${why(error)})` }),
        );
      default:
        break;
    }
    handle(message);
    return undefined;
  };

  const queued = inOrder(take);
  return (message) => (message.type === 'prefetch' ? early.prefetch(message.hash) : queued(message));
}

/** A built-in preset's run: its file fetched (its model's code alongside), then loaded as any run (`load`). */
function loadPreset(
  { epoch, id, play }: Extract<ToSimWorker, { type: 'loadPreset' }>,
  loaders: Loaders,
  load: (message: Load) => Promise<void>,
  post: (message: FromWorker) => void,
): Promise<void> {
  // The table of preset files names the preset's model: its code is fetched alongside the preset's file.
  const model = placeOf(id)?.model;
  if (model) void loaders.model(model).catch(() => {});
  return loaders.preset(id).then(
    (scenario) =>
      scenario
        ? load({ type: 'load', epoch, scenario, seekToUs: null, play })
        : post({ type: 'error', epoch, message: `there is no preset called "${id}"` }),
    (error: unknown) => post({ type: 'error', epoch, message: `the presets did not load (${why(error)})` }),
  );
}

/**
 * Messages taken one at a time in the order they came: while `take` waits for code (returns a promise), the
 * later ones wait behind it.
 */
function inOrder<M>(take: (message: M) => Promise<void> | undefined): (message: M) => void {
  const backlog: M[] = [];
  let waiting = false;
  const drain = (): void => {
    while (!waiting && backlog.length > 0) {
      const pending = take(backlog.shift() as M);
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

/**
 * What the worker does with the page's address before the page asks for anything (prefetch.ts): a preset's code
 * fetched, or a shared run's link read (every model's code fetched beside it, as its model is not known before)
 * and the reading kept for the page's first `decode` of that text (`read`, once; any other reading is done then).
 */
function readAhead(
  loaders: Loaders,
  reading: (result: Promise<Decoded>) => void,
): {
  prefetch: (hash: string) => void;
  read: (input: ScenarioInput) => Promise<Decoded>;
} {
  let ahead: { readonly text: string; readonly result: Promise<Decoded> } | null = null;
  const prefetch = (hash: string): void => {
    const text = sharedRunOfFragment(hash);
    if (text === null) {
      prefetchPreset(loaders, hash);
      return;
    }
    const result = loaders.decode({ kind: 'link', hash: text });
    ahead = { text, result };
    // The page's own `decode` answers with a failure.
    result.catch(() => {});
    // The run's model is known once the link is read: every model's code is fetched beside it meanwhile.
    for (const model of MODELS) void loaders.model(model).catch(() => {});
    reading(result);
  };
  const read = (input: ScenarioInput): Promise<Decoded> => {
    const kept = ahead;
    ahead = null;
    return kept && input.kind === 'link' && input.hash === kept.text ? kept.result : loaders.decode(input);
  };
  return { prefetch, read };
}

/** Fetches the code of the preset the page opened with; no message waits for it, nor it for any. */
function prefetchPreset(loaders: Loaders, hash: string): void {
  const id = presetOfFragment(hash);
  const place = id === null ? undefined : placeOf(id);
  if (!place || id === null) return;
  void loaders.model(place.model).catch(() => {});
  void loaders.preset(id).catch(() => {});
}

/** Reads a link or a file's text in the worker, answering with the codec's own message when it is bad. */
function decode(
  read: (input: ScenarioInput) => Promise<Decoded>,
  post: (message: FromWorker) => void,
  { requestId, input }: Extract<ToSimWorker, { type: 'decode' }>,
): Promise<void> {
  return read(input).then(
    (result) => post({ type: 'decoded', requestId, result }),
    (error: unknown) =>
      post({
        type: 'decoded',
        requestId,
        result: { ok: false, error: `the scenario could not be read (${why(error)})` },
      }),
  );
}

function why(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
