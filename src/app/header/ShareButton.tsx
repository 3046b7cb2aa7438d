/**
 * Share: copies a link to this run at the current simulated time. When the clipboard is not available (an
 * insecure origin, a denied permission) the link is shown selected in a text field to copy by hand. The popover
 * closes on Escape, on Close, and on a press anywhere outside it.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useLab } from '../hooks.ts';
import { useDismiss } from '../page/useDismiss.ts';
import { makeShareLink } from '../share.ts';
import { labStore } from '../store.ts';

type Shared = { link: string; copied: boolean; tooFar: string | null };

/** Copies the link to the clipboard if the browser allows it; says whether it did. */
async function copy(link: string): Promise<boolean> {
  try {
    if (!navigator.clipboard) return false;
    await navigator.clipboard.writeText(link);
    return true;
  } catch {
    return false;
  }
}

export function ShareButton() {
  const ready = useLab((s) => s.scenario !== null && s.snapshot !== null);
  const [shared, setShared] = useState<Shared | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const open = shared !== null;
  useDismiss(
    open,
    (target) => root.current?.contains(target) ?? false,
    (refocus) => {
      setShared(null);
      if (refocus) button.current?.focus();
    },
  );

  const share = async () => {
    const { scenario, snapshot } = labStore.getState();
    if (!scenario) return;
    const { link, tooFar } = await makeShareLink(scenario, snapshot?.nowUs ?? null);
    setShared({ link, tooFar, copied: await copy(link) });
  };

  return (
    <div className="share" ref={root}>
      <button
        ref={button}
        type="button"
        className="primary"
        onClick={open ? () => setShared(null) : share}
        disabled={!ready}
        aria-expanded={open}
      >
        Share
      </button>
      {shared && <SharePopover shared={shared} onClose={() => setShared(null)} />}
    </div>
  );
}

function SharePopover({ shared, onClose }: { shared: Shared; onClose: () => void }) {
  const fieldId = useId();
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!shared.copied) field.current?.select();
  }, [shared]);
  return (
    <div className="share-popover" role="dialog" aria-label="Share this run" data-testid="share-popover">
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
      />
      <p className="share-note">
        {shared.link.length.toLocaleString('en-US')} characters;{' '}
        {shared.tooFar
          ? `opens at the start: this moment is too far into the run for a link to replay (${shared.tooFar}).`
          : 'opens paused at this moment.'}
      </p>
      <button type="button" className="ghost" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
