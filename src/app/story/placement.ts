/**
 * Where a key moment's caption goes on the graph, in CSS pixels: near the nodes it is about, but never over them,
 * nor over what the moment drew (a client's anomaly chip, a lost-write label, a quorum badge), nor over the nodes
 * its sentence names. The graph's own layout gives the cards; the moment's marks are measured from the page
 * (Caption.tsx), since each layer draws its own. Pure, so it is tested without a page.
 */
import type { Layout } from '../graph/layout.ts';

export interface Rect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Where the caption box goes inside the graph (no width: its own). */
export interface Place {
  readonly left: number;
  readonly top: number;
  readonly width?: number;
}

/** Caption width in CSS pixels, a first guess at its height, and the gap kept from the nodes and the edges. */
export const BOX_WIDTH = 340;
export const BOX_HEIGHT = 140;
export const GAP = 12;
/** How far a moment's ring (story.css: 9 px out, a 4 px stroke, a glow) reaches past its card, in view units. */
const RING_REACH = 16;

/** What covering each kind of thing costs, per square pixel: the moment's own first, any other card least. */
const COST = { mark: 60, talkedAbout: 40, card: 4, client: 8 } as const;

export const overlap = (a: Rect, b: Rect): number =>
  Math.max(0, Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left)) *
  Math.max(0, Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top));

/** The nodes a moment is about: those it involves, and any other its sentence names (e.g. "followed db5"). */
export function talkedAbout(
  involved: readonly string[],
  sentences: readonly string[],
  nodes: Iterable<string>,
): Set<string> {
  const out = new Set(involved);
  const text = sentences.join(' ');
  for (const id of nodes) {
    const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`(^|[^\\w-])${escaped}($|[^\\w-])`).test(text)) out.add(id);
  }
  return out;
}

/** Each region's leaders as `region<TAB>leader` lines: a plain value, so a store selector compares it as one. */
export function regionLeadersKey(
  nodes: readonly { readonly id: string; readonly role: string; readonly region?: string }[] | undefined,
): string {
  if (!nodes) return '';
  const lines: string[] = [];
  for (const n of nodes)
    if (n.region !== undefined && n.role === 'leader') lines.push(`${n.region}\t${n.id}`);
  return lines.join('\n');
}

/**
 * The nodes a moment marks on the graph: its own, with each region it names (a link between two regions cut)
 * standing for that region's leaders (`regionLeadersKey`), the two ends of the link: the rings go round them and
 * the caption keeps clear of them, as of any node a moment is about. A region without a leader stays a name.
 */
export function withRegionLeaders(nodes: readonly string[], leadersKey: string): string[] {
  if (leadersKey === '') return [...nodes];
  const byRegion = new Map<string, string[]>();
  for (const line of leadersKey.split('\n')) {
    const [region = '', leader = ''] = line.split('\t');
    byRegion.set(region, [...(byRegion.get(region) ?? []), leader]);
  }
  return [...new Set(nodes.flatMap((id) => byRegion.get(id) ?? [id]))];
}

/**
 * The caption's footer: what the moment names, "Node: kv500", "Nodes: db3, db1", or, when it names regions only
 * (a link between two regions cut), "Regions: US, APAC" rather than calling regions nodes.
 */
export function namedText(named: readonly string[], leadersKey: string): string {
  const regions = new Set(leadersKey === '' ? [] : leadersKey.split('\n').map((line) => line.split('\t')[0]));
  const noun = named.every((id) => regions.has(id)) ? 'Region' : 'Node';
  return `${noun}${named.length === 1 ? '' : 's'}: ${named.join(', ')}`;
}

export interface PlacementInput {
  /** The base SVG's box inside the graph. */
  readonly frame: Rect;
  readonly layout: Layout;
  /** The nodes the moment involves (ringed): the box stays nearest them. */
  readonly involved: readonly string[];
  /** The nodes it is about (involved, or named by its sentence): never covered if there is room. */
  readonly about: ReadonlySet<string>;
  /** What the moment drew on the graph (chips, labels, badges), measured. */
  readonly marks: readonly Rect[];
  /** The clients' icons and names, measured. */
  readonly clients?: readonly Rect[];
  readonly boxHeight: number;
}

