/**
 * A history in Jepsen's EDN format, as Jepsen itself writes it, so Knossos or a Porcupine reader can check it
 * independently (Elle cannot: its checkers read transactions, `:value [[:r k v] [:w k v]]`, not these
 * single-operation events): one map per event and per line,
 * `{:type :invoke/:ok/:fail/:info, :f :read/:write/:generate, :process p, :value [k v], :time ns, :index i}`.
 *
 * - Processes. A Jepsen process is single-threaded: it has at most one operation in flight, and its next
 *   invocation follows its last completion. A client of the simulation may have several operations in flight, so
 *   each client has numbered slots: an operation takes the lowest slot of its client that is free when it is
 *   invoked, and each (client, slot) is a process, numbered globally in order of first use. An `:info`
 *   completion leaves the operation's outcome unknown, so, as Jepsen does with a crashed process, the process is
 *   retired: the slot's next operation runs under a fresh process number.
 * - Values are Jepsen's `independent` tuples `[key value]`. A read's invocation carries `nil`; a read that
 *   returned siblings carries them as a set, `#{"eggs" "milk"}` (it is not a register read); an auto-increment
 *   write (the server picks the id) is `:f :generate`, as Jepsen's unique-ids workload names it, with `nil` on
 *   invocation and the id it was handed on `:ok`.
 * - A read of an absent key returns `nil`. The project's checker and Porcupine's Jepsen readers take it for "absent";
 *   Knossos's register models take it for "value unknown" (knossos/model.clj: `Register` and `CASRegister` accept a
 *   nil read in any state), so Knossos cannot see a violation that rests on such a read: a read of nil after an
 *   acknowledged write is linearizable to Knossos, not to the project. Of the 47 presets' exports checked against
 *   Porcupine (nil as absent, all 47 verdicts the project's), 5 not-linearizable verdicts rest on such reads and
 *   would be valid to Knossos (bank-ledger-async, monotonic-reads-violation, consistent-prefix-violation and -fixed,
 *   quorum-not-linearizable).
 * - Operations still pending when the history is written complete as `:info` at the history's last instant: their
 *   outcome is unknown, and Jepsen's checkers require every invocation to complete.
 * - Keys of a convergent data type (a multi-leader run's CRDT prefixes) are not registers, and are written as
 *   Jepsen's workloads for those types write them: an add-wins set's "add mug" is `:f :add` of `"mug"` (a
 *   "remove mug" is `:f :remove`) and its read returns a set, `#{"book" "mug"}`, as in Jepsen's set workload; a
 *   counter's "+5" is `:f :add` of the integer 5 and its read returns an integer, as in Jepsen's counter
 *   workload. (A set's read is recorded as the text "{book, mug}": an element that itself holds ", " reads as two.)
 * - `:time` is in nanoseconds (the simulation's microseconds x 1000); `:index` numbers the events 0, 1, 2...
 *
 * Order: events by time; at the same instant invocations come before completions, then by operation id. In a
 * Jepsen history an operation precedes another only if its completion comes before the other's invocation, and
 * the project's linearizability checker counts touching intervals (one ends at t, the next begins at t) as
 * concurrent; putting invocations first keeps them concurrent in the EDN too, so a checker reading it reaches the
 * project's verdict. (It also keeps a zero-length operation's invocation before its completion.)
 */
import type { CrdtType, Operation } from '../types.ts';
import type { HistoryHold } from '../workload/recent.ts';

type Completion = 'ok' | 'fail' | 'info';

interface EdnEvent {
  readonly op: Operation;
  readonly time: number;
  /** null: the invocation; else the completion's type. */
  readonly completion: Completion | null;
}

/** An EDN string literal: quotes, backslashes and control characters escaped, so each event stays on one line. */
function ednString(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this escapes.
  const escaped = s.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '"':
        return '\\"';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
  return `"${escaped}"`;
}

/** The value half of an `independent` tuple: nil, a string, or a set of siblings (sorted, without repeats). */
function ednValue(value: string | null | readonly string[]): string {
  if (value === null) return 'nil';
  if (typeof value === 'string') return ednString(value);
  return `#{${[...new Set(value)].sort().map(ednString).join(' ')}}`;
}

/** A key's convergent data type, or null for a register: `keyTypes` of the scenario. */
export type KeyTypes = (key: string) => CrdtType | null;

/** Every key a register: a run without convergent data types. */
const registers: KeyTypes = () => null;

