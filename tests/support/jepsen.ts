/**
 * Jepsen histories read back with an EDN parser the project did not write (`edn-data`), checked against the rules
 * Jepsen's checkers (Knossos, Porcupine's Jepsen reader) rely on, and turned back into register operations
 * for the project's linearizability checker. Used by the unit and the end-to-end tests of the EDN export.
 *
 * Jepsen's history rules, as checked here:
 * - every event is a map with `:type` (`:invoke`, `:ok`, `:fail`, `:info`), `:f` (a keyword), `:process` (an
 *   integer), `:value`, `:time` (integer nanoseconds) and `:index` (an integer);
 * - `:index` strictly increases and `:time` never decreases along the history;
 * - a process is single-threaded: each `:invoke` is followed by exactly one completion on the same process
 *   before that process invokes again, and the completion has the invocation's `:f`;
 * - `:info` leaves the outcome unknown, so the process is retired and never invokes again;
 * - values are `independent` tuples `[key value]` of the register workload: a read invokes with nil and returns
 *   a string, nil or a set of strings (siblings); a write carries its string on every event; `:generate` invokes
 *   with nil and returns the generated id as a string;
 * - a convergent data type's key follows Jepsen's set and counter workloads: `:add` carries the element (a
 *   string) or the amount (an integer) on every event, `:remove` its element, and a read returns a set of
 *   strings or an integer.
 */
import { parseEDNString } from 'edn-data';
import type { RegisterOp } from '../../src/sim/oracle/linearizability.ts';

export type EventType = 'invoke' | 'ok' | 'fail' | 'info';

/** One event of a parsed history. `value` is the tuple's second half: a string, nil, a set of strings or an integer. */
export interface JepsenEvent {
  readonly type: EventType;
  readonly f: string;
  readonly process: number;
  readonly key: string;
  readonly value: string | null | ReadonlySet<string> | number;
  readonly time: number;
  readonly index: number;
  /** The event map's keys in order, without the colon (for tests that look at the shape). */
  readonly fields: readonly string[];
}

type Rich = unknown;

function isKeyword(v: Rich): v is { key: string } {
  return typeof v === 'object' && v !== null && 'key' in v && typeof (v as { key: unknown }).key === 'string';
}

/**
 * Parses the text as a sequence of EDN forms (as Jepsen writes history.edn: one event map after another) and
 * validates each event's shape strictly, as Clojure's reader would: duplicate map keys and duplicate set
 * elements are errors, which edn-data alone lets through. Throws with the event's position and what is wrong.
 */
export function parseJepsenHistory(text: string): JepsenEvent[] {
  // edn-data reads one form; a vector around the text makes the whole history one. Default (rich) options keep
  // maps as key-value pairs and sets as element lists, so repeats can be seen.
  const forms = parseEDNString(`[${text}]`);
  if (!Array.isArray(forms))
    throw new Error('the history is not a sequence of EDN forms (unbalanced brackets?)');
  return forms.map((form, position) => parseEvent(form, position));
}

function parseEvent(form: Rich, position: number): JepsenEvent {
  const fail = (what: string): never => {
    throw new Error(`event ${position}: ${what}`);
  };
  const pairs = (form as { map?: unknown }).map;
  if (!Array.isArray(pairs)) fail('not a map');
  const fields = new Map<string, Rich>();
  for (const pair of pairs as Rich[]) {
    if (!Array.isArray(pair) || pair.length !== 2) fail('a map entry without a value');
    const [k, v] = pair as [Rich, Rich];
    if (!isKeyword(k)) fail('a map key that is not a keyword');
    const name = (k as { key: string }).key;
    if (fields.has(name)) fail(`duplicate key :${name}`);
    fields.set(name, v);
  }
  const keyword = (name: string): string => {
    const v = fields.get(name);
    return isKeyword(v) ? v.key : fail(`:${name} must be a keyword`);
  };
  const integer = (name: string): number => {
    const v = fields.get(name);
    return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
      ? v
      : fail(`:${name} must be a non-negative integer`);
  };
  const type = keyword('type');
  if (!['invoke', 'ok', 'fail', 'info'].includes(type)) fail(`:type :${type} is not a Jepsen event type`);
  const tuple = fields.get('value');
  if (!Array.isArray(tuple) || tuple.length !== 2 || typeof tuple[0] !== 'string')
    fail(':value must be an independent tuple [key value] with a string key');
  const [key, raw] = tuple as [string, Rich];
  return {
    type: type as EventType,
    f: keyword('f'),
    process: integer('process'),
    key,
    value: tupleValue(raw, fail),
    time: integer('time'),
    index: integer('index'),
    fields: [...fields.keys()],
  };
}

function tupleValue(raw: Rich, fail: (what: string) => never): string | null | ReadonlySet<string> | number {
  if (raw === null || typeof raw === 'string') return raw;
  if (typeof raw === 'number')
    return Number.isSafeInteger(raw) ? raw : fail('a number that is not an integer');
  const elements = (raw as { set?: unknown }).set;
  if (!Array.isArray(elements))
    return fail('the tuple value must be a string, nil, a set of strings or an integer');
  if (!elements.every((e): e is string => typeof e === 'string')) fail('a set element that is not a string');
  const set = new Set(elements as string[]);
  if (set.size !== elements.length) fail('a set with a repeated element');
  return set;
}

