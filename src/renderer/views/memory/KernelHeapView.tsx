import { useEffect, useMemo, useState } from 'react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import type { GlassboxApi } from '../../../shared/protocol.ts';
import { parseTrace } from '../../../sim/memory/trace.ts';
import { useSelection } from '../../model/selection.ts';
import { type Store, useMirror } from '../../model/store.ts';
import { pidColor } from '../../theme/theme.ts';
import { Tabs } from '../Tabs.tsx';
import { FreeLists } from './FreeLists.tsx';
import { HeapMap } from './HeapMap.tsx';
import { bytes } from './format.ts';
import {
  configLine,
  describeBlock,
  followedRun,
  type HeapViewModel,
  heapViewModel,
  type KernelBlock,
  lastStepTick,
  loaderForRun,
  type MemtraceRun,
  memtraceRuns,
  processName,
  runSteps,
} from './kernel-heap-model.ts';
import { LineChart } from './LineChart.tsx';
import { MetricsPanel } from './MetricsPanel.tsx';
import { memtraceArgs, memtraceOps } from './memtrace-args.ts';
import { StepList } from './StepList.tsx';
import { useSticky } from './sticky.ts';
import { type LoaderState, TraceLoader } from './TraceLoader.tsx';
import { EXAMPLE_TRACES } from './traces.ts';

/** The kernel's heap: the map and its figures, a trace run through memtrace step by step, the free lists and the history. */
export function KernelHeapView({ api, store, loader, setLoader }: { api: GlassboxApi; store: Store; loader: LoaderState; setLoader: (s: LoaderState) => void }) {
  const heap = useMirror(store, (m) => m.state?.heap);
  const leakLog = useMirror(store, (m) => m.state?.heapLeaks);
  const procs = useMirror(store, (m) => m.state?.procs);
  const exited = useMirror(store, (m) => m.state?.exited);
  const [selected, select] = useSelection();
  const [highlight, setHighlight] = useState<number | null>(null);
  const [runPid, setRunPid] = useSticky<number | null>('memory.runPid', null);

  const model = useMemo(() => (heap ? heapViewModel(heap, leakLog) : null), [heap, leakLog]);
  const runs = useMemo(() => memtraceRuns(procs, exited), [procs, exited]);
  const run = followedRun(runs, selected, runPid);
  // The argv array keeps its identity while the process lives (immer shares it), so the trace is parsed once.
  const argv = run?.argv;
  const ops = useMemo(() => (argv ? memtraceOps(argv) : null), [argv]);
  const history = heap?.history;
  const headerSize = heap?.config.headerSize ?? 0;
  const pid = run?.pid;
  const finished = run?.finished ?? false;
  const steps = useMemo(() => (history && pid !== undefined && ops ? runSteps(history, headerSize, pid, finished, ops) : null), [history, headerSize, pid, finished, ops]);

  // The Trace menu shows the trace the followed run ran, not whatever was picked before.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new run (or its trace) resets the loader; the student's later edits stay.
  useEffect(() => {
    if (!run || !ops) return;
    const next = loaderForRun(loader, run, ops, EXAMPLE_TRACES);
    if (next) setLoader(next);
  }, [run?.pid, ops]);

  if (!heap || !model) return null;
  const nameOf = (pid: number) => processName(pid, procs, exited);

  return (
    <Group orientation="vertical">
      <Panel defaultSize="50" minSize="20">
        <section className="panel" aria-label="Heap map">
          <header>
            <h2>Memory · heap map</h2>
            <span className="muted">{configLine(heap)}</span>
          </header>
          <div className="panel-body mem-top">
            <div className="mem-map-col">
              <HeapMap
                blocks={model.blocks}
                base={heap.config.base}
                size={heap.config.size}
                marks={model.marks}
                selected={selected}
                highlight={highlight}
                explain={(b: KernelBlock) => describeBlock(b, heap.config.base, nameOf, model.leaks)}
                onPick={(b) => (b.owner !== null ? select(b.owner) : undefined)}
                testId="heap-map"
                label={`Heap map: ${model.blocks.length} blocks, ${model.metrics.allocatedBlocks} allocated`}
              />
              <HeapLegend owners={model.owners} selected={selected} select={select} nameOf={nameOf} />
              <EndedNote api={api} run={run} />
            </div>
            <MetricsPanel m={model.metrics} />
          </div>
        </section>
      </Panel>
      <Separator className="separator horizontal" />
      <Panel minSize="20">
        <Group orientation="horizontal">
          <Panel defaultSize="52" minSize="25">
            <TracePanel api={api} run={run} steps={steps} loader={loader} setLoader={setLoader} onStarted={setRunPid} onHover={setHighlight} />
          </Panel>
          <Separator className="separator vertical" />
          <Panel minSize="20">
            <HeapHistoryTabs model={model} base={heap.config.base} onHover={setHighlight} />
          </Panel>
        </Group>
      </Panel>
    </Group>
  );
}

/**
 * Once the followed run has ended, the map shows the heap after its teardown (blocks freed
 * or reclaimed), not the holes the trace left: say so, and offer the tick that shows them.
 */
