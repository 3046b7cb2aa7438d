/**
 * Where the dots canvas writes the ids of the nodes it labels (the selected one, the anomalous ones, the leaders):
 * each label above its dot, or else below, right or left of it, wherever it overlaps no label placed before it
 * (labels come in order of importance). One with no free place gets no text, only its ring: on the 1,000-node
 * ring two anomalous neighbours' ids were written over each other, and neither could be read.
 */

/** A label's text box, centred at (x, y). */
export interface LabelBox {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** The gap between a dot's edge and its label. */
const GAP = 4;

/**
 * The text boxes of labels `w` x `h` for dots at (x, y) of radius `r`, in order; null where every place around
 * the dot overlaps an earlier label.
 */
export function placeLabels(
  labels: readonly { readonly x: number; readonly y: number; readonly w: number; readonly h: number }[],
  r: number,
): (LabelBox | null)[] {
  const placed: LabelBox[] = [];
  return labels.map(({ x, y, w, h }) => {
    const around: LabelBox[] = [
      { x, y: y - r - GAP - h / 2, w, h },
      { x, y: y + r + GAP + h / 2, w, h },
      { x: x + r + GAP + w / 2, y, w, h },
      { x: x - r - GAP - w / 2, y, w, h },
    ];
    const free = around.find((box) => placed.every((other) => !overlap(box, other)));
    if (free === undefined) return null;
    placed.push(free);
    return free;
  });
}

function overlap(a: LabelBox, b: LabelBox): boolean {
  return Math.abs(a.x - b.x) * 2 < a.w + b.w && Math.abs(a.y - b.y) * 2 < a.h + b.h;
}