/** Every way the history breaks Jepsen's rules (empty: it is a valid Jepsen history). */
export function jepsenHistoryProblems(events: readonly JepsenEvent[]): string[] {
  const problems: string[] = [];
  const open = new Map<number, JepsenEvent>();
  const retired = new Set<number>();
  let previous: JepsenEvent | null = null;
  for (const e of events) {
    const at = `index ${e.index}`;
    if (previous && e.index <= previous.index) problems.push(`${at}: :index does not increase`);
    if (previous && e.time < previous.time) problems.push(`${at}: :time goes back`);
    previous = e;
    problems.push(...valueProblems(e).map((p) => `${at}: ${p}`));
    const invocation = open.get(e.process);
    if (e.type === 'invoke') {
      if (retired.has(e.process)) problems.push(`${at}: process ${e.process} invokes after its :info`);
      if (invocation)
        problems.push(
          `${at}: process ${e.process} invokes while its op at index ${invocation.index} is open`,
        );
      open.set(e.process, e);
      continue;
    }
    if (!invocation) {
      problems.push(`${at}: :${e.type} on process ${e.process}, which has no open invocation`);
      continue;
    }
    open.delete(e.process);
    if (e.f !== invocation.f) problems.push(`${at}: :f :${e.f} completes :f :${invocation.f}`);
    if (e.key !== invocation.key) problems.push(`${at}: key "${e.key}" completes key "${invocation.key}"`);
    if (['write', 'add', 'remove'].includes(invocation.f) && e.value !== invocation.value)
      problems.push(`${at}: a :${invocation.f} completes with another value than it invoked`);
    if (e.type === 'info') retired.add(e.process);
  }
  for (const [process, e] of open)
    problems.push(`index ${e.index}: process ${process}'s invocation never completes`);
  return problems;
}

/** What a value may be, by operation and event type, in the register, set and counter workloads. */
function valueProblems(e: JepsenEvent): string[] {
  const nil = e.value === null;
  const text = typeof e.value === 'string';
  switch (e.f) {
    case 'add':
      return text || typeof e.value === 'number' ? [] : ['an add of neither an element nor an amount'];
    case 'remove':
      return text ? [] : ['a remove without its element'];
    case 'read':
      if (e.type === 'invoke' || e.type === 'fail' || e.type === 'info')
        return nil ? [] : [`a read's :${e.type} carries a value`];
      // A string, nil, the siblings or a set's elements as a set (parsing checked that its elements are distinct
      // strings), or a counter's total.
      return [];
    case 'write':
      return text ? [] : ['a write without a string value'];
    case 'generate':
      if (e.type === 'ok') return text ? [] : ['a generated id that is not a string'];
      return nil ? [] : [`a :generate's :${e.type} carries a value`];
    default:
      return [`unknown :f :${e.f}`];
  }
}

/**
 * The register operations of a valid history, as the project's checker takes them: invocations numbered 1, 2...
 * in history order (the simulation numbers operations in the order they were invoked); `:ok` reads that returned
 * a string or nil; writes that completed `:ok`, or `:info` (then they may take effect at any time after their
 * invocation, or never); ids generated `:ok`, as writes of the id. Failed operations, reads that returned siblings
 * (a set: not a register read) and ids not known (:info) are left out.
 */
export function registerOpsFromJepsen(events: readonly JepsenEvent[]): RegisterOp[] {
  const invoked = new Map<number, { id: number; invoke: JepsenEvent }>();
  const ops: { id: number; op: RegisterOp | null }[] = [];
  let id = 0;
  for (const e of events) {
    if (e.type === 'invoke') {
      invoked.set(e.process, { id: ++id, invoke: e });
      continue;
    }
    const call = invoked.get(e.process);
    if (!call) throw new Error(`index ${e.index}: a completion without an invocation`);
    invoked.delete(e.process);
    ops.push({ id: call.id, op: registerOp(call.id, call.invoke, e) });
  }
  if (invoked.size > 0) throw new Error('an invocation never completes');
  return ops.sort((a, b) => a.id - b.id).flatMap((o) => (o.op ? [o.op] : []));
}

function registerOp(id: number, invoke: JepsenEvent, done: JepsenEvent): RegisterOp | null {
  const invokeUs = invoke.time / 1000;
  if (invoke.f === 'read' && done.type === 'ok' && (done.value === null || typeof done.value === 'string'))
    return { id, key: invoke.key, f: 'read', value: done.value, invokeUs, completeUs: done.time / 1000 };
  if (invoke.f === 'write' && (done.type === 'ok' || done.type === 'info'))
    return {
      id,
      key: invoke.key,
      f: 'write',
      value: invoke.value as string,
      invokeUs,
      completeUs: done.type === 'ok' ? done.time / 1000 : null,
    };
  // A generated id is a write of the id it completed with; one not known (:info) is not a register write: the
  // oracle checks the key's reads only up to its invocation (src/sim/oracle/registers.ts), and the presets
  // compared read no key after an id that timed out.
  if (invoke.f === 'generate' && done.type === 'ok' && typeof done.value === 'string')
    return { id, key: invoke.key, f: 'write', value: done.value, invokeUs, completeUs: done.time / 1000 };
  return null;
}
