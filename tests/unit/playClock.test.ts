import { describe, expect, it } from 'vitest';
import { PlayClock } from '../../src/app/graph/playClock.ts';

describe('PlayClock: where a playing run is between snapshots', () => {
  it('holds the first snapshot still until a second one gives the rate', () => {
    const clock = new PlayClock();
    clock.applied(1_000, 100, 25);
    expect(clock.at(100)).toBe(1_000);
    expect(clock.at(150)).toBe(1_000);
  });

  it('moves on at the measured rate, for at most a frame past the last gap', () => {
    const clock = new PlayClock();
    clock.applied(1_000, 100, 25);
    clock.applied(1_400, 120, 25); // 400 µs in 20 ms: 20 µs per ms
    expect(clock.at(120)).toBe(1_400);
    expect(clock.at(130)).toBe(1_600);
    expect(clock.at(156)).toBe(1_400 + 36 * 20); // capped at the 20 ms gap plus 16 ms
    expect(clock.at(500)).toBe(1_400 + 36 * 20);
  });

  it('never goes faster than the asked speed, and averages the rate over snapshots', () => {
    const clock = new PlayClock();
    clock.applied(0, 0, 10);
    clock.applied(1_000, 10, 10); // 100 µs per ms measured, 10 asked
    expect(clock.at(20)).toBe(1_000 + 10 * 10);
    clock.applied(1_100, 30, 50); // 5 µs per ms measured: (10 + 5) / 2
    expect(clock.at(40)).toBe(1_100 + 10 * 7.5);
  });

  it('starts afresh after the run stopped', () => {
    const clock = new PlayClock();
    clock.applied(0, 0, 10);
    clock.applied(100, 10, 10);
    clock.stopped();
    clock.applied(5_000, 1_000, 10);
    expect(clock.at(1_010)).toBe(5_000);
  });
});
