/**
 * Error and info banners. Everything here is React text: a bad share link's content is shown in a read-only
 * field to copy, never interpreted.
 */
import { useId } from 'react';
import { useLab } from './hooks.ts';
import { dismissNotice, type Notice } from './store.ts';

export function Notices() {
  const notices = useLab((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map((n) => (
        <NoticeBanner key={n.id} notice={n} />
      ))}
    </div>
  );
}

function NoticeBanner({ notice }: { notice: Notice }) {
  const detailId = useId();
  return (
    <div className={`notice notice-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
      <div className="notice-body">
        <strong className="notice-title">{notice.title}</strong>
        <p className="notice-message">{notice.message}</p>
        {notice.detail !== undefined && (
          <div className="notice-detail">
            <label htmlFor={detailId}>Rejected text</label>
            <textarea id={detailId} readOnly value={notice.detail} rows={2} spellCheck={false} />
          </div>
        )}
      </div>
      {notice.action && (
        <button
          type="button"
          className="primary notice-action"
          onClick={() => {
            dismissNotice(notice.id);
            notice.action?.run();
          }}
        >
          {notice.action.label}
        </button>
      )}
      <button type="button" className="ghost notice-dismiss" onClick={() => dismissNotice(notice.id)}>
        Dismiss
      </button>
    </div>
  );
}