/** The data type of each key of `scenario`'s run: a multi-leader run's CRDT prefixes; else none. */
export function keyTypes(scenario: {
  readonly model: string;
  readonly multiLeader?: { readonly crdt?: readonly { readonly prefix: string; readonly type: CrdtType }[] };
}): KeyTypes {
  const crdt = scenario.model === 'multi-leader' ? (scenario.multiLeader?.crdt ?? []) : [];
  if (crdt.length === 0) return registers;
  return (key) => crdt.find((c) => key.startsWith(c.prefix))?.type ?? null;
}

/** What an event of `op` carries as `:value`. */
function eventValue(op: Operation, completion: Completion | null, type: CrdtType | null): string {
  if (type !== null) return `[${ednString(op.key)} ${typedValue(op, completion, type)}]`;
  let value: string | null | readonly string[] = op.value;
  if (op.f === 'read' || op.autoIncrement) {
    // A read learns its value, and an auto-increment write its id, only when it completes successfully.
    if (completion !== 'ok') value = null;
    else if (op.f === 'read' && op.siblings) value = op.siblings;
  }
  return `[${ednString(op.key)} ${ednValue(value)}]`;
}

/** The value half of a data-type operation's tuple: the element or the amount added; a read's set or total. */
function typedValue(op: Operation, completion: Completion | null, type: CrdtType): string {
  if (op.f === 'read') {
    if (completion !== 'ok') return 'nil';
    if (type === 'counter') return String(Number.parseInt(op.value ?? '0', 10) || 0);
    const inner = (op.value ?? '{}').replace(/^\{|\}$/g, '');
    return ednValue(inner === '' ? [] : inner.split(', '));
  }
  if (type === 'counter') return String(Number.parseInt(op.value ?? '', 10) || 0);
  return ednString(setOperation(op.value ?? '').element);
}

/** An add-wins set's operation as the model reads it (multi-leader resolution.ts): "remove x", "add x", or x. */
function setOperation(text: string): { readonly f: 'add' | 'remove'; readonly element: string } {
  if (text.startsWith('remove ')) return { f: 'remove', element: text.slice('remove '.length) };
  return { f: 'add', element: text.startsWith('add ') ? text.slice('add '.length) : text };
}

/** The operation's `:f`: a register's read or write, a unique-id `generate`, a data type's add or remove. */
function eventF(op: Operation, type: CrdtType | null): string {
  if (op.autoIncrement) return 'generate';
  if (type === null || op.f === 'read') return op.f;
  return type === 'counter' ? 'add' : setOperation(op.value ?? '').f;
}

/** Each operation's invocation, and its completion (pending ones as `:info` at the last instant), in order. */
function events(history: readonly Operation[]): EdnEvent[] {
  let lastUs = 0;
  for (const op of history) lastUs = Math.max(lastUs, op.invokeUs, op.completeUs ?? 0);
  const out: EdnEvent[] = [];
  for (const op of history) {
    out.push({ op, time: op.invokeUs, completion: null });
    if (op.status === 'pending') out.push({ op, time: lastUs, completion: 'info' });
    else out.push({ op, time: op.completeUs ?? op.invokeUs, completion: op.status });
  }
  return out.sort(byEvent);
}

/**
 * Jepsen process numbers: every client's operations in flight occupy its lowest free slots; a slot runs as one
 * process until an operation in it completes with `:info`, then as a fresh one.
 */
class Processes {
  private next = 0;
  /** Per client, per slot: its current process number (undefined: none yet, or retired) and its operation. */
  private readonly slots = new Map<string, { process: number | undefined; op: number | null }[]>();
  private readonly ofOp = new Map<number, { client: string; slot: number; process: number }>();

  invoke(op: Operation): number {
    const slots = this.slots.get(op.client) ?? [];
    this.slots.set(op.client, slots);
    let slot = slots.findIndex((s) => s.op === null);
    if (slot < 0) slot = slots.push({ process: undefined, op: null }) - 1;
    const s = slots[slot] as { process: number | undefined; op: number | null };
    s.process ??= this.next++;
    s.op = op.id;
    this.ofOp.set(op.id, { client: op.client, slot, process: s.process });
    return s.process;
  }

  complete(op: Operation, completion: Completion): number {
    const at = this.ofOp.get(op.id);
    if (!at) throw new Error(`operation ${op.id} completes before it was invoked`);
    this.ofOp.delete(op.id);
    const s = this.slots.get(at.client)?.[at.slot];
    if (s) {
      s.op = null;
      if (completion === 'info') s.process = undefined;
    }
    return at.process;
  }
}

