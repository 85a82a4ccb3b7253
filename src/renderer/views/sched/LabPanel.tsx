import { useMemo, useRef, useState } from 'react';
import { Term } from '../Term.tsx';
import type { GlassboxApi } from '../../../shared/protocol.ts';
import { rowsFromSlices } from '../../../sim/kernel/sched-selectors.ts';
import type { LabResult, LabRun, WorkloadFormat } from '../../../sim/labs/sched.ts';
import type { SchedConfig } from '../../../sim/sched/policy.ts';
import { useSelection } from '../../model/selection.ts';
import { useSize } from '../useSize.ts';
import { GanttChart } from './GanttChart.tsx';
import { CpuSelect, POLICY_CHOICES } from './choices.tsx';
import { sessionWorkload } from './session-workload.ts';

const EXAMPLES: Record<WorkloadFormat, { text: string; hint: string }> = {
  scheduler: { text: '-l 30,10,20', hint: 'scheduler.py: job lengths, all arriving at tick 0' },
  mlfq: { text: '-l 0,60,0:0,40,5:20,20,3', hint: 'mlfq.py: start,run,ioFreq per job, separated by colons' },
  lottery: { text: '-l 40:75,40:25', hint: 'lottery.py: length:tickets per job' },
  'process-run': { text: '-P c3,i,c2:c4', hint: 'process-run.py: programs of cN (CPU) and i (I/O)' },
  jobs: {
    text: '# arrival, then bursts (cpu:N io:N), then optional nice= tickets= priority=\n0 cpu:20\n0 cpu:5 io:10 cpu:5 io:10 cpu:5\n4 cpu:8 nice=5\n10 cpu:3',
    hint: 'one job per line: arrival, bursts, attributes',
  },
};

const fmt = (v: number | null | undefined, d = 2) => (v === null || v === undefined ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(d));

/**
 * Compare mode: one workload under two to four policies, each run through the real kernel
 * in the host, with the Gantt charts on one time axis and the metrics in one table. A run
 * can also be loaded into the live machine to step through it.
 */
