import { useMemo, useState } from 'react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import type { GlassboxApi } from '../../../shared/protocol.ts';
import { logItems } from '../../../sim/base/ringlog.ts';
import { heapMetrics } from '../../../sim/memory/metrics.ts';
import {
  type BlockView,
  freeLists,
  heapBlocks,
  historySeries,
  metricsHistory,
  reclaimedLeaks,
  traceSteps,
  usageByOwner,
} from '../../../sim/memory/selectors.ts';
import { parseTrace } from '../../../sim/memory/trace.ts';
import type { HeapState } from '../../../sim/memory/types.ts';
import { useSelection } from '../../model/selection.ts';
import { type Store, useMirror } from '../../model/store.ts';
import { pidColor } from '../../theme/theme.ts';
import { Tabs } from '../Tabs.tsx';
import { FreeLists } from './FreeLists.tsx';
import { HeapMap } from './HeapMap.tsx';
import type { MapBlock } from './paint-heap.ts';
import { LineChart } from './LineChart.tsx';
import { MetricsPanel } from './MetricsPanel.tsx';
import { StepList } from './StepList.tsx';
import { type LoaderState, TraceLoader } from './TraceLoader.tsx';
import { addr, bytes } from './format.ts';
import { memtraceArgs, memtraceOps } from './memtrace-args.ts';
import { useSticky } from './sticky.ts';

type KernelBlock = BlockView & MapBlock;

