import { useMemo, useState } from 'react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import type { GlassboxApi } from '../../../shared/protocol.ts';
import type { Coalescing, HeapDesign, ListOrder, Placement } from '../../../sim/abi/heap.ts';
import { type HeapLab, type LabMetric, type LabRunOk, labMetricsAt } from '../../../sim/labs/memory.ts';
import { COALESCING, LIST_ORDERS, PLACEMENTS } from '../../../sim/memory/config.ts';
import { StepBackIcon, StepForwardIcon } from '../../timeline/icons.tsx';
import {
  ARENAS,
  bestOf,
  CHARTS,
  COLORS,
  type Column,
  col,
  describeLabBlock,
  type LabBlock,
  labBlocks,
  labConfigs,
  labSeries,
  ORDER_LABELS,
  PRESETS,
} from './compare-model.ts';
import { bytes } from './format.ts';
import { HeapMap } from './HeapMap.tsx';
import { LineChart } from './LineChart.tsx';
import { METRIC_ROWS } from './metric-rows.ts';
import { useSticky } from './sticky.ts';
import { type LoaderState, TraceLoader } from './TraceLoader.tsx';

/**
 * The allocator lab: one trace under two to four allocator configurations, side by side
 * and stepped together, with the heap maps and metrics in aligned columns. It runs in the
 * host (the heapLab command), never in the kernel. The arenas, presets, configurations
 * and what each column shows come from compare-model.ts.
 */
