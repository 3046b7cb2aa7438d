/** Multi-leader's own groups of the controls' column: its settings and the clients' read policies. */
import { ClientControls } from '../../controls/ClientControls.tsx';
import { READ_POLICIES } from './index.tsx';
import { MultiLeaderControls } from './MultiLeaderControls.tsx';

export function Controls() {
  return (
    <>
      <MultiLeaderControls />
      <ClientControls policies={READ_POLICIES} homeLeader />
    </>
  );
}
