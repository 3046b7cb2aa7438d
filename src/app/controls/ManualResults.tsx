/** The most recent manual operations (from the Data forms or a node's menu), newest first, with their outcome. */
import { useLabStable } from '../hooks.ts';
import { OperationStatus } from '../OperationStatus.tsx';

export function ManualResults() {
  const ops = useLabStable((s) =>
    (s.snapshot?.history ?? [])
      .filter((op) => op.manual)
      .slice(-8)
      .reverse(),
  );
  return (
    <div className="results">
      <h3>Results</h3>
      {ops.length === 0 ? (
        <p className="empty">No manual operations yet.</p>
      ) : (
        <ul className="result-list" aria-label="Results">
          {ops.map((op) => (
            <li key={op.id} className={`result status-${op.status}`} data-testid="result" data-op-id={op.id}>
              <span className={`op-f op-${op.f}`}>{op.f}</span>
              <span className="result-text">
                {op.key}
                {op.f === 'write'
                  ? ` = ${op.value ?? (op.autoIncrement ? 'next id' : '')}`
                  : op.status === 'ok'
                    ? ` → ${op.value ?? 'nothing'}`
                    : ''}
                {op.status === 'ok' && op.version > 0 && <span className="version"> v{op.version}</span>}
              </span>
              <OperationStatus op={op} />
              {op.node && <span className="result-node">{op.node}</span>}
              {op.error && <span className="result-error">{op.error}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