function EndedNote({ api, run }: { api: GlassboxApi; run: MemtraceRun | null }) {
  const tick = lastStepTick(run);
  if (!run || tick === null) return null;
  return (
    <p className="mem-ended" data-testid="heap-ended">
      memtrace (pid {run.pid}) exited at tick {run.exitTick} and gave back what it held, so the map shows the heap after it.{' '}
      <button type="button" className="small" onClick={() => api.request({ cmd: 'seek', tick })} data-testid="heap-last-step">
        Show the heap after its last step (tick {tick})
      </button>
    </p>
  );
}

/** Who holds how much of the heap (each a button that selects the process), and what the map's marks mean. */
function HeapLegend({
  owners,
  selected,
  select,
  nameOf,
}: {
  owners: HeapViewModel['owners'];
  selected: number | null;
  select: (pid: number) => void;
  nameOf: (pid: number) => string;
}) {
  return (
    <ul className="legend mem-legend" aria-label="Legend">
      {owners.map((o) => (
        <li key={o.owner}>
          <button type="button" className={`link${selected === o.owner ? ' selected' : ''}`} onClick={() => select(o.owner)} title="Select this process in every view">
            <span className="swatch" style={{ background: pidColor(o.owner) }} />
            {o.owner} {nameOf(o.owner)} <span className="muted">{bytes(o.bytes)}</span>
          </button>
        </li>
      ))}
      <li>
        <span className="swatch mem-sw-header" /> header
      </li>
      <li>
        <span className="swatch mem-sw-padding" /> padding
      </li>
      <li>
        <span className="swatch hollow" /> free
      </li>
      <li>
        <span className="swatch mem-sw-leak" /> leaked, reclaimed at exit
      </li>
    </ul>
  );
}

/** A trace to run through memtrace in the kernel, and the followed run's steps. */
function TracePanel({
  api,
  run,
  steps,
  loader,
  setLoader,
  onStarted,
  onHover,
}: {
  api: GlassboxApi;
  run: MemtraceRun | null;
  steps: ReturnType<typeof runSteps> | null;
  loader: LoaderState;
  setLoader: (s: LoaderState) => void;
  onStarted: (pid: number) => void;
  onHover: (addr: number | null) => void;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const start = async () => {
    setProblem(null);
    const parsed = parseTrace(loader.text);
    if ('error' in parsed) return setProblem(parsed.error);
    if (parsed.ops.length === 0) return setProblem('the trace has no operations');
    const args = memtraceArgs(parsed.ops);
    if (!args) return setProblem('the trace is too long to pass to memtrace');
    await api.request({ cmd: 'pause' });
    const r = await api.request({ cmd: 'spawn', program: 'memtrace', argv: ['memtrace', ...args] });
    if (!r.ok) return setProblem(r.error);
    onStarted(r.result.pid);
  };
  return (
    <section className="panel" aria-label="Trace">
      <header>
        <h2>Trace · memtrace</h2>
        <span className="muted">{run ? `pid ${run.pid}${run.finished ? ', ended' : ''} · one operation per tick: → steps, ← steps back` : 'run a trace, then step with the timeline'}</span>
      </header>
      <div className="panel-body mem-trace">
        <TraceLoader state={loader} onChange={setLoader}>
          {problem ? <span className="problem">{problem}</span> : null}
          <button type="button" className="primary" onClick={start} data-testid="trace-run" title="Start memtrace on this trace and pause, so you can step through it">
            Run in the kernel
          </button>
        </TraceLoader>
        {steps ? (
          <StepList steps={steps.steps} current={steps.current} onHover={onHover} />
        ) : (
          <p className="empty">
            No memtrace process yet. Pick a trace and press Run, or type in the terminal: <code>memtrace +40,+10,-0</code>
          </p>
        )}
      </div>
    </section>
  );
}

/** The free lists, and the heap's history as a chart. */
function HeapHistoryTabs({ model, base, onHover }: { model: HeapViewModel; base: number; onHover: (addr: number | null) => void }) {
  const { series } = model;
  return (
    <Tabs
      tabs={[
        {
          id: 'mem-free',
          label: 'Free lists',
          content: () => (
            <div className="panel scroll-panel">
              <FreeLists lists={model.lists} base={base} onHover={onHover} />
            </div>
          ),
        },
        {
          id: 'mem-history',
          label: 'Fragmentation over time',
          content: () => (
            <div className="panel scroll-panel">
              <LineChart
                testId="frag-chart"
                title="The heap after each call: bytes in use and free, and external fragmentation"
                x={series.map((p) => p.seq)}
                xLabel="heap call #"
                series={[
                  { key: 'inUse', label: 'in use', color: '#58a6ff', values: series.map((p) => p.inUse), axis: 'bytes' },
                  { key: 'free', label: 'free', color: '#3fb950', values: series.map((p) => p.freeBytes), axis: 'bytes' },
                  { key: 'ext', label: 'external fragmentation', color: '#f0883e', values: series.map((p) => p.externalFragmentation), axis: 'ratio', dashed: true },
                ]}
              />
            </div>
          ),
        },
      ]}
    />
  );
}