/** The kernel's heap: the map and its figures, a trace run through memtrace step by step, the free lists and the history. */
export function KernelHeapView({ api, store, loader, setLoader }: { api: GlassboxApi; store: Store; loader: LoaderState; setLoader: (s: LoaderState) => void }) {
  const heap = useMirror(store, (m) => m.state?.heap);
  const leakLog = useMirror(store, (m) => m.state?.heapLeaks);
  const procs = useMirror(store, (m) => m.state?.procs);
  const exited = useMirror(store, (m) => m.state?.exited);
  const [selected, select] = useSelection();
  const [highlight, setHighlight] = useState<number | null>(null);
  const [runPid, setRunPid] = useSticky<number | null>('memory.runPid', null);
  const [problem, setProblem] = useState<string | null>(null);

  const blocks = useMemo<KernelBlock[]>(() => (heap ? heapBlocks(heap).map((b) => ({ ...b, color: b.owner === null ? '' : pidColor(b.owner) })) : []), [heap]);
  const lists = useMemo(() => (heap ? freeLists(heap) : []), [heap]);
  const metrics = useMemo(() => (heap ? heapMetrics(heap) : null), [heap]);
  const owners = useMemo(() => (heap ? usageByOwner(heap) : []), [heap]);
  const series = useMemo(() => (heap ? historySeries(metricsHistory(heap)) : []), [heap]);
  const leaks = useMemo(() => (heap && leakLog ? reclaimedLeaks(blocks, logItems(leakLog), heap.config.headerSize) : []), [heap, leakLog, blocks]);
  const marks = useMemo(() => leaks.map((l) => ({ addr: l.addr, size: l.size, color: pidColor(l.pid) })), [leaks]);
  const ended = useMemo(() => (exited ? logItems(exited) : []), [exited]);

  /** memtrace processes, live or ended, newest first. */
  const runs = useMemo(() => {
    const out: { pid: number; argv: string[]; finished: boolean }[] = [];
    for (const p of Object.values(procs ?? {})) if (p.name === 'memtrace') out.push({ pid: p.pid, argv: p.argv, finished: p.state === 'zombie' });
    for (const e of ended) if (e.name === 'memtrace' && !out.some((r) => r.pid === e.pid)) out.push({ pid: e.pid, argv: e.argv, finished: true });
    return out.sort((a, b) => b.pid - a.pid);
  }, [procs, ended]);
  const target = runs.find((r) => r.pid === selected) ?? runs.find((r) => r.pid === runPid) ?? runs.find((r) => !r.finished) ?? runs[0] ?? null;
  // The argv array keeps its identity while the process lives (immer shares it), so the trace is parsed once.
  const targetArgv = target?.argv;
  const targetOps = useMemo(() => (targetArgv ? memtraceOps(targetArgv) : null), [targetArgv]);
  const history = heap?.history;
  const headerSize = heap?.config.headerSize ?? 0;
  const targetPid = target?.pid;
  const targetDone = target?.finished ?? false;
  const steps = useMemo(
    () =>
      history && targetPid !== undefined && targetOps
        ? traceSteps(targetOps, logItems(history), targetPid, { pointerOffset: headerSize, finished: targetDone })
        : null,
    [history, targetPid, targetDone, targetOps, headerSize],
  );

  if (!heap || !metrics) return null;
  const base = heap.config.base;
  const nameOf = (pid: number) => procs?.[pid]?.name ?? ended.find((e) => e.pid === pid)?.name ?? '?';
  const explain = (b: KernelBlock) => describeBlock(b, base, nameOf, leaks);

  const run = async () => {
    setProblem(null);
    const parsed = parseTrace(loader.text);
    if ('error' in parsed) return setProblem(parsed.error);
    if (parsed.ops.length === 0) return setProblem('the trace has no operations');
    const args = memtraceArgs(parsed.ops);
    if (!args) return setProblem('the trace is too long to pass to memtrace');
    await api.request({ cmd: 'pause' });
    const r = await api.request({ cmd: 'spawn', program: 'memtrace', argv: ['memtrace', ...args] });
    if (!r.ok) return setProblem(r.error);
    setRunPid(r.result.pid);
  };

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
                blocks={blocks}
                base={base}
                size={heap.config.size}
                marks={marks}
                selected={selected}
                highlight={highlight}
                explain={explain}
                onPick={(b) => (b.owner !== null ? select(b.owner) : undefined)}
                testId="heap-map"
                label={`Heap map: ${blocks.length} blocks, ${metrics.allocatedBlocks} allocated`}
              />
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
            </div>
            <MetricsPanel m={metrics} />
          </div>
        </section>
      </Panel>
      <Separator className="separator horizontal" />
      <Panel minSize="20">
        <Group orientation="horizontal">
          <Panel defaultSize="52" minSize="25">
            <section className="panel" aria-label="Trace">
              <header>
                <h2>Trace · memtrace</h2>
                <span className="muted">{target ? `pid ${target.pid}${target.finished ? ', ended' : ''} · one operation per tick: → steps, ← steps back` : 'run a trace, then step with the timeline'}</span>
              </header>
              <div className="panel-body mem-trace">
                <TraceLoader state={loader} onChange={setLoader}>
                  {problem ? <span className="problem">{problem}</span> : null}
                  <button type="button" className="primary" onClick={run} data-testid="trace-run" title="Start memtrace on this trace and pause, so you can step through it">
                    Run in the kernel
                  </button>
                </TraceLoader>
                {steps ? (
                  <StepList steps={steps.steps} current={steps.current} onHover={setHighlight} />
                ) : (
                  <p className="empty">
                    No memtrace process yet. Pick a trace and press Run, or type in the terminal: <code>memtrace +40,+10,-0</code>
                  </p>
                )}
              </div>
            </section>
          </Panel>
          <Separator className="separator vertical" />
          <Panel minSize="20">
            <Tabs
              tabs={[
                {
                  id: 'mem-free',
                  label: 'Free lists',
                  content: () => (
                    <div className="panel scroll-panel">
                      <FreeLists lists={lists} base={base} onHover={setHighlight} />
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
          </Panel>
        </Group>
      </Panel>
    </Group>
  );
}

function configLine(heap: HeapState): string {
  const c = heap.config;
  const how = c.design === 'list' ? `${c.policy} fit, ${c.order === 'addr' ? 'address' : c.order} order` : c.design === 'buddy' ? 'buddy system' : 'segregated fits';
  return `${how} · ${c.coalesce === 'none' ? 'no' : c.coalesce} coalescing · ${bytes(c.size)} at ${addr(c.base, c.base)} · ${c.headerSize} B headers · ${c.align}-byte alignment`;
}

function describeBlock(b: KernelBlock, base: number, nameOf: (pid: number) => string, leaks: { addr: number; size: number; pid: number; name: string; tick: number }[]): string {
  const range = `${addr(b.addr, base)}–${addr(b.addr + b.size - 1, base)}`;
  if (b.free) {
    const where = b.freeList === null ? 'on no free list' : `#${b.freeIndex} in the ${b.freeList.startsWith('free list') ? b.freeList : `${b.freeList} list`}`;
    const leak = leaks.find((l) => l.addr >= b.addr && l.addr < b.addr + b.size);
    const leaked = leak ? ` · ${leak.size} B here leaked by pid ${leak.pid} (${leak.name}), reclaimed at its exit (tick ${leak.tick})` : '';
    return `${range} · free, ${b.size} B · ${where}${leaked}`;
  }
  const owner = b.owner === null ? 'no owner' : `pid ${b.owner} (${nameOf(b.owner)})`;
  return `${range} · ${b.size} B = ${b.header} header + ${b.payload} payload + ${b.padding} padding · ${owner} · pointer ${addr(b.addr + b.header, base)}`;
}
