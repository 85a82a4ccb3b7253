import { useEffect, useRef, useState } from 'react';
import type { BranchChange, GlassboxApi } from '../../shared/protocol.ts';
import { branchNotice } from './branch-text.ts';

/**
 * Says so when a branch is made or switched to, above the timeline, with the way back one
 * click away. A change from before this page connected is not news and is not shown.
 */
export function BranchNotice({ api, change, scenarioName }: { api: GlassboxApi; change: BranchChange | null; scenarioName: string }) {
  const [shown, setShown] = useState<BranchChange | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seen = useRef<number | null>(null);
  useEffect(() => {
    const seq = change?.seq ?? 0;
    if (seen.current === null) seen.current = seq;
    else if (change && seq > seen.current) {
      seen.current = seq;
      setShown(change);
      setError(null);
    }
  }, [change]);
  if (!shown) return null;
  const { text, back } = branchNotice(shown, scenarioName);
  const goBack = async () => {
    const r = await api.request({ cmd: 'switchBranch', id: back });
    if (!r.ok) setError(r.error);
  };
  return (
    <div className="notice branch-notice" role="status" data-testid="branch-notice">
      <span className="notice-text">{text}</span>
      {error ? <span className="problem">{error}</span> : null}
      <button type="button" className="small" onClick={goBack} title={`Switch back to branch ${back}, replaying it to where it was left`} data-testid="branch-back">
        Back to branch {back}
      </button>
      <button type="button" className="small" onClick={() => setShown(null)} aria-label="Dismiss" title="Dismiss (the branch list beside the scrubber keeps every branch)">
        ✕
      </button>
    </div>
  );
}
