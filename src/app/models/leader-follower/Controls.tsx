/** Leader-follower's own groups of the controls' column: failover, replication and the clients' read policies. */
import { ClientControls } from '../../controls/ClientControls.tsx';
import { FailoverControls } from './FailoverControls.tsx';
import { READ_POLICIES } from './index.tsx';
import { ReplicationControls } from './ReplicationControls.tsx';

export function Controls() {
  return (
    <>
      <FailoverControls />
      <ReplicationControls />
      <ClientControls policies={READ_POLICIES} />
    </>
  );
}
