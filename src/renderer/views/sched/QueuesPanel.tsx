import type { CpuCacheView, SchedView } from '../../../sim/kernel/sched-selectors.ts';
import { useSelection } from '../../model/selection.ts';
import { pidColor } from '../../theme/theme.ts';
import { CacheStrip } from './CacheStrip.tsx';
import { StateDiagram } from './StateDiagram.tsx';

/**
 * The policy in force and its tie-break rule, each CPU's process and why (and, on a machine
 * with caches, its cache strip), the ready queues, and the state diagram.
 */
export function QueuesPanel({ view, caches = [] }: { view: SchedView; caches?: CpuCacheView[] }) {
  const [selected, select] = useSelection();
  const chip = (pid: number, note?: string) => (
    <button
      key={pid}
      type="button"
      className={`pid-chip${selected === pid ? ' selected' : ''}`}
      style={{ borderColor: pidColor(pid) }}
      onClick={() => select(pid)}
      title={note ? `pid ${pid}: ${note}` : `pid ${pid}`}
    >
      <span className="swatch" style={{ background: pidColor(pid) }} />
      {pid}
      {note ? <span className="muted"> {note}</span> : null}
    </button>
  );
  return (
    <div className="queues-panel" data-testid="ready-queues">
      <p className="policy-line">
        <b>{view.label}</b>
        <span className="muted"> · tie-break: {view.tieBreak}</span>
      </p>
      <div className="cpus">
        {view.cpus.map((c) => (
          <div key={c.cpu} className="cpu-block">
          <div className="cpu-line">
            <span className="cpu-name">CPU {c.cpu}</span>
            {c.pid === null ? <span className="muted">idle</span> : chip(c.pid, c.name ?? undefined)}
            <span className="muted why">
              {c.switching > 0 ? `switching (${c.switching} ticks left) · ` : ''}
              {c.pid === null ? '' : c.why}
              {c.sliceLeft !== null && c.pid !== null ? ` · ${c.sliceLeft} tick${c.sliceLeft === 1 ? '' : 's'} of slice left` : ''}
            </span>
          </div>
          {caches[c.cpu]?.size != null ? <CacheStrip c={caches[c.cpu]} /> : null}
          </div>
        ))}
      </div>
      {view.queues.map((q) => (
        <div key={q.name} className="queue">
          <span className="queue-name">{q.name}</span>
          <div className="queue-pids">
            {q.pids.length === 0 ? <span className="muted">empty</span> : q.pids.map((pid) => chip(pid, q.notes?.[pid]))}
          </div>
        </div>
      ))}
      <StateDiagram counts={view.states} />
    </div>
  );
}
