/**
 * What a view shows while its code loads: the views below the stage (the tabs, their workers, the dialogs) are
 * separate chunks fetched the first time they are opened, so the first visit loads only what draws the graph.
 * The line names the view and holds the panel's height, so the page does not jump when the view arrives.
 */
import { type ReactNode, Suspense } from 'react';

export function ViewLoading({ what }: { what: string }) {
  return (
    <p className="view-loading" role="status" data-testid="view-loading">
      Loading {what}…
    </p>
  );
}

/** `children` (a lazy view) with the labelled loading line until its chunk has arrived. */
export function LazyView({ what, children }: { what: string; children: ReactNode }) {
  return <Suspense fallback={<ViewLoading what={what} />}>{children}</Suspense>;
}
