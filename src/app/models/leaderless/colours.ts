/** The replicas' colours: pure, shared by the ring (RingLayer.tsx, through ui.ts) and the first paint. */

/** A stable colour per node (by its index in the snapshot), shared by the ring's ticks and the cards' spokes. */
const NODE_COLOURS = ['#4da3ff', '#3ecf8e', '#ffb547', '#ff7ab6', '#b18cff', '#4fd8e8', '#ff8a3d', '#c6e04f'];

export function nodeColour(index: number): string {
  return NODE_COLOURS[index % NODE_COLOURS.length] ?? '#8b93b0';
}
