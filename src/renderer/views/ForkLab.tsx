import { hierarchy, tree } from 'd3';
import { CheckTerm } from './Term.tsx';
import { useMemo, useRef, useState } from 'react';
import type { GlassboxApi } from '../../shared/protocol.ts';
import type { ForkLabResult } from '../../sim/labs/proctree.ts';
import type { TreeShape } from '../../sim/proctree/forktree.ts';
import { useSize } from './useSize.ts';

const EXAMPLES = ['a+b,b+c,c+d,c+e,b-', 'a+b,a+c,b+d,b+e,d+f,b-,c-', 'a+b,b+c,c+d,c-,b-'];
const W = 46;
const H = 30;

/**
 * OSTEP's fork.py as a lab: a list of forks ("a+b") and exits ("b-"), stepped through,
 * with the process tree after each. Exits show what happens to orphans: adopted by the
 * exiting process's parent, or by the root (as init adopts them).
 */
const LEAF_ONLY = 'a process with children may not exit (fork.py -L).';
const LOCAL_REPARENT = "an exiting process's orphans go to its own parent, not to the root a (fork.py -R).";

export function ForkLab({ api }: { api: GlassboxApi }) {
  const [text, setText] = useState(EXAMPLES[0]);
  const [leafOnly, setLeafOnly] = useState(false);
  const [localReparent, setLocalReparent] = useState(false);
  const [result, setResult] = useState<ForkLabResult | null>(null);
  const [step, setStep] = useState(0);
  const run = async () => {
    const actions = text.split(/[\s,]+/).filter(Boolean);
    const r = await api.request({ cmd: 'forkLab', actions, leafOnly, localReparent });
    setResult(r.ok ? r.result : { ok: false, error: r.error });
    setStep(r.ok && r.result.ok ? r.result.steps.length : 0);
  };
  const shown = result?.ok ? (step === 0 ? result.initial : result.steps[step - 1].tree) : null;
  return (
    <div className="fork-lab" data-testid="fork-lab">
      <div className="row">
        <label>
          actions
          <input
            className="mono wide-input"
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-label="Fork and exit actions"
            list="fork-examples"
            data-testid="fork-actions"
          />
        </label>
        <datalist id="fork-examples">
          {EXAMPLES.map((x) => (
            <option key={x} value={x} />
          ))}
        </datalist>
        <CheckTerm about={LEAF_ONLY} checked={leafOnly} onChange={setLeafOnly} testId="fork-leaf-only">
          only leaves exit
        </CheckTerm>
        <CheckTerm about={LOCAL_REPARENT} checked={localReparent} onChange={setLocalReparent} testId="fork-local-reparent">
          reparent to the local parent
        </CheckTerm>
        <button type="button" className="primary" onClick={run} data-testid="fork-run">
          Run
        </button>
      </div>
      <p className="muted" data-testid="fork-lab-notes">
        “a+b” means a forks b; “b-” means b exits. a is the root and never exits. <b>Only leaves exit</b>: {LEAF_ONLY} <b>Reparent to the local parent</b>:{' '}
        {LOCAL_REPARENT}
      </p>
      {result && !result.ok ? (
        <p className="problem" role="alert">
          {result.error}
        </p>
      ) : null}
      {result?.ok ? (
        <>
          <div className="row">
            <button type="button" className="small" onClick={() => setStep(Math.max(0, step - 1))} disabled={step === 0} aria-label="Previous action">
              ◀
            </button>
            <input type="range" min={0} max={result.steps.length} value={step} onChange={(e) => setStep(Number(e.target.value))} aria-label="Action" />
            <button type="button" className="small" onClick={() => setStep(Math.min(result.steps.length, step + 1))} disabled={step === result.steps.length} aria-label="Next action">
              ▶
            </button>
            <span data-testid="fork-step">
              {step === 0 ? 'the start: only a' : `action ${step} of ${result.steps.length}: ${result.steps[step - 1].text}`}
            </span>
          </div>
          {shown ? <ShapeTree shape={shown} highlight={step > 0 ? /\+(\w+)/.exec(result.steps[step - 1].action)?.[1] : undefined} /> : null}
        </>
      ) : null}
    </div>
  );
}

/** The tree; `highlight` marks the process the action just created. */
function ShapeTree({ shape, highlight }: { shape: TreeShape; highlight?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const { width } = useSize(box);
  const layout = useMemo(() => {
    const root = hierarchy(shape, (n) => n.children);
    tree<TreeShape>().nodeSize([W + 14, H + 30])(root);
    const xs = root.descendants().map((d) => d.x!);
    return { root, minX: Math.min(...xs), maxX: Math.max(...xs), depth: root.height };
  }, [shape]);
  const contentW = layout.maxX - layout.minX + W + 16;
  const svgW = Math.max(width - 4, contentW);
  const dx = (svgW - contentW) / 2 - layout.minX + W / 2 + 8;
  return (
    <div ref={box}>
      <svg width={svgW} height={layout.depth * (H + 30) + H + 10} className="process-tree" data-testid="fork-tree">
        <title>Process tree after the chosen action</title>
        <g transform={`translate(${dx},${H / 2 + 4})`}>
          {layout.root.links().map((l) => (
            <path
              key={`${l.source.data.name}-${l.target.data.name}`}
              className="tree-link"
              d={`M${l.source.x},${l.source.y! + H / 2}V${(l.source.y! + l.target.y!) / 2}H${l.target.x}V${l.target.y! - H / 2}`}
            />
          ))}
          {layout.root.descendants().map((d) => (
            <g
              key={d.data.name}
              transform={`translate(${d.x! - W / 2},${d.y! - H / 2})`}
              className={`tree-node${d.data.name === highlight ? ' selected' : ''}`}
              data-name={d.data.name}
            >
              <rect width={W} height={H} rx={6} />
              <text x={W / 2} y={H / 2} dy="0.35em" textAnchor="middle" className="tree-name">
                {d.data.name}
              </text>
            </g>
          ))}
        </g>
      </svg>
    </div>
  );
}