/** Why a `:fail` or `:info` completion failed, as Jepsen records it (`:pending`: still in flight at the end). */
function errorField(op: Operation, completion: Completion | null): string {
  if (completion === null || completion === 'ok') return '';
  if (op.status === 'pending') return ', :error :pending';
  return op.error ? `, :error ${ednString(op.error)}` : '';
}

/** One event as an EDN line. */
function ednLine(
  processes: Processes,
  { op, time, completion }: EdnEvent,
  index: number,
  types: KeyTypes,
): string {
  const process = completion === null ? processes.invoke(op) : processes.complete(op, completion);
  const type = types(op.key);
  const f = eventF(op, type);
  const value = eventValue(op, completion, type);
  return `{:type :${completion ?? 'invoke'}, :f :${f}, :process ${process}, :value ${value}${errorField(op, completion)}, :time ${time * 1000}, :index ${index}}`;
}

/** The history as Jepsen EDN text: one event map per line (see the top of this file). */
export function historyToEdn(history: readonly Operation[], types: KeyTypes = registers): string {
  const processes = new Processes();
  const lines = events(history).map((e, index) => ednLine(processes, e, index, types));
  return `${lines.join('\n')}\n`;
}

/** What an EDN stream reads of a run: its history's window (workload/recent.ts). */
export interface EdnSource {
  readonly history: readonly Operation[];
  readonly trimmed: number;
  readonly recent: { hold(reader: HistoryHold): void; release(reader: HistoryHold): void };
}

/**
 * The history as Jepsen EDN, written as the run goes (the CLI's `--history-edn` on a run of any length): each
 * `flush(nowUs)` hands `write` the events before `nowUs` not written yet (no event can happen before now any
 * more), in the order `historyToEdn` gives them; `finish()` writes the rest, the operations still pending as
 * `:info`. The whole text is exactly `historyToEdn` of the whole history. It holds the history's window at the
 * first operation whose invocation it has not written.
 */
export class EdnStream implements HistoryHold {
  private readonly source: EdnSource;
  private readonly write: (text: string) => void;
  private readonly processes = new Processes();
  /** Position (from the run's start) of the first operation whose invocation is not written yet. */
  private cursor = 0;
  /** Operations whose invocation is written and completion not yet. */
  private readonly open = new Map<number, Operation>();
  private index = 0;
  private lastUs = 0;

  private readonly types: KeyTypes;

  constructor(source: EdnSource, write: (text: string) => void, types: KeyTypes = registers) {
    this.source = source;
    this.write = write;
    this.types = types;
    source.recent.hold(this);
  }

  historyHeld(): number {
    return this.cursor;
  }

  /** Writes the events before `nowUs`. */
  flush(nowUs: number): void {
    this.emit(this.take(nowUs));
  }

  /** Writes every event left (pending operations complete as `:info` at the history's last instant). */
  finish(): void {
    const rest = this.take(Number.POSITIVE_INFINITY);
    for (const op of this.open.values()) rest.push({ op, time: this.lastUs, completion: 'info' });
    this.open.clear();
    this.emit(rest);
    this.source.recent.release(this);
  }

  /** The events before `untilUs` not taken yet; a pending operation's completion stays open. */
  private take(untilUs: number): EdnEvent[] {
    const { history, trimmed } = this.source;
    const out: EdnEvent[] = [];
    for (; this.cursor < trimmed + history.length; this.cursor++) {
      const op = history[this.cursor - trimmed] as Operation;
      if (op.invokeUs >= untilUs) break;
      out.push({ op, time: op.invokeUs, completion: null });
      this.open.set(op.id, op);
    }
    for (const op of this.open.values()) {
      this.lastUs = Math.max(this.lastUs, op.invokeUs, op.completeUs ?? 0);
      if (op.status === 'pending') continue;
      const time = op.completeUs ?? op.invokeUs;
      if (time >= untilUs) continue;
      out.push({ op, time, completion: op.status });
      this.open.delete(op.id);
    }
    return out;
  }

  private emit(batch: EdnEvent[]): void {
    if (batch.length === 0) return;
    batch.sort(byEvent);
    const lines = batch.map((e) => ednLine(this.processes, e, this.index++, this.types));
    this.write(`${lines.join('\n')}\n`);
  }
}

/** Events by time; at the same instant invocations first; then by operation id. */
function byEvent(a: EdnEvent, b: EdnEvent): number {
  return (
    a.time - b.time || Number(a.completion !== null) - Number(b.completion !== null) || a.op.id - b.op.id
  );
}
