/**
 * The first paint (src/app/firstPaint/paint.ts, with paintMultiLeader.ts and paintLeaderless.ts): what it draws
 * from real snapshots of a preset of each model, at the places React's graph draws the same snapshot (the
 * coordinates below are those of React's cards, regions, links and ring in the built page at 1280x720, read off
 * its DOM), and what it leaves to React.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  computeLayout,
  frameHtml,
  graphSvg,
  paintable,
  painterReady,
  topologyOf,
} from '../../src/app/firstPaint/paint.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import { viewSnapshot } from '../../src/worker/pack.ts';

function snapshotOf(id: string, atUs: number) {
  const scenario = getPreset(id)?.scenario;
  if (!scenario) throw new Error(`no preset ${id}`);
  const sim = new Simulation(scenario);
  sim.runUntil(atUs);
  return viewSnapshot(sim, 200);
}

function paint(snapshot: ReturnType<typeof snapshotOf>, scenario: Scenario | null = null): string {
  const input = topologyOf(snapshot, scenario);
  return graphSvg(snapshot, computeLayout(input), input.leader);
}

/** Each painted card's id, classes and place. */
function cardsOf(svg: string): [string, string, number, number][] {
  return [
    ...svg.matchAll(
      /class="([^"]+)" data-first-paint-node="(\w+)" transform="translate\(([\d.]+),([\d.]+)\)"/g,
    ),
  ].map((m) => [m[2] ?? '', m[1] ?? '', Number(m[3]), Number(m[4])]);
}