/**
 * The place covering the least, weighed: the moment's marks most, then the nodes it is about (with their
 * rings), then clients, then other cards; nearness to the involved nodes breaks ties. Candidates are the four
 * sides of the involved nodes and a grid over the whole graph, all kept inside it.
 */
export function placement(input: PlacementInput): Place {
  const { frame, layout, involved, about, marks, clients = [], boxHeight: h } = input;
  const { x, y, width, height } = layout.viewBox;
  const scale = Math.min(frame.width / width, frame.height / height);
  const ox = frame.left + (frame.width - width * scale) / 2;
  const oy = frame.top + (frame.height - height * scale) / 2;
  const cardW = layout.card.width * scale;
  const cardH = layout.card.height * scale;
  const cardOf = (p: { x: number; y: number }, reach: number): Rect => ({
    left: ox + (p.x - x) * scale - cardW / 2 - reach,
    top: oy + (p.y - y) * scale - cardH / 2 - reach,
    width: cardW + 2 * reach,
    height: cardH + 2 * reach,
  });
  const ring = RING_REACH * scale;
  const obstacles: { rect: Rect; weight: number }[] = [];
  const mine: Rect[] = [];
  for (const [id, p] of layout.positions) {
    const isAbout = about.has(id);
    obstacles.push({ rect: cardOf(p, isAbout ? ring : 0), weight: isAbout ? COST.talkedAbout : COST.card });
    if (involved.includes(id)) mine.push(cardOf(p, 0));
  }
  for (const rect of marks) obstacles.push({ rect, weight: COST.mark });
  for (const rect of clients) obstacles.push({ rect, weight: COST.client });

  const w = Math.min(BOX_WIDTH, frame.width - 2 * GAP);
  const inside = (left: number, top: number): Rect => ({
    left: Math.max(frame.left + GAP, Math.min(left, frame.left + frame.width - w - GAP)),
    top: Math.max(frame.top + GAP, Math.min(top, frame.top + frame.height - h - GAP)),
    width: w,
    height: h,
  });
  const around =
    mine.length > 0 ? bounds(mine) : { left: frame.left, top: frame.top, width: frame.width, height: 0 };
  const cx = around.left + around.width / 2 - w / 2;
  const cy = around.top + around.height / 2 - h / 2;
  const gap = GAP + ring;
  const candidates = [
    inside(cx, around.top + around.height + gap),
    inside(cx, around.top - gap - h),
    inside(around.left + around.width + gap, cy),
    inside(around.left - gap - w, cy),
  ];
  const steps = 6;
  for (let i = 0; i <= steps; i++)
    for (let j = 0; j <= steps; j++)
      candidates.push(
        inside(
          frame.left + GAP + ((frame.width - w - 2 * GAP) * i) / steps,
          frame.top + GAP + ((frame.height - h - 2 * GAP) * j) / steps,
        ),
      );
  const cost = (r: Rect) =>
    obstacles.reduce((sum, o) => sum + overlap(r, o.rect) * o.weight, 0) +
    Math.hypot(
      r.left + w / 2 - (around.left + around.width / 2),
      r.top + h / 2 - (around.top + around.height / 2),
    );
  let best = candidates[0] as Rect;
  let bestCost = cost(best);
  for (const c of candidates) {
    const k = cost(c);
    if (k < bestCost) {
      best = c;
      bestCost = k;
    }
  }
  return { left: best.left, top: best.top, width: w };
}

function bounds(rects: readonly Rect[]): Rect {
  const left = Math.min(...rects.map((r) => r.left));
  const top = Math.min(...rects.map((r) => r.top));
  const right = Math.max(...rects.map((r) => r.left + r.width));
  const bottom = Math.max(...rects.map((r) => r.top + r.height));
  return { left, top, width: right - left, height: bottom - top };
}
