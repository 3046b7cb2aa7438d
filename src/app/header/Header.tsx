/** Title, preset picker, Share and scenario files. */
import { BrandMark } from './BrandMark.tsx';
import { ImportExport } from './ImportExport.tsx';
import { PresetPicker } from './PresetPicker.tsx';
import { ShareButton } from './ShareButton.tsx';

export function Header() {
  return (
    <header className="app-header">
      <div className="brand">
        <BrandMark />
        <h1>Replication Lab</h1>
      </div>
      <PresetPicker />
      <div className="header-actions">
        <ShareButton />
        <ImportExport />
      </div>
    </header>
  );
}