describe('the first paint', () => {
  const first = snapshotOf('bank-ledger-async', 0);
  // The page fetches a model's own painter for a run of that model (start.ts); the leader-follower one is paint.ts.
  beforeAll(() => Promise.all([painterReady('multi-leader'), painterReady('leaderless')]));

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
      'no stale reads, which its twin “Bank ledger: asynchronous replication” shows.</p>',
    );
    // A fix whose run still shows other anomalies says so after its twin.
    expect(frameHtml('consistent-prefix-fixed')).toContain('shows. But stale reads still: the observer');
  });

  it('draws a multi-leader run’s regions, links and cards where React’s graph draws them', () => {
    const id = 'write-conflict-lww';
    const snapshot = snapshotOf(id, 0);
    const scenario = getPreset(id)?.scenario ?? null;
    expect(paintable(snapshot, id, false)).toBe(true);
    const svg = paint(snapshot, scenario);
    expect(svg).toContain('viewBox="0 0 1000 440"');
    expect(cardsOf(svg)).toEqual([
      ['us_leader', 'node node-up node-leader side-0', 247, 202],
      ['us_follower', 'node node-up node-follower side-0', 247, 340],
      ['eu_leader', 'node node-up node-leader side-0', 753, 202],
      ['eu_follower', 'node node-up node-follower side-0', 753, 340],
    ]);
    expect(
      [
        ...svg.matchAll(
          /<rect class="ml-region-box" x="([\d.]+)" y="(\d+)" width="([\d.]+)" height="(\d+)"/g,
        ),
      ].map((m) => m.slice(1).join(' ')),
    ).toEqual([
      '10.101010101010104 106 474.74747474747477 304',
      '515.1515151515152 106 474.74747474747477 304',
    ]);
    expect([...svg.matchAll(/<path class="ml-link[^"]*" d="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'M247,202 L753,202',
      'M247,202 L247,340',
      'M753,202 L753,340',
    ]);
    // No leader is "the" leader in multi-leader: no halo.
    expect(svg).not.toContain('leader-halo');
    expect(svg).toContain('<tspan>US · leader</tspan>');
    expect(svg).toContain('<tspan>EU · follows eu_leader</tspan>');
  });

  it('draws a multi-leader card’s values, siblings, version vectors and conflicts', () => {
    const id = 'write-conflict-diverge';
    const scenario = getPreset(id)?.scenario ?? null;
    const later = snapshotOf(id, 100_000);
    const svg = paint(later, scenario);
    expect(svg).toMatch(
      /class="ml-conflict-marker" data-count="\d+"[^>]*><rect[^>]*><\/rect><text[^>]*>⚡ \d+ detected</,
    );
    expect(svg).toMatch(/<text class="ml-vv" x="[-\d.]+" y="[-\d.]+">vv /);
    const withSiblings = {
      ...later,
      nodes: later.nodes.map((n, i) =>
        i === 0
          ? { ...n, data: [{ key: 'cart', value: 'a', version: 2, siblings: ['book', 'pen'], vv: '{a:1}' }] }
          : n,
      ),
    };
    const drawn = paint(withSiblings as typeof later, scenario);
    expect(drawn).toContain('<g class="ml-kv ml-kv-siblings" data-key="cart" data-value="book | pen">');
    expect(drawn).toContain('SIBLINGS');
  });

  it('draws a leaderless run’s ring, spokes, tokens, highlighted key and bar where React draws them', () => {
    const id = 'social-posts';
    const snapshot = snapshotOf(id, 0);
    expect(paintable(snapshot, id, false)).toBe(true);
    const svg = paint(snapshot);
    expect(svg).toContain('viewBox="50 10 900 598"');
    expect(cardsOf(svg)).toEqual([
      ['kv1', 'node node-up node-replica side-0', 500, 213],
      ['kv2', 'node node-up node-replica side-0', 794, 498],
      ['kv3', 'node node-up node-replica side-0', 206, 498],
    ]);
    expect(svg).toContain('<circle class="ll-ring" cx="500" cy="403" r="95"></circle>');
    expect(svg.match(/class="ll-token"/g)).toHaveLength(24);
    expect(svg.match(/class="ll-spoke"/g)).toHaveLength(3);
    expect(
      [...svg.matchAll(/<line class="link link-client" x1="(\d+)" y1="(\d+)" x2="(\d+)" y2="(\d+)"/g)].map(
        (m) => m.slice(1).join(' '),
      ),
    ).toEqual(['390 50 500 213', '500 50 794 498', '610 50 206 498']);
    expect([...svg.matchAll(/class="ll-role-text"[^>]*>([^<]+)</g)].map((m) => m[1])).toEqual([
      'post_1: replica 1/3',
      'post_1: replica 2/3',
      'post_1: replica 3/3',
    ]);
    expect(svg).toContain('<text class="kv kv-empty"');
    expect(svg).toContain('<tspan class="lag" x="92" text-anchor="end">up</tspan>');
    const frame = frameHtml(id, snapshot);
    expect(frame).toContain('<label for="first-paint-key">Highlight key</label>');
    expect(frame).toContain(
      '<option value="post_1" selected>post_1</option><option value="post_2">post_2</option>',
    );
    expect(frame).toContain('<span class="ll-chip ll-chip-ok">N=3 W=2 R=2</span>');
    expect(frame).toContain(
      '<span class="ll-chip">anti-entropy off</span><span class="ll-chip">siblings</span>',
    );
  });

  it('draws a leaderless run’s quorum badges as they count', () => {
    const id = 'social-posts';
    let drawn = 0;
    for (let t = 0; t <= 60_000; t += 500) {
      const snapshot = snapshotOf(id, t);
      if (!paintable(snapshot, id, false)) continue;
      const svg = paint(snapshot);
      const badges = [
        ...svg.matchAll(/class="ll-quorum ll-quorum-(\w+)"[^>]*><rect[^>]*><\/rect><text[^>]*>([^<]+)</g),
      ];
      for (const [, status, text] of badges) {
        expect(text).toMatch(/^[WR] \S+ \d\/\d /);
        expect(status).not.toBe('stale');
        drawn++;
      }
    }
    expect(drawn).toBeGreaterThan(0);
  });

  it('frames each model’s graph with its banner row: leader-follower’s empty, none for multi-leader', () => {
    expect(frameHtml('bank-ledger-async')).toContain(
      '<div class="stage-banner"></div><section class="graph-area"',
    );
    expect(frameHtml('write-conflict-lww')).not.toContain('stage-banner');
    expect(frameHtml('social-posts')).toContain('<div class="stage-banner"></div>');
    // The folded story's summary line, as React always draws it, inert until React's comes.
    expect(frameHtml('social-posts')).toContain(
      '<details class="intro-details" inert><summary>The whole story</summary></details>',
    );
  });

  it('introduces a scenario that is no preset’s by its own words, escaped, as ScenarioIntro does', () => {
    const ml = snapshotOf('write-conflict-lww', 0);
    const custom = frameHtml({ name: 'Carts <EU> & US', description: 'Two "regions".' }, ml);
    expect(custom).toContain('<h2>Carts &#60;EU&#62; &#38; US</h2>');
    expect(custom).toContain('<p class="intro-summary">Two &#34;regions&#34;.</p>');
    // No preset: nothing to watch for, the tour's entry button, and the model's banner row from the snapshot.
    expect(custom).not.toContain('intro-watch');
    expect(custom).toContain('New here? Start the tour');
    expect(custom).not.toContain('stage-banner');
    const plain = frameHtml({ name: '', description: '' }, snapshotOf('social-posts', 0));
    expect(plain).toContain('<h2>Loading the scenario…</h2>');
    expect(plain).toContain('<p class="intro-summary">A scenario opened from a file or a link.</p>');
    expect(plain).toContain('<div class="stage-banner">');
    expect(paintable(ml, { name: 'Carts', description: '' }, false)).toBe(true);
    expect(paintable(ml, { name: 'Carts', description: '' }, true)).toBe(false);
  });

  it('leaves to React what it cannot draw exactly', () => {
    expect(paintable(first, null, false)).toBe(false);
    expect(paintable(first, 'bank-ledger-async', true)).toBe(false);
    const cut = { ...first, nodes: first.nodes.map((n, i) => ({ ...n, side: i === 0 ? 1 : 2 })) };
    expect(paintable(cut, 'bank-ledger-async', false)).toBe(false);
    const split = { ...first, nodes: first.nodes.map((n) => ({ ...n, role: 'leader' as const })) };
    expect(paintable(split, 'bank-ledger-async', false)).toBe(false);
    // A read quorum reached: whether it answered stale is the oracle's verdict, which the snapshot does not hold.
    const read = snapshotOf('partial-quorum-staleness', 4500);
    expect(read.view.model === 'leaderless' && read.view.quorums.some((q) => q.status === 'reached')).toBe(
      true,
    );
    expect(paintable(read, 'partial-quorum-staleness', false)).toBe(false);
    // More nodes than cards: chips or dots.
    expect(paintable(snapshotOf('scale-leaderless-100', 0), 'scale-leaderless-100', false)).toBe(false);
    const ml = snapshotOf('write-conflict-lww', 0);
    expect(paintable({ ...ml, regions: [] }, 'write-conflict-lww', false)).toBe(false);
    const cutLink = { ...ml, network: { ...ml.network, cuts: [{ a: 'US', b: 'EU' }] } };
    expect(paintable(cutLink as typeof ml, 'write-conflict-lww', false)).toBe(false);
    const lost = { ...ml, lostWrites: [{ lostAtUs: 0, lostOn: 'us_leader' }] };
    expect(paintable(lost as unknown as typeof ml, 'write-conflict-lww', false)).toBe(false);
  });

  it('writes ids as text, never as markup', () => {
    const odd = { ...first, clients: first.clients.map((c) => ({ ...c, id: '<b>&"x"' })) };
    const svg = paint(odd);
    expect(svg).toContain('&#60;b&#62;&#38;&#34;x&#34;');
    expect(svg).not.toContain('<b>');
  });
});
