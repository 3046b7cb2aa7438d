/**
 * One foldable group of the control column ("Playback", "Faults", a model's own...): a heading whose button
 * folds the group away or opens it again, remembered across visits (src/app/page/prefs.ts). A folded group stays
 * mounted, so what was typed in its forms is kept.
 */
import type { ReactNode } from 'react';
import { toggleGroup, usePrefs } from '../page/prefs.ts';

interface Props {
  /** Stable id: the remembered fold state and the element ids derive from it. */
  readonly id: string;
  readonly title: string;
  readonly children: ReactNode;
  readonly testId?: string;
}

export function ControlGroup({ id, title, children, testId }: Props) {
  const open = usePrefs((s) => !s.collapsed.includes(id));
  return (
    <section
      className={open ? 'panel-section' : 'panel-section folded'}
      aria-labelledby={`${id}-heading`}
      data-testid={testId}
      data-group={id}
    >
      <h2 id={`${id}-heading`} className="group-heading">
        <button
          type="button"
          className="group-toggle"
          aria-expanded={open}
          aria-controls={`${id}-body`}
          onClick={() => toggleGroup(id)}
        >
          <span className="group-chevron" aria-hidden="true" />
          {title}
        </button>
      </h2>
      <div id={`${id}-body`} className="group-body" hidden={!open}>
        {children}
      </div>
    </section>
  );
}
