import { useMemo, useState } from 'react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import type { GlassboxApi } from '../../../shared/protocol.ts';
import { cpuCaches, schedView } from '../../../sim/kernel/sched-selectors.ts';
import { type Store, useMirror } from '../../model/store.ts';
import { PanelBox } from '../PanelBox.tsx';
import { LabPanel } from './LabPanel.tsx';
import { LiveGantt } from './LiveGantt.tsx';
import { MetricsPanel } from './MetricsPanel.tsx';
import { QueuesPanel } from './QueuesPanel.tsx';
import { CpuSelect, POLICY_CHOICES } from './choices.tsx';

/** The scheduler: live (Gantt, queues, state diagram, metrics) or the policy comparison lab. */
export function SchedulerView({ api, store }: { api: GlassboxApi; store: Store }) {
  const [mode, setMode] = useState<'live' | 'compare'>('live');
  return (
    <div className="sched-view">
      <div className="mode-bar">
        <div className="segmented">
          <button type="button" className={mode === 'live' ? 'on' : undefined} onClick={() => setMode('live')} data-testid="mode-live">
            Live machine
          </button>
          <button type="button" className={mode === 'compare' ? 'on' : undefined} onClick={() => setMode('compare')} data-testid="mode-compare">
            Compare policies
          </button>
        </div>
        {mode === 'live' ? <Rerun api={api} store={store} /> : <span className="muted">one workload under 2–4 policies, side by side</span>}
      </div>
      <div className="sched-body">{mode === 'live' ? <Live store={store} /> : <div className="panel scroll-panel"><LabPanel api={api} onShowLive={() => setMode('live')} /></div>}</div>
    </div>
  );
}

/**
 * The policies that give a dispatch a quantum (priority only when equals take turns, which
 * it may be set to; multi's quantum runs on the clock, as multi.py's does).
 */
const SLICED = new Set(['rr', 'priority', 'mlfq', 'lottery', 'stride', 'multi']);

/**
 * Runs this session again from tick 0 under another scheduler, replaying everything typed
 * and started so far, and comes back to the same tick: a like-for-like comparison of the
 * machine the user has been using.
 */
function Rerun({ api, store }: { api: GlassboxApi; store: Store }) {
  const config = useMirror(store, (m) => m.state?.config);
  const [policy, setPolicy] = useState<string | null>(null);
  const [quantum, setQuantum] = useState<number | null>(null);
  const [cpus, setCpus] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!config) return null;
  const p = policy ?? config.sched.policy;
  const q = quantum ?? config.sched.quantum;
  const c = cpus ?? config.cpus;
  const changed = p !== config.sched.policy || q !== config.sched.quantum || c !== config.cpus;
  const apply = async () => {
    const r = await api.request({ cmd: 'reconfigure', sched: { policy: p, quantum: q }, cpus: c });
    const errors = r.ok ? null : (r.errors?.map((e) => e.message).join('; ') ?? r.error);
    setError(errors);
    if (!errors) {
      setPolicy(null);
      setQuantum(null);
      setCpus(null);
    }
  };
  return (
    <div className="rerun">
      <label>
        scheduler
        <select value={p} onChange={(e) => setPolicy(e.target.value)} aria-label="Scheduling policy" data-testid="rerun-policy">
          {POLICY_CHOICES.map((x) => (
            <option key={x} value={x}>
              {x.toUpperCase()}
            </option>
          ))}
        </select>
      </label>
      <label title={SLICED.has(p) ? 'Ticks a process may run before the scheduler takes the CPU back' : `${p.toUpperCase()} has no quantum: a process runs until it blocks, exits or is preempted by its rules`}>
        quantum
        <input
          type="number"
          min={1}
          value={q}
          disabled={!SLICED.has(p)}
          onChange={(e) => setQuantum(Math.max(1, Number(e.target.value) || 1))}
          aria-label="Quantum"
          data-testid="rerun-quantum"
        />
      </label>
      <CpuSelect value={c} onChange={setCpus} />
      <button type="button" className={changed ? 'primary' : undefined} disabled={!changed} onClick={apply} data-testid="rerun" title="Run this session again from tick 0 with this scheduler, replaying everything typed so far">
        Re-run this session
      </button>
      {error ? <span className="problem">{error}</span> : null}
    </div>
  );
}

function Live({ store }: { store: Store }) {
  const state = useMirror(store, (m) => m.state);
  const view = useMemo(() => (state ? schedView(state) : null), [state]);
  const caches = useMemo(() => (state ? cpuCaches(state) : []), [state]);
  if (!state || !view) return null;
  return (
    <Group orientation="vertical">
      <Panel defaultSize="40" minSize="20">
        <LiveGantt store={store} />
      </Panel>
      <Separator className="separator horizontal" />
      <Panel minSize="20">
        <Group orientation="horizontal">
          <Panel defaultSize="50" minSize="25">
            <PanelBox title="CPUs and ready queues">
              <QueuesPanel view={view} caches={caches} />
            </PanelBox>
          </Panel>
          <Separator className="separator vertical" />
          <Panel minSize="25">
            <PanelBox title="Metrics">
              <MetricsPanel state={state} />
            </PanelBox>
          </Panel>
        </Group>
      </Panel>
    </Group>
  );
}
