/** Title, preset picker, Share, scenario files, the theme toggle and the list of keyboard shortcuts. */
import { showShortcuts } from '../page/shortcuts.ts';
import { BrandMark } from './BrandMark.tsx';
import { ImportExport } from './ImportExport.tsx';
import { PresetPicker } from './PresetPicker.tsx';
import { ShareButton } from './ShareButton.tsx';
import { ThemeToggle } from './ThemeToggle.tsx';

export function Header() {
  return (
    <header className="app-header">
      <div className="brand">
        <BrandMark />
        {/* On a phone the title is left to the logo and to screen readers: the row is for the buttons. */}
        <h1 className="brand-title">Replication Lab</h1>
      </div>
      <PresetPicker />
      {/* Share sits left of the control column, so its popover never covers Play/Pause. */}
      <ShareButton />
      <div className="header-actions">
        <ImportExport />
        <ThemeToggle />
        <button
          type="button"
          className="icon-button"
          onClick={() => showShortcuts(true)}
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
        >
          <span aria-hidden="true">?</span>
        </button>
      </div>
    </header>
  );
}
