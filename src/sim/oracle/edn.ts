/**
 * A history in Jepsen's EDN format, so Knossos, Elle or Porcupine can check it independently:
 * one map per event, `{:type :invoke/:ok/:fail/:info, :f :read/:write, :process p, :value [k v], :time ns}`,
 * keyed registers written as Jepsen's `independent` tuples `[key value]`. Invocations of reads carry nil values.
 */
import type { Operation } from '../types.ts';

function ednString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function ednValue(key: string, value: string | null): string {
  return `[${ednString(key)} ${value === null ? 'nil' : ednString(value)}]`;
}

/** The events of a history in time order (completions after invocations at the same time). */
export function historyToEdn(history: readonly Operation[]): string {
  const processes = new Map<string, number>();
  const process = (client: string) => {
    let p = processes.get(client);
    if (p === undefined) {
      p = processes.size;
      processes.set(client, p);
    }
    return p;
  };
  const events: { time: number; order: number; text: string }[] = [];
  for (const op of history) {
    const p = process(op.client);
    const invokeValue = op.f === 'read' ? ednValue(op.key, null) : ednValue(op.key, op.value);
    events.push({
      time: op.invokeUs,
      order: 0,
      text: `{:type :invoke, :f :${op.f}, :process ${p}, :value ${invokeValue}, :time ${op.invokeUs * 1000}}`,
    });
    if (op.status === 'pending') continue;
    // An operation that never completed is :info at the end of the history, as Jepsen records crashed ops.
    const time = op.completeUs ?? op.invokeUs;
    const value = op.f === 'read' && op.status !== 'ok' ? ednValue(op.key, null) : ednValue(op.key, op.value);
    events.push({
      time,
      order: 1,
      text: `{:type :${op.status}, :f :${op.f}, :process ${p}, :value ${value}, :time ${time * 1000}}`,
    });
  }
  events.sort((a, b) => a.time - b.time || a.order - b.order);
  return `${events.map((e) => e.text).join('\n')}\n`;
}
