import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { GanttBar } from '../../../sim/kernel/sched-selectors.ts';
import { pidColor } from '../../theme/theme.ts';
import { barAt, type GanttModel, type GanttPalette, ganttHeight, ganttLayout, ganttSummary, paintGantt } from './paint-gantt.ts';

/** What the chart paints (the painter's model less what the chart works out itself), and its events. */
export interface GanttChartProps extends Pick<GanttModel, 'rows' | 'from' | 'to' | 'width' | 'now' | 'selected' | 'barLabel'> {
  onSelect?: (pid: number) => void;
  testId?: string;
  /** Wheel zoom: negative = in, positive = out, around the tick under the pointer. */
  onZoom?: (factor: number, atTick: number) => void;
  /** Whether the key sits under the chart (default); a panel that shows its own GanttKey says false. */
  withKey?: boolean;
}

/** The theme's colours, read from the page's CSS variables at paint time. */
function palette(el: HTMLElement): GanttPalette {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    lane: v('--lane', '#eee'),
    text: v('--text', '#222'),
    muted: v('--muted', '#777'),
    axis: v('--axis', '#999'),
    now: v('--now', '#d33'),
    panel: v('--panel', '#fff'),
    switchBg: v('--panel-2', '#ddd'),
    barLabel: '#0b1220',
    font: `11px ${v('--font-mono', 'monospace')}`,
  };
}

/**
 * A Gantt chart of scheduling decisions: rows (CPUs, the I/O device, or processes), bars
 * for running (coloured by process), context switches (hatched), I/O (tinted), waits on a
 * channel (dashed) and idle (left empty). It is painted on a canvas by `paintGantt`, so its
 * cost follows the pixels rather than the number of bars; hovering a bar shows why the
 * process was dispatched and why it stopped, and a click selects the process.
 */
export function GanttChart({ rows, from, to, width, now, selected, barLabel, onSelect, testId, onZoom, withKey = true }: GanttChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<{ bar: GanttBar; x: number; y: number } | null>(null);
  const height = ganttHeight(rows);
  const cssWidth = Math.max(MIN_WIDTH, width);
  const summary = useMemo(() => ganttSummary(rows), [rows]);
  // A process by the name the chart's bars give it (a lab's job, with its pid for the kernel's reasons), or by pid and name.
  const who = (b: GanttBar) => (barLabel && b.pid !== null ? `${barLabel(b.pid)} (pid ${b.pid})` : `pid ${b.pid} ${b.name}`);

  useLayoutEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    if (el.width !== Math.round(cssWidth * dpr)) el.width = Math.round(cssWidth * dpr);
    if (el.height !== Math.round(height * dpr)) el.height = Math.round(height * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    paintGantt(ctx, { rows, from, to, width: cssWidth, now, selected, hovered: hover?.bar ?? null, palette: palette(el), color: pidColor, barLabel });
  });

  const pointAt = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  return (
    <div className="gantt-chart">
      <canvas
        ref={canvas}
        style={{ width: cssWidth, height }}
        data-testid={testId}
        data-run={summary.run}
        data-io={summary.io}
        data-switch={summary.switch}
        data-wait={summary.wait}
        data-swap-in={summary.swapIn}
        data-pids={summary.pids.join(' ')}
        data-labels={barLabel ? summary.pids.map(barLabel).join(', ') : undefined}
        role="img"
        aria-label={`Which process ran at each tick, ${from} to ${to}: ${summary.run} runs by pids ${summary.pids.join(', ') || 'none'}`}
        onMouseMove={(e) => {
          const p = pointAt(e);
          const bar = barAt({ rows, from, to, width: cssWidth }, p.x, p.y);
          setHover(bar ? { bar, ...p } : null);
        }}
        onMouseLeave={() => setHover(null)}
        onClick={(e) => {
          const p = pointAt(e);
          const bar = barAt({ rows, from, to, width: cssWidth }, p.x, p.y);
          if (bar?.pid !== null && bar?.pid !== undefined) onSelect?.(bar.pid);
        }}
        onWheel={onZoom ? (e) => onZoom(e.deltaY < 0 ? 0.8 : 1.25, ganttLayout({ rows, from, to, width: cssWidth }).invert(pointAt(e).x)) : undefined}
      />
      {withKey ? <GanttKey /> : null}
      {hover ? (
        <div className="gantt-tip" style={{ left: Math.min(hover.x + 12, width - 260), top: hover.y + 14 }} role="tooltip" data-testid="gantt-tip">
          <b>
            {hover.bar.kind === 'switch'
              ? 'context switch'
              : hover.bar.kind === 'io'
                ? `I/O for ${who(hover.bar)}`
                : hover.bar.kind === 'wait'
                  ? `${who(hover.bar)} blocked`
                  : who(hover.bar)}
          </b>{' '}
          · ticks {hover.bar.start}–{hover.bar.end}
          {hover.bar.why ? <div>{hover.bar.why}</div> : null}
          {hover.bar.until ? <div className="muted">{hover.bar.until}</div> : null}
        </div>
      ) : null}
    </div>
  );
}

/** What the bars' looks mean, in one short row, so a panel can keep it in view under a chart that scrolls. */
export function GanttKey() {
  return (
    <ul className="gantt-key" aria-label="Key" data-testid="gantt-key">
      <li>
        <span className="swatch k-run" />
        running (colour = process)
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
  );
}

const MIN_WIDTH = 160;