export function CompareView({ api, loader, setLoader }: { api: GlassboxApi; loader: LoaderState; setLoader: (s: LoaderState) => void }) {
  const [arenaId, setArenaId] = useSticky('memory.lab.arena', 'toy');
  const [columns, setColumns] = useSticky<Column[]>('memory.lab.columns', PRESETS[0].columns);
  const [lab, setLab] = useSticky<HeapLab | null>('memory.lab.result', null);
  const [step, setStep] = useSticky('memory.lab.step', 0);
  const [chart, setChart] = useSticky<LabMetric>('memory.lab.chart', 'externalFragmentation');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const arena = (ARENAS.find((a) => a.id === arenaId) ?? ARENAS[0]).arena;

  const compare = async () => {
    setBusy(true);
    setError(null);
    const r = await api.request({ cmd: 'heapLab', trace: loader.text, configs: labConfigs(columns, arena) });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setLab(r.result);
    setStep(r.result.ops.length);
  };

  return (
    <Group orientation="vertical">
      <Panel defaultSize="30" minSize="15">
        <section className="panel" aria-label="Compare allocators: setup">
          <header>
            <h2>Compare allocators</h2>
            <span className="muted">one trace, several allocators, stepped together · a lab: it does not run in the kernel</span>
          </header>
          <div className="panel-body mem-lab-setup">
            <TraceLoader state={loader} onChange={setLoader}>
              {error ? (
                <span className="problem" role="alert">
                  {error}
                </span>
              ) : null}
              <button type="button" className="primary" onClick={compare} disabled={busy} data-testid="lab-compare">
                {busy ? 'Comparing…' : 'Compare'}
              </button>
            </TraceLoader>
            <div className="mem-lab-configs">
              <div className="mem-row">
                <label>
                  Arena
                  <select value={arenaId} onChange={(e) => setArenaId(e.target.value)} aria-label="Arena" data-testid="lab-arena">
                    {ARENAS.map((a) => (
                      <option key={a.id} value={a.id}>
                        {a.label}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  Preset
                  <select
                    value=""
                    onChange={(e) => {
                      const p = PRESETS.find((x) => x.id === e.target.value);
                      if (p) setColumns(p.columns);
                    }}
                    aria-label="Preset configurations"
                    data-testid="lab-preset"
                  >
                    <option value="">choose…</option>
                    {PRESETS.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.label}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              <ColumnEditor columns={columns} setColumns={setColumns} />
            </div>
          </div>
        </section>
      </Panel>
      <Separator className="separator horizontal" />
      <Panel minSize="25">
        <section className="panel" aria-label="Compare allocators: results">
          {lab ? (
            <LabResults lab={lab} step={Math.min(step, lab.ops.length)} setStep={setStep} chart={chart} setChart={setChart} />
          ) : (
            <>
              <header>
                <h2>Side by side</h2>
              </header>
              <p className="empty">Pick a trace and two to four allocators, then press Compare.</p>
            </>
          )}
        </section>
      </Panel>
    </Group>
  );
}

/** The configurations, one row each: design, placement, list order, coalescing; two to four of them. */
function ColumnEditor({ columns, setColumns }: { columns: Column[]; setColumns: (c: Column[]) => void }) {
  const update = (i: number, patch: Partial<Column>) => setColumns(columns.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  return (
    <>
      <div className="mem-lab-cols">
        <div className="mem-lab-cols-head">
          <span />
          <span>design</span>
          <span>placement</span>
          <span>list order</span>
          <span>coalescing</span>
          <span />
        </div>
        {columns.map((c, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: columns are positions; editing one keeps its place.
          <div key={i} className="mem-lab-col" data-testid={`lab-config-${i}`}>
            <span className="swatch" style={{ background: COLORS[i] }} title={`Configuration ${i + 1}`} />
            <select value={c.design} onChange={(e) => update(i, { design: e.target.value as HeapDesign })} aria-label={`Design of configuration ${i + 1}`}>
              <option value="list">free list</option>
              <option value="buddy">buddy</option>
              <option value="segregated">segregated</option>
            </select>
            <select value={c.policy} disabled={c.design !== 'list'} onChange={(e) => update(i, { policy: e.target.value as Placement })} aria-label={`Policy of configuration ${i + 1}`}>
              {PLACEMENTS.map((p) => (
                <option key={p} value={p}>
                  {p} fit
                </option>
              ))}
            </select>
            <select value={c.order} disabled={c.design !== 'list'} onChange={(e) => update(i, { order: e.target.value as ListOrder })} aria-label={`List order of configuration ${i + 1}`}>
              {LIST_ORDERS.map((o) => (
                <option key={o} value={o}>
                  {ORDER_LABELS[o]}
                </option>
              ))}
            </select>
            <select value={c.coalesce} onChange={(e) => update(i, { coalesce: e.target.value as Coalescing })} aria-label={`Coalescing of configuration ${i + 1}`}>
              {COALESCING.filter((x) => x !== 'list' || c.design === 'list').map((x) => (
                <option key={x} value={x}>
                  {x}
                </option>
              ))}
            </select>
            {columns.length > 2 ? (
              <button type="button" className="small" onClick={() => setColumns(columns.filter((_, j) => j !== i))} aria-label={`Remove configuration ${i + 1}`} title="Remove">
                ✕
              </button>
            ) : (
              <span />
            )}
          </div>
        ))}
      </div>
      {columns.length < 4 ? (
        <button type="button" className="small" onClick={() => setColumns([...columns, col('list', 'first')])}>
          + add a configuration
        </button>
      ) : null}
    </>
  );
}

/** The lab's own stepper: first, previous, a slider, next, last, and the operation of this step. */
function LabStepper({ ops, step, setStep }: { ops: readonly string[]; step: number; setStep: (n: number) => void }) {
  const n = ops.length;
  return (
    <header className="mem-lab-steps">
      <h2>Side by side</h2>
      <button type="button" className="small" onClick={() => setStep(0)} aria-label="First step" title="The empty heap">
        <StepBackIcon />
      </button>
      <button type="button" className="small" onClick={() => setStep(Math.max(0, step - 1))} aria-label="Previous step" data-testid="lab-prev">
        ◀
      </button>
      <input
        type="range"
        min={0}
        max={n}
        value={step}
        onChange={(e) => setStep(Number(e.target.value))}
        aria-label="Lab step"
        data-testid="lab-step"
      />
      <button type="button" className="small" onClick={() => setStep(Math.min(n, step + 1))} aria-label="Next step" data-testid="lab-next">
        ▶
      </button>
      <button type="button" className="small" onClick={() => setStep(n)} aria-label="Last step" title="After the last operation">
        <StepForwardIcon />
      </button>
      <span className="mem-lab-op" data-testid="lab-op">
        step {step} of {n}
        {step > 0 ? (
          <>
            : <code>{ops[step - 1]}</code>
          </>
        ) : (
          ': the empty heap'
        )}
      </span>
    </header>
  );
}

/** The columns' heap maps, this step's outcomes and figures (the best marked), and the chart. */
function LabResults({ lab, step, setStep, chart, setChart }: { lab: HeapLab; step: number; setStep: (n: number) => void; chart: LabMetric; setChart: (m: LabMetric) => void }) {
  const n = lab.ops.length;
  const runs = lab.runs;
  const chartDef = CHARTS.find((c) => c.key === chart) ?? CHARTS[0];
  const x = useMemo(() => Array.from({ length: n + 1 }, (_, i) => i), [n]);
  const series = useMemo(() => labSeries(runs, chartDef), [runs, chartDef]);
  const figures = runs.map((r) => (r.error === null ? labMetricsAt(r, step) : null));
  const cols = `9.5rem repeat(${runs.length}, minmax(0, 1fr))`;

  return (
    <>
      <LabStepper ops={lab.ops} step={step} setStep={setStep} />
      <div className="panel-body mem-lab-results">
        {lab.note ? <p className="muted mem-lab-note">{lab.note}</p> : null}
        <div className="mem-lab-grid" style={{ gridTemplateColumns: cols }} data-testid="lab-grid">
          <div className="mem-lab-rowhead" />
          {runs.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: one column per configuration, in order.
            <div key={i} className="mem-lab-colhead" style={{ borderTopColor: COLORS[i] }} data-testid={`lab-col-${i}`} title={r.name}>
              <strong>{i + 1}</strong> {r.name}
            </div>
          ))}
          <div className="mem-lab-rowhead">heap</div>
          {runs.map((r, i) =>
            r.error !== null ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: one column per configuration, in order.
              <div key={i} className="mem-lab-cell problem" role="alert">
                {r.error}
              </div>
            ) : (
              // biome-ignore lint/suspicious/noArrayIndexKey: one column per configuration, in order.
              <div key={i} className="mem-lab-cell">
                <LabMap run={r} step={step} layoutSteps={lab.layoutSteps} index={i} />
              </div>
            ),
          )}
          <div className="mem-lab-rowhead">this step</div>
          {runs.map((r, i) => {
            const o = r.error === null && step > 0 ? r.outcomes[step - 1] : null;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: one column per configuration, in order.
              <div key={i} className={`mem-lab-cell mono ${o ? (o.ok ? 'ok' : 'danger') : 'muted'}`} data-metric="outcome" data-col={i}>
                {o ? o.text : '—'}
              </div>
            );
          })}
          {METRIC_ROWS.map((row) => {
            const { ranks, best } = bestOf(row, figures);
            return [
              <div key={`${row.key}-h`} className="mem-lab-rowhead" title={row.about}>
                {row.label}
              </div>,
              ...runs.map((r, i) => {
                const f = figures[i];
                const size = r.error === null ? r.config.size : 0;
                return (
                  <div
                    // biome-ignore lint/suspicious/noArrayIndexKey: one column per configuration, in order.
                    key={`${row.key}-${i}`}
                    className={`mem-lab-cell num${best !== null && ranks[i] === best ? ' best' : ''}`}
                    data-metric={row.key}
                    data-col={i}
                    title={best !== null && ranks[i] === best ? 'best of these' : undefined}
                  >
                    {f ? row.value(f, size) : '—'}
                  </div>
                );
              }),
            ];
          })}
        </div>
        <div className="mem-row mem-lab-chart-head">
          <label>
            Chart
            <select value={chartDef.key} onChange={(e) => setChart(e.target.value as LabMetric)} aria-label="Metric to chart">
              {CHARTS.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <span className="muted">per step, for each configuration; the line marks this step</span>
        </div>
        <LineChart testId="lab-chart" title={`${chartDef.label} after each step`} x={x} series={series} xLabel="step" marker={step} height={190} />
      </div>
    </>
  );
}

/** One column's heap at the step, as a small map. */
function LabMap({ run, step, layoutSteps, index }: { run: LabRunOk; step: number; layoutSteps: number; index: number }) {
  const layout = step <= layoutSteps ? run.layouts[step] : undefined;
  const base = run.config.base;
  const headerSize = run.config.headerSize;
  const blocks = useMemo(() => (layout ? labBlocks(layout, headerSize) : []), [layout, headerSize]);
  if (!layout) return <p className="muted mem-lab-nolayout">No block layout kept for this step (see the note above).</p>;
  const explain = (b: LabBlock) => describeLabBlock(b, base);
  return (
    <HeapMap
      blocks={blocks}
      base={base}
      size={run.config.size}
      explain={explain}
      testId={`lab-map-${index}`}
      label={`Configuration ${index + 1}: ${blocks.length} blocks, ${bytes(run.metrics.freeBytes[step] ?? 0)} free`}
      gutter={false}
      fixedHeight={84}
      hint="point at a block"
    />
  );
}
