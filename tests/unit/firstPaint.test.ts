/**
 * The first paint (src/app/firstPaint/paint.ts): what it draws from a real snapshot of the default preset, at the
 * places React's graph draws the same snapshot (the coordinates below are those of React's cards and links in
 * the built page at 1280x720, read off its DOM), and what it leaves to React.
 */
import { describe, expect, it } from 'vitest';
import { computeLayout, frameHtml, graphSvg, paintable, topologyOf } from '../../src/app/firstPaint/paint.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import { viewSnapshot } from '../../src/worker/pack.ts';

function snapshotOf(id: string, atUs: number) {
  const scenario = getPreset(id)?.scenario;
  if (!scenario) throw new Error(`no preset ${id}`);
  const sim = new Simulation(scenario);
  sim.runUntil(atUs);
  return viewSnapshot(sim, 200);
}

function paint(snapshot: ReturnType<typeof snapshotOf>): string {
  const input = topologyOf(snapshot);
  return graphSvg(snapshot, computeLayout(input), input.leader);
}

describe('the first paint', () => {
  const first = snapshotOf('bank-ledger-async', 0);

  it('draws the default preset’s first snapshot where React’s graph draws it', () => {
    expect(paintable(first, 'bank-ledger-async', false)).toBe(true);
    const svg = paint(first);
    expect(svg).toContain('viewBox="50 3 900 482"');
    const cards = [
      ...svg.matchAll(
        /class="([^"]+)" data-first-paint-node="(\w+)" transform="translate\(([\d.]+),([\d.]+)\)"/g,
      ),
    ];
    expect(cards.map((m) => [m[2], m[1], Number(m[3]), Number(m[4])])).toEqual([
      ['bank_leader', 'node node-up node-leader node-current side-0', 500, 168],
      ['bank_follower1', 'node node-up node-follower side-0', 306, 419],
      ['bank_follower2', 'node node-up node-follower side-0', 694, 419],
    ]);
    expect(
      [...svg.matchAll(/<line class="(link[^"]*)" x1="(\d+)" y1="(\d+)" x2="(\d+)" y2="(\d+)"/g)].map((m) =>
        m.slice(1).join(' '),
      ),
    ).toEqual(['link 500 168 306 419', 'link 500 168 694 419', 'link link-client 500 43 500 168']);
    expect([...svg.matchAll(/class="lag"[^>]*>([^<]+)</g)].map((m) => m[1])).toEqual([
      'leader',
      'in sync',
      'in sync',
    ]);
    expect(svg.match(/no data yet/g)).toHaveLength(3);
    expect(svg).toContain('<rect class="leader-halo" x="-107" y="-53" width="214" height="106" rx="14">');
  });

  it('draws a card’s data rows and lag once writes have replicated', () => {
    const later = snapshotOf('bank-ledger-async', 20_000);
    const svg = paint(later);
    expect(svg).toMatch(
      /<tspan class="kv-key">account_123<\/tspan><tspan class="kv-value" x="-4">1000<\/tspan>/,
    );
    expect(svg).toContain('1 behind');
  });

  it('frames the graph with the preset’s intro, its kinds to watch for, or the twin it fixes', () => {
    const html = frameHtml('bank-ledger-async');
    expect(html).toContain('<h2>Bank ledger: asynchronous replication</h2>');
    expect(html).toContain(
      '<span class="watch-kind tag-stale-read">stale reads</span>, counted under the graph',
    );
    expect(html).toContain('Tour 1 of 6');
    expect(html).toContain('<div class="stage-banner"></div><section class="graph-area"');
    expect(frameHtml('bank-ledger-sync')).toContain(
      'no stale reads. This is the fix of “Bank ledger: asynchronous replication”.',
    );
  });

  it('leaves to React what it cannot draw exactly', () => {
    expect(paintable(first, null, false)).toBe(false);
    expect(paintable(first, 'bank-ledger-async', true)).toBe(false);
    expect(paintable(snapshotOf('partial-quorum-staleness', 0), 'partial-quorum-staleness', false)).toBe(
      false,
    );
    const cut = { ...first, nodes: first.nodes.map((n, i) => ({ ...n, side: i === 0 ? 1 : 2 })) };
    expect(paintable(cut, 'bank-ledger-async', false)).toBe(false);
    const split = { ...first, nodes: first.nodes.map((n) => ({ ...n, role: 'leader' as const })) };
    expect(paintable(split, 'bank-ledger-async', false)).toBe(false);
  });

  it('writes ids as text, never as markup', () => {
    const odd = { ...first, clients: first.clients.map((c) => ({ ...c, id: '<b>&"x"' })) };
    const svg = paint(odd);
    expect(svg).toContain('&#60;b&#62;&#38;&#34;x&#34;');
    expect(svg).not.toContain('<b>');
  });
});
