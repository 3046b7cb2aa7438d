import { beforeEach, describe, expect, it } from 'vitest';
import {
  resetFontWarmupForTests,
  SAMPLE_TEXT,
  stepSamples,
  warmFonts,
  warmupFaces,
  warmupSteps,
} from '../../src/app/fontWarmup.ts';

/** Just enough of a DOM for the warm-up: elements with style, children, text and a parent. */
class FakeElement {
  readonly tag: string;
  readonly style: Record<string, string> = {};
  readonly attributes = new Map<string, string>();
  children: FakeElement[] = [];
  parent: FakeElement | null = null;
  className = '';
  textContent = '';
  measured = 0;
  constructor(tag: string) {
    this.tag = tag;
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  append(...nodes: FakeElement[]): void {
    for (const n of nodes) {
      n.parent = this;
      this.children.push(n);
    }
  }
  replaceChildren(...nodes: FakeElement[]): void {
    for (const c of this.children) c.parent = null;
    this.children = [];
    this.append(...nodes);
  }
  remove(): void {
    if (!this.parent) return;
    this.parent.children = this.parent.children.filter((c) => c !== this);
    this.parent = null;
  }
  get isConnected(): boolean {
    return this.parent !== null;
  }
  get firstElementChild(): FakeElement | null {
    return this.children[0] ?? null;
  }
  getBoundingClientRect() {
    this.measured++;
    return { width: 0, height: 0 };
  }
}

function fakeDocument() {
  const body = new FakeElement('body');
  const doc = { body, createElement: (tag: string) => new FakeElement(tag) };
  return { doc: doc as unknown as Document, body };
}

describe('font warm-up', () => {
  beforeEach(() => resetFontWarmupForTests());

  it('covers both stacks at every weight upright, and italic, each face once', () => {
    const faces = warmupFaces();
    const keys = faces.map((f) => `${f.family}|${f.weight}|${f.style}`);
    expect(new Set(keys).size).toBe(faces.length);
    expect(new Set(faces.map((f) => f.family))).toEqual(new Set(['var(--font)', 'var(--mono)']));
    for (const family of ['var(--font)', 'var(--mono)']) {
      for (const weight of [400, 500, 600, 700, 800]) expect(keys).toContain(`${family}|${weight}|normal`);
      expect(keys).toContain(`${family}|400|italic`);
    }
  });

  it('splits each face into steps of a few sizes that together cover every size once', () => {
    const steps = warmupSteps();
    const sizes = new Set(steps.flatMap((s) => s.sizes));
    expect(sizes.size).toBeGreaterThan(10);
    for (const size of [9.5, 10.5, 11, 12, 12.5, 13, 14]) expect(sizes).toContain(size);
    for (const face of warmupFaces()) {
      const own = steps.filter(
        (s) => s.face.family === face.family && s.face.weight === face.weight && s.face.style === face.style,
      );
      expect(own.flatMap((s) => s.sizes).sort((a, b) => a - b)).toEqual([...sizes].sort((a, b) => a - b));
      for (const s of own) expect(s.sizes.length).toBeLessThanOrEqual(6);
    }
  });

  it("writes a step's sample at each of its sizes in its face", () => {
    const { doc } = fakeDocument();
    const step = { face: { family: 'var(--mono)', weight: 600, style: 'italic' }, sizes: [11, 12.5, 14] };
    const group = stepSamples(doc, step) as unknown as FakeElement;
    expect(group.style.font).toBe('italic 600 12px var(--mono)');
    expect(group.children.map((line) => line.style.fontSize)).toEqual(['11px', '12.5px', '14px']);
    for (const line of group.children) expect(line.textContent).toBe(SAMPLE_TEXT);
  });

  it('lays out one step per idle task in a hidden box, then removes the box; once per page', async () => {
    const { doc, body } = fakeDocument();
    const queue: (() => void)[] = [];
    const idle = (fn: () => void) => queue.push(fn);
    let done = false;
    const warming = warmFonts(doc, { idle }).then(() => {
      done = true;
    });
    // Nothing happens until the page is idle.
    expect(body.children.length).toBe(0);
    const steps = warmupSteps().length;
    const shown: string[] = [];
    let tasks = 0;
    while (queue.length > 0) {
      (queue.shift() as () => void)();
      tasks++;
      const box = body.children[0];
      if (!box) continue;
      expect(box.attributes.get('aria-hidden')).toBe('true');
      expect(box.style.cssText).toContain('visibility:hidden');
      expect(box.style.cssText).toContain('contain:strict');
      expect(box.children.length).toBe(1);
      const group = box.children[0] as FakeElement;
      expect(group.measured).toBe(1);
      shown.push(`${group.style.font} ${group.children.map((c) => c.style.fontSize).join(',')}`);
    }
    await warming;
    expect(done).toBe(true);
    expect(tasks).toBe(steps + 1);
    expect(new Set(shown).size).toBe(steps);
    expect(body.children.length).toBe(0);

    // A second call does nothing.
    await warmFonts(doc, { idle });
    expect(queue.length).toBe(0);
    expect(body.children.length).toBe(0);
  });
});
