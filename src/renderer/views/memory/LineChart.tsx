import { line, scaleLinear } from 'd3';
import { useMemo, useRef } from 'react';
import { useSize } from '../useSize.ts';
import { bytes, percent } from './format.ts';

export interface ChartSeries {
  key: string;
  label: string;
  color: string;
  /** One value per x. */
  values: number[];
  /** bytes: the left axis; ratio: the right axis, 0 to 100%. */
  axis: 'bytes' | 'ratio' | 'count';
  dashed?: boolean;
}

const MARGIN = { top: 10, right: 46, bottom: 28, left: 58 };

/**
 * Lines over a shared x axis, with a left axis in bytes (or counts) and a right one in
 * percent, a marker at the current x, and a legend. D3 computes the scales and the paths;
 * React renders the SVG.
 */
export function LineChart({
  x,
  series,
  xLabel,
  marker = null,
  height = 200,
  testId,
  title,
}: {
  x: number[];
  series: ChartSeries[];
  xLabel: string;
  marker?: number | null;
  height?: number;
  testId: string;
  title: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const { width } = useSize(box);
  const innerW = Math.max(60, width - MARGIN.left - MARGIN.right);
  const innerH = Math.max(40, height - MARGIN.top - MARGIN.bottom);
  const left = series.filter((s) => s.axis !== 'ratio');
  const hasRatio = series.some((s) => s.axis === 'ratio');
  const leftKind = left[0]?.axis ?? 'bytes';

  const sx = useMemo(() => {
    const lo = x.length ? x[0] : 0;
    const hi = x.length ? x[x.length - 1] : 1;
    return scaleLinear()
      .domain([lo, hi > lo ? hi : lo + 1])
      .range([0, innerW]);
  }, [x, innerW]);
  const leftMax = useMemo(() => Math.max(1, ...left.flatMap((s) => s.values)), [left]);
  const sy = useMemo(() => scaleLinear().domain([0, leftMax]).nice().range([innerH, 0]), [leftMax, innerH]);
  const sr = useMemo(() => scaleLinear().domain([0, 1]).range([innerH, 0]), [innerH]);
  const paths = useMemo(
    () =>
      series.map((s) => {
        const y = s.axis === 'ratio' ? sr : sy;
        const gen = line<number>()
          .x((_, i) => sx(x[i]))
          .y((v) => y(v));
        return { key: s.key, color: s.color, dashed: s.dashed, d: gen(s.values) ?? '' };
      }),
    [series, sx, sy, sr, x],
  );
  const fmtLeft = (v: number) => (leftKind === 'bytes' ? bytes(v) : String(v));

  return (
    <div className="mem-chart" ref={box}>
      {x.length < 2 ? (
        <p className="empty">Nothing to chart yet: the chart gains a point with every malloc, free and realloc.</p>
      ) : (
        <svg width={innerW + MARGIN.left + MARGIN.right} height={height} data-testid={testId} data-points={x.length}>
          <title>{title}</title>
          <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
            {sy.ticks(4).map((t) => (
              <g key={`l${t}`} className="mem-axis" transform={`translate(0,${sy(t)})`}>
                <line className="grid" x2={innerW} />
                <text x={-6} dy="0.32em" textAnchor="end">
                  {fmtLeft(t)}
                </text>
              </g>
            ))}
            {hasRatio
              ? [0, 0.25, 0.5, 0.75, 1].map((t) => (
                  <g key={`r${t}`} className="mem-axis" transform={`translate(${innerW},${sr(t)})`}>
                    <line x2={4} />
                    <text x={7} dy="0.32em">
                      {percent(t)}
                    </text>
                  </g>
                ))
              : null}
            <g className="mem-axis" transform={`translate(0,${innerH})`}>
              <line x2={innerW} />
              {sx.ticks(Math.max(2, Math.floor(innerW / 70))).map((t) => (
                <g key={t} transform={`translate(${sx(t)},0)`}>
                  <line y2={4} />
                  <text y={15} textAnchor="middle">
                    {t}
                  </text>
                </g>
              ))}
              <text className="mem-axis-label" x={innerW} y={26} textAnchor="end">
                {xLabel}
              </text>
            </g>
            {marker !== null ? <line className="mem-marker" x1={sx(marker)} x2={sx(marker)} y1={0} y2={innerH} /> : null}
            {paths.map((p) => (
              <path key={p.key} d={p.d} fill="none" stroke={p.color} strokeWidth={1.8} strokeDasharray={p.dashed ? '5 3' : undefined} />
            ))}
          </g>
        </svg>
      )}
      <ul className="legend" aria-label="Legend">
        {series.map((s) => (
          <li key={s.key}>
            <span className={`swatch line${s.dashed ? ' dashed' : ''}`} style={{ borderColor: s.color }} />
            {s.label}
            {hasRatio && left.length > 0 ? <span className="muted"> ({s.axis === 'ratio' ? 'right axis' : 'left axis'})</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
