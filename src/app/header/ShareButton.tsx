/**
 * Share: copies a link to this run at the current simulated time. When the clipboard is not available (an
 * insecure origin, a denied permission) the link is shown selected in a text field to copy by hand.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useLab } from '../hooks.ts';
import { shareLink } from '../share.ts';
import { labStore } from '../store.ts';

type ShareState = { link: string; copied: boolean } | null;

export function ShareButton() {
  const ready = useLab((s) => s.scenario !== null && s.snapshot !== null);
  const [shared, setShared] = useState<ShareState>(null);
  const fieldId = useId();
  const field = useRef<HTMLInputElement>(null);

  const share = async () => {
    const { scenario, snapshot } = labStore.getState();
    if (!scenario) return;
    const link = shareLink(scenario, snapshot?.nowUs ?? null);
    let copied = false;
    try {
      if (navigator.clipboard) {
        await navigator.clipboard.writeText(link);
        copied = true;
      }
    } catch {
      copied = false;
    }
    setShared({ link, copied });
  };

  useEffect(() => {
    if (shared && !shared.copied) field.current?.select();
  }, [shared]);

  return (
    <div className="share">
      <button type="button" className="primary" onClick={share} disabled={!ready}>
        Share
      </button>
      {shared && (
        <div className="share-popover" role="dialog" aria-label="Share this run">
          <p className="share-status" role="status">
            {shared.copied ? 'Link copied' : 'Copy this link:'}
          </p>
          <label htmlFor={fieldId} className="visually-hidden">
            Share link
          </label>
          <input
            ref={field}
            id={fieldId}
            className="share-link"
            readOnly
            value={shared.link}
            onFocus={(event) => event.currentTarget.select()}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setShared(null);
            }}
          />
          <p className="share-note">
            {shared.link.length.toLocaleString('en-US')} characters; opens paused at this moment.
          </p>
          <button type="button" className="ghost" onClick={() => setShared(null)}>
            Close
          </button>
        </div>
      )}
    </div>
  );
}
