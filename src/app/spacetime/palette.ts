/**
 * The diagram's colours, resolved from the theme's variables (src/app/styles/theme.css) rather than named as
 * variables in the SVG: an exported diagram must carry real colours to stand alone. Re-read when the theme
 * changes.
 */
import { useMemo } from 'react';
import type { MessageKind } from '../../sim/types.ts';
import { MESSAGE_KINDS } from '../kinds.ts';
import { useTheme } from '../page/theme.ts';

const FALLBACK = '#8b93b0';

export interface DiagramPalette {
  readonly kinds: Readonly<Record<MessageKind, string>>;
  readonly background: string;
  readonly laneSelected: string;
  readonly laneText: string;
  readonly clientText: string;
  readonly laneLine: string;
  readonly grid: string;
  readonly axis: string;
  readonly axisText: string;
  readonly cursor: string;
  readonly partition: string;
  readonly down: string;
  readonly drop: string;
  readonly failBackground: string;
  readonly write: string;
  readonly read: string;
  readonly hovered: string;
  readonly pinned: string;
  readonly info: string;
}

function resolve(): DiagramPalette {
  const style = getComputedStyle(document.documentElement);
  const get = (name: string) => style.getPropertyValue(name).trim() || FALLBACK;
  const kinds = Object.fromEntries(MESSAGE_KINDS.map(({ kind }) => [kind, get(`--kind-${kind}`)])) as Record<
    MessageKind,
    string
  >;
  return {
    kinds,
    background: get('--st-bg'),
    laneSelected: get('--st-lane-selected'),
    laneText: get('--st-lane-text'),
    clientText: get('--st-client-text'),
    laneLine: get('--st-lane-line'),
    grid: get('--st-grid'),
    axis: get('--st-axis'),
    axisText: get('--st-axis-text'),
    cursor: get('--st-cursor'),
    partition: get('--st-partition'),
    down: get('--st-down'),
    drop: get('--danger'),
    failBackground: get('--st-fail-bg'),
    write: get('--st-write'),
    read: get('--st-read'),
    hovered: get('--st-cursor'),
    pinned: get('--selected'),
    info: get('--st-partition'),
  };
}

/** The palette of the theme in effect. */
export function useDiagramPalette(): DiagramPalette {
  const theme = useTheme();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the theme is the trigger: the variables changed.
  return useMemo(resolve, [theme]);
}
