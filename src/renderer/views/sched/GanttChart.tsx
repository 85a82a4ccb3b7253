import { scaleBand, scaleLinear } from 'd3';
import { useMemo, useState } from 'react';
import type { GanttBar, GanttRow } from '../../../sim/kernel/sched-selectors.ts';
import { pidColor } from '../../theme/theme.ts';

const MARGIN = { top: 6, right: 14, bottom: 24, left: 86 };
const ROW = 24;

export interface GanttChartProps {
  rows: GanttRow[];
  from: number;
  to: number;
  width: number;
  /** The current tick, drawn as a line (omit for a finished lab run). */
  now?: number;
  selected: number | null;
  onSelect?: (pid: number) => void;
  testId?: string;
  /** Wheel zoom: negative = in, positive = out, around the tick under the pointer. */
  onZoom?: (factor: number, atTick: number) => void;
}

/**
 * A Gantt chart of scheduling decisions: rows (CPUs, the I/O device, or processes), bars
 * for running (coloured by process), context switches (hatched), I/O (tinted), waits on a
 * channel (a thin outline) and idle (faint). D3 computes the scales; React draws the SVG. Hovering a bar shows why the
 * process was dispatched and why it stopped.
 */
export function GanttChart({ rows, from, to, width, now, selected, onSelect, testId, onZoom }: GanttChartProps) {
  const [hover, setHover] = useState<{ bar: GanttBar; x: number; y: number } | null>(null);
  const innerW = Math.max(60, width - MARGIN.left - MARGIN.right);
  const innerH = Math.max(ROW, rows.length * ROW);
  const x = useMemo(() => scaleLinear().domain([from, Math.max(to, from + 1)]).range([0, innerW]), [from, to, innerW]);
  const y = useMemo(
    () =>
      scaleBand<string>()
        .domain(rows.map((r) => r.key))
        .range([0, innerH])
        .padding(0.2),
    [rows, innerH],
  );
  const ticks = x.ticks(Math.max(2, Math.floor(innerW / 80))).filter((t) => Number.isInteger(t));

  return (
    <div className="gantt-chart">
      <svg
        width={innerW + MARGIN.left + MARGIN.right}
        height={innerH + MARGIN.top + MARGIN.bottom}
        data-testid={testId}
        onWheel={
          onZoom
            ? (e) => {
                const r = e.currentTarget.getBoundingClientRect();
                onZoom(e.deltaY < 0 ? 0.8 : 1.25, x.invert(e.clientX - r.left - MARGIN.left));
              }
            : undefined
        }
      >
        <title>Which process ran at each tick</title>
        <defs>
          <pattern id="switch-hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="5" height="5" className="switch-bg" />
            <line x1="0" y1="0" x2="0" y2="5" className="switch-line" />
          </pattern>
        </defs>
        <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
          {rows.map((r) => (
            <g key={r.key} transform={`translate(0,${y(r.key)})`}>
              <rect className="lane" x={0} width={innerW} height={y.bandwidth()} />
              <text className="lane-label" x={-8} y={y.bandwidth() / 2} dy="0.35em" textAnchor="end">
                {r.label.length > 12 ? `${r.label.slice(0, 11)}…` : r.label}
              </text>
              {r.bars.map((b) => {
                if (b.kind === 'idle') return null;
                const x0 = x(b.start);
                const w = Math.max(1, x(b.end) - x0);
                const cls = `bar ${b.kind}${selected === null || b.pid === null ? '' : selected === b.pid ? ' selected' : ' dimmed'}`;
                return (
                  // biome-ignore lint/a11y/noStaticElementInteractions: pointer detail only; the same facts are in the tables.
                  <rect
                    key={`${b.kind}-${b.start}-${b.pid}`}
                    className={cls}
                    data-pid={b.pid ?? undefined}
                    data-kind={b.kind}
                    x={x0}
                    width={w}
                    height={y.bandwidth()}
                    fill={b.kind === 'switch' ? 'url(#switch-hatch)' : pidColor(b.pid ?? 0)}
                    stroke={b.kind === 'io' || b.kind === 'wait' ? pidColor(b.pid ?? 0) : undefined}
                    onMouseMove={(e) => setHover({ bar: b, x: e.nativeEvent.offsetX, y: e.nativeEvent.offsetY })}
                    onMouseLeave={() => setHover(null)}
                    onClick={() => b.pid !== null && onSelect?.(b.pid)}
                  />
                );
              })}
              {r.bars
                .filter((b) => b.kind === 'run' && x(b.end) - x(b.start) > 26)
                .map((b) => (
                  <text key={`t-${b.start}`} className="bar-label" x={(x(b.start) + x(b.end)) / 2} y={y.bandwidth() / 2} dy="0.35em" textAnchor="middle">
                    {b.pid}
                  </text>
                ))}
            </g>
          ))}
          {now !== undefined && now >= from && now <= to ? <line className="now" x1={x(now)} x2={x(now)} y1={-4} y2={innerH} /> : null}
          <g transform={`translate(0,${innerH})`} className="axis">
            <line x1={0} x2={innerW} />
            {ticks.map((t) => (
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
      <ul className="gantt-key" aria-label="Key">
        <li>
          <span className="swatch k-run" />
          running (coloured by process)
        </li>
        <li>
          <span className="swatch k-switch" />
          context switch
        </li>
        <li>
          <span className="swatch k-io" />
          I/O
        </li>
        <li>
          <span className="swatch k-wait" />
          blocked (terminal, pipe, child, sleep)
        </li>
      </ul>
      {hover ? (
        <div className="gantt-tip" style={{ left: Math.min(hover.x + 12, width - 260), top: hover.y + 14 }} role="tooltip">
          <b>
            {hover.bar.kind === 'switch'
              ? 'context switch'
              : hover.bar.kind === 'io'
                ? `I/O for pid ${hover.bar.pid}`
                : hover.bar.kind === 'wait'
                  ? `pid ${hover.bar.pid} ${hover.bar.name} blocked`
                  : `pid ${hover.bar.pid} ${hover.bar.name}`}
          </b>{' '}
          · ticks {hover.bar.start}–{hover.bar.end}
          {hover.bar.why ? <div>{hover.bar.why}</div> : null}
          {hover.bar.until ? <div className="muted">{hover.bar.until}</div> : null}
        </div>
      ) : null}
    </div>
  );
}
