import { scaleBand, scaleLinear } from 'd3';
import { useMemo, useRef, useState } from 'react';
import { ganttData } from '../../sim/kernel/views.ts';
import { useSelection } from '../model/selection.ts';
import { type Store, useMirror } from '../model/store.ts';
import { pidColor } from '../theme.ts';
import { useSize } from './useSize.ts';

const WINDOWS = [50, 100, 200, 500, 2000];
const MARGIN = { top: 8, right: 12, bottom: 26, left: 92 };
const LANE = 22;

/**
 * Which process ran at each tick: one lane per process, one bar per stretch on a CPU. The
 * window follows the current tick. Hovering a bar tells why it was dispatched and why it
 * stopped.
 */
export function GanttView({ store }: { store: Store }) {
  const trace = useMirror(store, (m) => m.state?.trace);
  const tick = useMirror(store, (m) => m.state?.tick ?? 0);
  const policy = useMirror(store, (m) => m.state?.sched.policy);
  const cpus = useMirror(store, (m) => m.state?.cpus.length ?? 0);
  const [span, setSpan] = useState(100);
  const [selected, select] = useSelection();
  const box = useRef<HTMLDivElement>(null);
  const { width } = useSize(box);
  const from = Math.max(0, tick - span);
  const to = Math.max(from + span, tick);
  const data = useMemo(() => (trace ? ganttData(trace, from, to) : null), [trace, from, to]);

  const innerW = Math.max(50, width - MARGIN.left - MARGIN.right);
  const lanes = data?.lanes ?? [];
  const innerH = Math.max(LANE, lanes.length * LANE);
  const x = useMemo(() => scaleLinear().domain([from, to]).range([0, innerW]), [from, to, innerW]);
  const y = useMemo(
    () =>
      scaleBand<number>()
        .domain(lanes.map((l) => l.pid))
        .range([0, innerH])
        .padding(0.18),
    [lanes, innerH],
  );

  return (
    <section className="panel gantt" aria-label="Gantt chart">
      <header>
        <h2>Scheduler · Gantt</h2>
        <span className="muted">{policy ? `${policy.toUpperCase()} · ${cpus} CPU${cpus === 1 ? '' : 's'}` : ''}</span>
        <label className="spacer-left">
          window
          <select value={span} onChange={(e) => setSpan(Number(e.target.value))} aria-label="Ticks shown">
            {WINDOWS.map((w) => (
              <option key={w} value={w}>
                {w} ticks
              </option>
            ))}
          </select>
        </label>
      </header>
      <div className="panel-body" ref={box}>
        {lanes.length === 0 ? (
          <p className="empty">Nothing has run in the last {span} ticks. Start a job in the terminal, e.g. <code>cpu 40 &amp;</code>.</p>
        ) : (
          <svg width={innerW + MARGIN.left + MARGIN.right} height={innerH + MARGIN.top + MARGIN.bottom} data-testid="gantt-svg">
            <title>Which process ran at each tick</title>
            <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
              {lanes.map((l) => (
                <g key={l.pid} transform={`translate(0,${y(l.pid)})`}>
                  <rect className="lane" x={0} width={innerW} height={y.bandwidth()} />
                  <text className="lane-label" x={-8} y={y.bandwidth() / 2} dy="0.35em" textAnchor="end">
                    {l.pid} {l.name.length > 9 ? `${l.name.slice(0, 8)}…` : l.name}
                  </text>
                </g>
              ))}
              {data!.slices.map((sl) => {
                const x0 = x(Math.max(sl.start, from));
                const x1 = x(Math.min(sl.end, to));
                return (
                  <rect
                    key={`${sl.cpu}-${sl.start}-${sl.pid}`}
                    className={`bar${selected === null ? '' : selected === sl.pid ? ' selected' : ' dimmed'}`}
                    data-pid={sl.pid}
                    x={x0}
                    y={y(sl.pid)}
                    width={Math.max(1, x1 - x0)}
                    height={y.bandwidth()}
                    fill={pidColor(sl.pid)}
                  >
                    <title>
                      {`pid ${sl.pid} (${sl.name}) on CPU ${sl.cpu}, ticks ${sl.start}–${sl.end}\n${sl.why}${sl.until ? `\n${sl.until}` : ''}`}
                    </title>
                  </rect>
                );
              })}
              <line className="now" x1={x(tick)} x2={x(tick)} y1={-4} y2={innerH} />
              <g transform={`translate(0,${innerH})`} className="axis">
                <line x1={0} x2={innerW} />
                {x.ticks(Math.max(2, Math.floor(innerW / 70))).map((t) => (
                  <g key={t} transform={`translate(${x(t)},0)`}>
                    <line y2={5} />
                    <text y={17} textAnchor="middle">
                      {t}
                    </text>
                  </g>
                ))}
              </g>
            </g>
          </svg>
        )}
        {lanes.length > 0 && (
          <ul className="legend" aria-label="Legend">
            {lanes.map((l) => (
              <li key={l.pid}>
                <button type="button" className={`link${selected === l.pid ? ' selected' : ''}`} onClick={() => select(l.pid)} title="Select this process in every view">
                  <span className="swatch" style={{ background: pidColor(l.pid) }} />
                  {l.pid} {l.name}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
