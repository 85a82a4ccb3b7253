import { useMemo, useState } from 'react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import { metricsTable, schedView } from '../../../sim/sched/views.ts';
import type { GlassboxApi } from '../../../shared/protocol.ts';
import { type Store, useMirror } from '../../model/store.ts';
import { PanelBox } from '../PanelBox.tsx';
import { LabPanel } from './LabPanel.tsx';
import { LiveGantt } from './LiveGantt.tsx';
import { MetricsPanel } from './MetricsPanel.tsx';
import { QueuesPanel } from './QueuesPanel.tsx';

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
        <span className="muted">
          {mode === 'live' ? 'what the kernel is doing now, tick by tick' : 'one workload under 2–4 policies, side by side'}
        </span>
      </div>
      <div className="sched-body">{mode === 'live' ? <Live store={store} /> : <div className="panel scroll-panel"><LabPanel api={api} /></div>}</div>
    </div>
  );
}

function Live({ store }: { store: Store }) {
  const state = useMirror(store, (m) => m.state);
  const view = useMemo(() => (state ? schedView(state) : null), [state]);
  const table = useMemo(() => (state ? metricsTable(state) : null), [state]);
  if (!state || !view || !table) return null;
  const busy = state.cpus.reduce((a, c) => a + c.busyTicks, 0);
  const summary = { utilisation: state.tick ? busy / (state.tick * state.cpus.length) : 0, switches: state.stats.contextSwitches, tick: state.tick };
  return (
    <Group orientation="vertical">
      <Panel defaultSize="38" minSize="20">
        <LiveGantt store={store} />
      </Panel>
      <Separator className="separator horizontal" />
      <Panel minSize="20">
        <Group orientation="horizontal">
          <Panel defaultSize="50" minSize="25">
            <PanelBox title="CPUs and ready queues">
              <QueuesPanel view={view} />
            </PanelBox>
          </Panel>
          <Separator className="separator vertical" />
          <Panel minSize="25">
            <PanelBox title="Metrics">
              <MetricsPanel table={table} summary={summary} />
            </PanelBox>
          </Panel>
        </Group>
      </Panel>
    </Group>
  );
}
