/**
 * Painting the message dots (src/app/graph/dots.ts `paintDots`): one path per colour and opacity, the dimmed
 * under the bright, the doomed ringed once more, whatever order the dots come in; drawn on a recording context.
 */
import { describe, expect, it } from 'vitest';
import {
  DOT_RADIUS,
  type DrawnDots,
  emptyDots,
  HEARTBEAT_RADIUS,
  paintDots,
  REDUCED_MOTION_STEPS,
  steppedProgress,
} from '../../src/app/graph/dots.ts';

/** A 2D context that writes down what is drawn: each fill or stroke with its style, alpha and circles. */
function recorder() {
  const ops: string[] = [];
  let path: string[] = [];
  const ctx = {
    canvas: { width: 200, height: 100 },
    globalAlpha: 1,
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    setTransform: () => {},
    clearRect: () => ops.push('clear'),
    beginPath: () => {
      path = [];
    },
    moveTo: () => {},
    arc: (x: number, y: number, r: number) => path.push(`${x},${y},${r}`),
    fill: () => ops.push(`fill ${ctx.fillStyle} a=${ctx.globalAlpha} [${path.join(' ')}]`),
    stroke: () => ops.push(`stroke ${ctx.strokeStyle} a=${ctx.globalAlpha} [${path.join(' ')}]`),
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, ops };
}

/** Dots from rows of [x, kind, flags] (flags: 1 heartbeat, 2 doomed, 4 dimmed); y is 0. */
function dotsOf(rows: readonly [number, number, number][]): DrawnDots {
  const dots = emptyDots();
  dots.x = Float64Array.from(rows.map((r) => r[0]));
  dots.y = new Float64Array(rows.length);
  dots.kind = Uint8Array.from(rows.map((r) => r[1]));
  dots.flags = Uint8Array.from(rows.map((r) => r[2]));
  dots.source = Uint32Array.from(rows.map((_, i) => i));
  dots.count = rows.length;
  return dots;
}

const COLOURS = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6'];

describe('paintDots', () => {
  it('fills one path per colour and opacity, dimmed first, and rings the doomed', () => {
    const { ctx, ops } = recorder();
    const dots = dotsOf([
      [10, 1, 0],
      [20, 0, 0],
      [30, 1, 2], // doomed
      [40, 1, 4], // dimmed
      [50, 5, 1], // a heartbeat
      [60, 0, 4 | 2], // dimmed and doomed
      [70, 1, 0],
    ]);
    paintDots(ctx, dots, COLOURS, { scale: 2, dpr: 1, doomed: 'red' });
    const r = DOT_RADIUS * 2;
    expect(ops).toEqual([
      'clear',
      `fill c0 a=0.18 [60,0,${r}]`,
      `fill c1 a=0.18 [40,0,${r}]`,
      `stroke red a=0.18 [60,0,${r}]`,
      `fill c0 a=1 [20,0,${r}]`,
      `fill c1 a=1 [10,0,${r} 30,0,${r} 70,0,${r}]`,
      `fill c5 a=1 [50,0,${HEARTBEAT_RADIUS * 2}]`,
      `stroke red a=1 [30,0,${r}]`,
    ]);
  });

  it('clears and draws nothing without dots, and reuses its buffers as the count grows and shrinks', () => {
    const { ctx, ops } = recorder();
    paintDots(ctx, dotsOf([]), COLOURS, { scale: 1, dpr: 1, doomed: 'red' });
    expect(ops).toEqual(['clear']);
    const many = dotsOf(Array.from({ length: 1000 }, (_, i) => [i, i % 7, 0] as [number, number, number]));
    paintDots(ctx, many, COLOURS, { scale: 1, dpr: 1, doomed: 'red' });
    expect(ops.filter((o) => o.startsWith('fill'))).toHaveLength(7);
    ops.length = 0;
    paintDots(ctx, dotsOf([[5, 3, 0]]), COLOURS, { scale: 1, dpr: 1, doomed: 'red' });
    expect(ops).toEqual(['clear', `fill c3 a=1 [5,0,${DOT_RADIUS}]`]);
  });
});

describe('steppedProgress (reduced motion)', () => {
  it('stands a dot at its start, a quarter, half or three quarters, also when it is due now (glide 1)', () => {
    expect(REDUCED_MOTION_STEPS).toBe(4);
    const glides = [0, 0.1, 0.25, 0.49, 0.5, 0.74, 0.75, 0.99, 1];
    expect(glides.map(steppedProgress)).toEqual([0, 0, 0.25, 0.25, 0.5, 0.5, 0.75, 0.75, 0.75]);
    const places = new Set(Array.from({ length: 1001 }, (_, i) => steppedProgress(i / 1000)));
    expect([...places]).toEqual([0, 0.25, 0.5, 0.75]);
  });
});
