import { useMemo, useRef, useState } from 'react';
import { ganttRows, workExtent, workloadActive } from '../../../sim/kernel/sched-selectors.ts';
import { useSelection } from '../../model/selection.ts';
import { type Store, useMirror } from '../../model/store.ts';
import { useSize } from '../useSize.ts';
import { GanttChart, GanttKey } from './GanttChart.tsx';

const SPANS = [20, 50, 100, 200, 500, 2000, 10_000];
/** Once the machine is idle, the whole of the last work is shown if it is no longer than this. */
const WHOLE_RUN = 2000;

/**
 * The window to draw. Following the present while work goes on, it ends now; once the
 * workload has gone idle it ends at the last work done, and takes in the whole run when
 * that is short enough, so a finished example shows its whole schedule.
 */
function ganttWindow(tick: number, span: number, pinnedEnd: number | null, work: { start: number; end: number } | null, active: boolean) {
  if (pinnedEnd !== null) {
    const end = Math.min(pinnedEnd, Math.max(tick, span));
    return { from: Math.max(0, end - span), to: Math.max(0, end - span) + span, idle: false };
  }
  if (work && !active && work.end < tick) {
    const whole = work.end - work.start;
    if (whole > span && whole <= WHOLE_RUN) return { from: work.start, to: work.end, idle: true };
    const from = Math.max(0, work.end - span);
    return { from, to: from + span, idle: true };
  }
  const end = Math.max(tick, span);
  return { from: end - span, to: end, idle: false };
}

/**
 * The live Gantt chart: a window of ticks that follows the present (or is pinned and
 * panned), zoomed with the wheel or the window menu, by CPU or by process.
 */
export function LiveGantt({ store }: { store: Store }) {
  const state = useMirror(store, (m) => m.state);
  const trace = useMirror(store, (m) => m.state?.trace);
  const tick = useMirror(store, (m) => m.state?.tick ?? 0);
  // An example may start only its jobs, with no login shell: then the terminal takes no jobs.
  const shell = useMirror(store, (m) => (m.state ? m.state.config.login !== null : true));
  const [span, setSpan] = useState(100);
  const [by, setBy] = useState<'cpu' | 'process'>('process');
  const [pinnedEnd, setPinnedEnd] = useState<number | null>(null);
  const [selected, select] = useSelection();
  const box = useRef<HTMLDivElement>(null);
  const { width } = useSize(box);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the trace is what changes the extent; state is read through it.
  const work = useMemo(() => (state ? workExtent(state) : null), [trace]);
  const active = useMirror(store, (m) => (m.state ? workloadActive(m.state) : false));
  const { from, to, idle } = ganttWindow(tick, span, pinnedEnd, work, active);
  const end = pinnedEnd ?? Math.max(tick, span);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the trace and tick are what change the rows; state is read through them.
  const rows = useMemo(() => (state ? ganttRows(state, from, to, by) : []), [trace, tick, from, to, by]);
  const anything = rows.some((r) => r.bars.some((b) => b.kind !== 'idle'));
  // A process dispatched this tick is on a CPU before its first slice is drawn: say so, as the CPU panel does.
  const onCpu = useMirror(store, (m) =>
    (m.state?.cpus ?? [])
      .filter((c) => c.running !== null)
      .map((c) => `pid ${c.running} (${m.state?.procs[c.running!]?.name ?? '?'}) is on CPU ${c.id}`)
      .join(', '),
  );
  const nothingRan = `${tick === 0 ? 'Nothing has run yet.' : `Nothing ran in ticks ${from}–${to}.`}${
    onCpu && pinnedEnd === null ? ` Now ${onCpu}; ${onCpu.includes(', pid') ? 'their slices start' : 'its slice starts'} at tick ${tick}.` : ''
  }`;
  const zoom = (factor: number) => setSpan((s) => Math.max(10, Math.min(1_000_000, Math.round(s * factor))));

  return (
    <section className="panel gantt" aria-label="Gantt chart">
      <header>
        <h2>Gantt</h2>
        <span className="muted" data-testid="gantt-range">
          ticks {from}–{to}
          {idle ? ` · idle since ${work!.end}: the last work` : ''}
        </span>
        <div className="header-controls">
          <div className="segmented">
            <button type="button" className={by === 'cpu' ? 'on' : undefined} onClick={() => setBy('cpu')}>
              by CPU
            </button>
            <button type="button" className={by === 'process' ? 'on' : undefined} onClick={() => setBy('process')}>
              by process
            </button>
          </div>
          <label>
            window
            <select value={SPANS.includes(span) ? span : ''} onChange={(e) => setSpan(Number(e.target.value))} aria-label="Ticks shown">
              {SPANS.includes(span) ? null : <option value="">{span} ticks</option>}
              {SPANS.map((w) => (
                <option key={w} value={w}>
                  {w.toLocaleString()} ticks
                </option>
              ))}
            </select>
          </label>
          <label title="Pan through the past; 'now' follows the present">
            <input
              type="range"
              min={span}
              max={Math.max(span, tick)}
              value={end}
              onChange={(e) => setPinnedEnd(Number(e.target.value) >= tick ? null : Number(e.target.value))}
              aria-label="Pan the window"
            />
          </label>
          <button type="button" className={pinnedEnd === null ? 'on small' : 'small'} onClick={() => setPinnedEnd(null)} title="Follow the present">
            now
          </button>
        </div>
      </header>
      <div className="panel-body" ref={box}>
        {anything ? (
          <GanttChart
            rows={rows}
            from={from}
            to={to}
            width={width}
            now={tick}
            selected={selected}
            onSelect={select}
            testId="gantt"
            onZoom={(f) => zoom(f)}
            withKey={false}
          />
        ) : (
          <p className="empty">
            {shell ? (
              <>
                <span data-testid="gantt-empty">{nothingRan}</span> Start a job in the terminal (<code>cpu 40 &amp;</code>, <code>job cpu:5 io:3 cpu:5 &amp;</code>), open an example,
                or run a workload from <i>Compare policies</i>.
              </>
            ) : (
              <>
                <span data-testid="gantt-empty">{nothingRan}</span> This example has no shell: its jobs start at the ticks its scenario gives (press ▶ to run it), or run a workload
                from <i>Compare policies</i>.
              </>
            )}
          </p>
        )}
      </div>
      {/* Outside the chart's scrolling body, so a short panel never scrolls away what the bars mean. */}
      {anything ? <GanttKey /> : null}
    </section>
  );
}
