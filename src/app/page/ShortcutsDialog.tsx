/** The list of keyboard shortcuts, in a modal dialog (the browser's own: focus kept inside, Escape closes it). */
import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { SHORTCUTS, shortcutsStore, showShortcuts } from './shortcuts.ts';

export function ShortcutsDialog() {
  const open = useStore(shortcutsStore, (s) => s.open);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the backdrop click is a pointer shortcut; the keyboard closes a modal dialog with Escape.
    <dialog
      ref={dialog}
      className="shortcuts-dialog"
      aria-labelledby="shortcuts-heading"
      data-testid="shortcuts-dialog"
      onClose={() => showShortcuts(false)}
      // A click on the backdrop (the dialog element itself, outside its content) closes it too.
      onClick={(event) => {
        if (event.target === event.currentTarget) showShortcuts(false);
      }}
    >
      <div className="shortcuts-body">
        <h2 id="shortcuts-heading">Keyboard shortcuts</h2>
        <dl className="shortcuts-list">
          {SHORTCUTS.map((s) => (
            <div key={s.does} className="shortcut">
              <dt>
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' or '}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </dt>
              <dd>{s.does}</dd>
            </div>
          ))}
        </dl>
        <p className="shortcuts-note">
          Keys typed into a field, or pressed on a button, slider or tab, keep their usual meaning. Nodes on
          the graph open their menu with Enter or Space.
        </p>
        <button type="button" onClick={() => showShortcuts(false)}>
          Close
        </button>
      </div>
    </dialog>
  );
}