export function LabPanel({ api, onShowLive }: { api: GlassboxApi; onShowLive: () => void }) {
  const [format, setFormat] = useState<WorkloadFormat>('scheduler');
  const [text, setText] = useState(EXAMPLES.scheduler.text);
  const [cpus, setCpus] = useState(1);
  // Set when the workload came from the session, so the lab's machines draw as the session's did.
  const [seed, setSeed] = useState<number | undefined>(undefined);
  const [configs, setConfigs] = useState<SchedConfig[]>([
    { policy: 'fifo', quantum: 10 },
    { policy: 'sjf', quantum: 10 },
    { policy: 'rr', quantum: 5 },
    { policy: 'mlfq', quantum: 10 },
  ]);
  const [result, setResult] = useState<LabResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [selected, select] = useSelection();
  const box = useRef<HTMLDivElement>(null);
  const { width } = useSize(box);

  const compare = async () => {
    setBusy(true);
    const r = await api.request({ cmd: 'schedLab', workload: { format, text, seed }, policies: configs, cpus });
    setBusy(false);
    setResult(r.ok ? r.result : { ok: false, error: r.error });
  };
  // What "step through" did: the run opened in the live machine as a new branch, the session it replaced kept.
  const [stepped, setStepped] = useState<{ label: string; branch: number; kept: number | null } | { error: string } | null>(null);
  const runLive = async (cfg: SchedConfig, label: string) => {
    const r = await api.request({ cmd: 'loadWorkload', workload: { format, text }, sched: cfg, cpus });
    if (!r.ok) return setStepped({ error: r.error });
    const { id, change } = r.result.status.branch;
    setStepped({ label, branch: id, kept: change?.kind === 'load' && change.branch === id ? change.from : null });
  };
  // The workload the machine runs, under its own scheduler in the first slot.
  const fromSession = async () => {
    const saved = await api.request({ cmd: 'saveScenario' });
    const w = saved.ok ? sessionWorkload(saved.result.json) : { error: saved.error };
    if ('error' in w) return setResult({ ok: false, error: w.error });
    setFormat('jobs');
    setText(w.text);
    setCpus(w.cpus);
    setSeed(w.seed);
    setConfigs([w.sched, ...configs.slice(1)]);
    setResult(null);
  };
  const end = useMemo(() => (result?.ok ? Math.max(1, ...result.runs.map((r) => r.summary.span.end)) : 1), [result]);

  return (
    <div className="lab-panel" ref={box}>
      <div className="lab-inputs">
        <div className="lab-workload">
          <label>
            workload
            <select
              value={format}
              onChange={(e) => {
                const f = e.target.value as WorkloadFormat;
                setFormat(f);
                setText(EXAMPLES[f].text);
                setSeed(undefined);
              }}
              aria-label="Workload format"
            >
              <option value="scheduler">scheduler.py (-l lengths)</option>
              <option value="mlfq">mlfq.py (-l start,run,io)</option>
              <option value="lottery">lottery.py (-l length:tickets)</option>
              <option value="process-run">process-run.py (-P programs)</option>
              <option value="jobs">jobs, one per line</option>
            </select>
          </label>
          <span className="muted">{EXAMPLES[format].hint}</span>
          <button
            type="button"
            className="small"
            onClick={fromSession}
            title="Put the jobs this session has started, its scheduler (first slot) and its CPUs here"
            data-testid="lab-from-session"
          >
            this session's workload
          </button>
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={format === 'jobs' ? 5 : 2} spellCheck={false} aria-label="Workload" data-testid="workload-text" />
        </div>
        <div className="lab-policies">
          {configs.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the policy slots are positions, not items.
            <div key={i} className="policy-pick">
              <select
                value={c.policy}
                onChange={(e) => setConfigs(configs.map((x, j) => (j === i ? { policy: e.target.value, quantum: x.quantum } : x)))}
                aria-label={`Policy ${i + 1}`}
                data-testid={`policy-${i}`}
              >
                {POLICY_CHOICES.map((p) => (
                  <option key={p} value={p}>
                    {p.toUpperCase()}
                  </option>
                ))}
              </select>
              <label title="Time slice in ticks (RR, MLFQ's top level, lottery, stride, priority, multi)">
                q
                <input
                  type="number"
                  min={1}
                  value={c.quantum}
                  onChange={(e) => setConfigs(configs.map((x, j) => (j === i ? { ...x, quantum: Math.max(1, Number(e.target.value) || 1) } : x)))}
                  aria-label={`Quantum ${i + 1}`}
                />
              </label>
              {c.options ? (
                <span className="muted" title="The session's policy options, kept as it runs them">
                  {Object.entries(c.options)
                    .map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : v}`)
                    .join(' · ')}
                </span>
              ) : null}
              {configs.length > 2 ? (
                <button type="button" className="small" onClick={() => setConfigs(configs.filter((_, j) => j !== i))} aria-label={`Remove policy ${i + 1}`}>
                  ✕
                </button>
              ) : null}
            </div>
          ))}
          {configs.length < 4 ? (
            <button type="button" className="small" onClick={() => setConfigs([...configs, { policy: 'stcf', quantum: 10 }])}>
              + policy
            </button>
          ) : null}
          <CpuSelect value={cpus} onChange={setCpus} />
          <button type="button" className="primary" onClick={compare} disabled={busy} data-testid="compare">
            {busy ? 'Running…' : 'Compare'}
          </button>
        </div>
      </div>
      {result && !result.ok ? (
        <p className="problem" role="alert">
          {result.error}
        </p>
      ) : null}
      {result?.ok ? (
        <>
          <div className="scroll-sideways">
            <table className="compact lab-summary" data-testid="lab-metrics">
              <thead>
                <tr data-term-group="">
                  <th>policy</th>
                  <th className="num"><Term about="average response time: first run − arrival">response</Term></th>
                  <th className="num"><Term about="average turnaround time: finish − arrival">turnaround</Term></th>
                  <th className="num"><Term about="average time ready but not running">waiting</Term></th>
                  <th className="num"><Term about="CPU utilisation">CPU</Term></th>
                  <th className="num"><Term about="context switches">switches</Term></th>
                  <th className="num"><Term about="jobs finished per 1,000 ticks">throughput</Term></th>
                  <th className="num"><Term about="Jain's fairness index (proportional-share policies)">fairness</Term></th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {result.runs.map((r, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: one row per policy slot, in slot order.
                  <tr key={i} data-policy={r.policy}>
                    <td title={`tie-break: ${r.tieBreak}`}>{r.label.replace(/ \(.*\)$/, '')}</td>
                    <td className="num">{fmt(r.average.response)}</td>
                    <td className="num">{fmt(r.average.turnaround)}</td>
                    <td className="num">{fmt(r.average.waiting)}</td>
                    <td className="num">{(r.summary.cpuUtilisation * 100).toFixed(1)}%</td>
                    <td className="num">{r.summary.contextSwitches}</td>
                    <td className="num">{fmt(r.summary.throughput)}</td>
                    <td className="num">{fmt(r.fairness, 3)}</td>
                    <td>
                      <button
                        type="button"
                        className="small"
                        onClick={() => runLive(configs[i], r.label.replace(/ \(.*\)$/, ''))}
                        title="Open this run in the live machine as a new branch, to step through it; the session you were in is kept as a branch to come back to"
                        data-testid={`step-through-${i}`}
                      >
                        step through
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {stepped ? (
            'error' in stepped ? (
              <p className="problem" role="alert">
                Could not open the run: {stepped.error}
              </p>
            ) : (
              <p className="lab-stepped" role="status" data-testid="lab-stepped">
                {stepped.label} is open in the live machine as branch {stepped.branch}
                {stepped.kept === null ? '' : `; the session you were in is kept as branch ${stepped.kept}`}.{' '}
                <button type="button" className="small" onClick={onShowLive}>
                  Show it
                </button>
                {stepped.kept === null ? null : (
                  <button type="button" className="small" onClick={() => api.request({ cmd: 'switchBranch', id: stepped.kept! })} data-testid="lab-back">
                    Back to branch {stepped.kept}
                  </button>
                )}
              </p>
            )
          ) : null}
          {result.runs.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: one chart per policy slot, in slot order.
            <LabGantt key={i} run={r} end={end} cpus={cpus} width={width} selected={selected} onSelect={select} />
          ))}
          <JobTable runs={result.runs} />
        </>
      ) : null}
    </div>
  );
}

function LabGantt({ run, end, cpus, width, selected, onSelect }: { run: LabRun; end: number; cpus: number; width: number; selected: number | null; onSelect: (pid: number) => void }) {
  // The I/O row only when the workload does I/O.
  const rows = useMemo(() => rowsFromSlices(run.slices, cpus, 0, end, run.summary.span.end, 'cpu').filter((r) => r.key !== 'io' || r.bars.length > 0), [run, cpus, end]);
  // Bars name their job as the job table does (job 0, job 1, … as scheduler.py counts them), not by the pid the kernel gave it.
  const barLabel = useMemo(() => {
    const names = new Map(run.jobs.map((j) => [j.pid, j.name]));
    return (pid: number) => names.get(pid) ?? `pid ${pid}`;
  }, [run]);
  return (
    <div className="lab-gantt">
      <h4>
        {run.label}
        {run.traceComplete ? '' : ' (trace cut: only the first slices are drawn)'}
      </h4>
      <GanttChart rows={rows} from={0} to={end} width={width} selected={selected} barLabel={barLabel} onSelect={onSelect} testId={`lab-gantt-${run.policy}`} />
    </div>
  );
}

function JobTable({ runs }: { runs: LabRun[] }) {
  return (
    <table className="compact lab-jobs">
      <thead>
        <tr>
          <th>job</th>
          {runs.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: columns follow the policy slots.
            <th key={i} className="num" colSpan={3}>
              {r.policy.toUpperCase()} (resp · turn · wait)
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {runs[0].jobs.map((j) => (
          <tr key={j.job}>
            <td>
              {j.name} <span className="muted">(arrives {j.arrival})</span>
            </td>
            {runs.map((r, i) => {
              const x = r.jobs[j.job];
              return [
                // biome-ignore lint/suspicious/noArrayIndexKey: cells follow the policy slots.
                <td key={`${i}r`} className="num">
                  {fmt(x.response)}
                </td>,
                // biome-ignore lint/suspicious/noArrayIndexKey: cells follow the policy slots.
                <td key={`${i}t`} className="num">
                  {fmt(x.turnaround)}
                </td>,
                // biome-ignore lint/suspicious/noArrayIndexKey: cells follow the policy slots.
                <td key={`${i}w`} className="num">
                  {fmt(x.waiting)}
                </td>,
              ];
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
