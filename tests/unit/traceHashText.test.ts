import { describe, expect, it } from 'vitest';
import { traceHashText } from '../../src/app/page/TraceHash.tsx';
import type { LabState } from '../../src/app/store.ts';

describe('the trace hash text', () => {
  it("reads the shown snapshot's hash, and nothing before the first snapshot", () => {
    expect(traceHashText({ snapshot: null } as unknown as LabState)).toBe('trace ');
    expect(traceHashText({ snapshot: { traceHash: '9f3a01c2' } } as unknown as LabState)).toBe(
      'trace 9f3a01c2',
    );
  });
});
