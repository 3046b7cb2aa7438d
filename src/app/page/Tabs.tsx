/**
 * Tabs as the ARIA authoring practices describe them: a tablist of buttons with one tab stop (arrow keys, Home
 * and End move between tabs and open them), each tab controlling its panel. Only the open panel is rendered, so
 * the views in the other tabs cost nothing while the run plays.
 */
import { type KeyboardEvent, type ReactNode, useRef } from 'react';

export interface TabSpec {
  readonly id: string;
  readonly label: string;
  readonly render: () => ReactNode;
}

interface Props {
  readonly label: string;
  readonly tabs: readonly TabSpec[];
  readonly selected: string;
  readonly onSelect: (id: string) => void;
}

export function Tabs({ label, tabs, selected, onSelect }: Props) {
  const list = useRef<HTMLDivElement>(null);
  const current = tabs.find((t) => t.id === selected) ?? tabs[0];
  const onKeyDown = (event: KeyboardEvent) => {
    const i = tabs.findIndex((t) => t.id === current?.id);
    const next =
      event.key === 'ArrowRight'
        ? (i + 1) % tabs.length
        : event.key === 'ArrowLeft'
          ? (i - 1 + tabs.length) % tabs.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? tabs.length - 1
              : -1;
    const tab = tabs[next];
    if (!tab) return;
    event.preventDefault();
    onSelect(tab.id);
    list.current?.querySelector<HTMLElement>(`[data-tab="${tab.id}"]`)?.focus();
  };
  return (
    <div className="tabs">
      <div className="tab-list" role="tablist" aria-label={label} ref={list} onKeyDown={onKeyDown}>
        {tabs.map((tab) => {
          const open = tab.id === current?.id;
          return (
            <button
              key={tab.id}
              type="button"
              role="tab"
              id={`tab-${tab.id}`}
              data-tab={tab.id}
              aria-selected={open}
              aria-controls={`tabpanel-${tab.id}`}
              tabIndex={open ? 0 : -1}
              className={open ? 'tab tab-open' : 'tab'}
              onClick={() => onSelect(tab.id)}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      {current && (
        <div
          className="tab-panel"
          role="tabpanel"
          id={`tabpanel-${current.id}`}
          aria-labelledby={`tab-${current.id}`}
          data-testid={`tabpanel-${current.id}`}
        >
          {current.render()}
        </div>
      )}
    </div>
  );
}
