/**
 * The data table inside a node card, common to the models whose cards list key, value and version on one line:
 * the first `rows` keys, "+n more", or a line saying why there is nothing (`empty`). Values cut to fit the card
 * are whole in each row's tooltip (and in the Replica state tab), with what the "@n" version means.
 */
import type { KeyValueView } from '../../sim/types.ts';
import type { CardSize } from './layout.ts';

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
}

interface Props {
  readonly data: readonly KeyValueView[];
  readonly card: CardSize;
  readonly empty: string;
  /** What a version number is in this model, for the tooltip: "the log position of the write that set it". */
  readonly version: string;
}

export function NodeData(props: Props) {
  const { data, card, empty, version } = props;
  const { width: w, height: h, rows } = card;
  if (rows === 0) return null;
  const left = -w / 2 + 10;
  const top = -h / 2 + 26;
  const shown = data.slice(0, rows);
  const hidden = data.length - shown.length;
  return (
    <g className="node-data">
      <line x1={left} x2={w / 2 - 10} y1={top + 22} y2={top + 22} />
      {shown.map((kv, i) => (
        <text key={kv.key} className="kv" x={left} y={top + 36 + i * 15}>
          <title>{`${kv.key} = ${kv.value}\n@${kv.version}: version ${kv.version}, ${version}`}</title>
          <tspan className="kv-key">{truncate(kv.key, w > 150 ? 11 : 8)}</tspan>
          <tspan className="kv-value" x={left + (w > 150 ? 88 : 72)}>
            {truncate(kv.value, w > 150 ? 6 : 5)}
          </tspan>
          <tspan className="kv-version" x={w / 2 - 10} textAnchor="end">
            @{kv.version}
          </tspan>
        </text>
      ))}
      {data.length === 0 && (
        <text className="kv kv-empty" x={left} y={top + 36}>
          {empty}
        </text>
      )}
      {hidden > 0 && (
        <text className="kv kv-more" x={left} y={top + 36 + shown.length * 15}>
          +{hidden} more
        </text>
      )}
    </g>
  );
}
