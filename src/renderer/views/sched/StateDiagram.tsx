import type { Proc } from '../../../sim/kernel/state.ts';
import { STATE_COLORS } from '../../theme/theme.ts';

type State = Proc['state'];

const W = 440;
const H = 176;
const RX = 34;
const RY = 15;

const NODES: Record<State, { x: number; y: number }> = {
  new: { x: 44, y: 40 },
  ready: { x: 162, y: 40 },
  running: { x: 302, y: 40 },
  zombie: { x: 404, y: 40 },
  blocked: { x: 232, y: 142 },
  stopped: { x: 70, y: 142 },
};

/** Each transition with a short label and where the label sits; `bend` curves two-way pairs apart. */
const EDGES: Array<{ from: State; to: State; label: string; bend: number; lx: number; ly: number }> = [
  { from: 'new', to: 'ready', label: 'admit', bend: 0, lx: 103, ly: 33 },
  { from: 'ready', to: 'running', label: 'dispatch', bend: -18, lx: 232, ly: 14 },
  { from: 'running', to: 'ready', label: 'preempt', bend: -18, lx: 232, ly: 72 },
  { from: 'running', to: 'zombie', label: 'exit', bend: 0, lx: 353, ly: 33 },
  { from: 'running', to: 'blocked', label: 'I/O · sleep · wait', bend: 0, lx: 318, ly: 100 },
  { from: 'blocked', to: 'ready', label: 'wake', bend: 0, lx: 180, ly: 100 },
  { from: 'ready', to: 'stopped', label: 'stop', bend: 12, lx: 96, ly: 96 },
  { from: 'stopped', to: 'ready', label: 'cont', bend: 12, lx: 138, ly: 112 },
];

/** Where the segment from p toward q leaves the ellipse around p. */
function rim(p: { x: number; y: number }, q: { x: number; y: number }): { x: number; y: number } {
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const t = 1 / Math.sqrt((dx * dx) / (RX * RX) + (dy * dy) / (RY * RY));
  return { x: p.x + dx * t, y: p.y + dy * t };
}

/** The process states and the transitions between them, with how many processes are in each now. */
export function StateDiagram({ counts }: { counts: Record<State, number> }) {
  return (
    <svg className="state-diagram" viewBox={`0 0 ${W} ${H}`} style={{ maxWidth: W }} data-testid="state-diagram">
      <title>Process state diagram</title>
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M0,0L10,5L0,10z" className="arrow-head" />
        </marker>
      </defs>
      {EDGES.map((e) => {
        const p = NODES[e.from];
        const q = NODES[e.to];
        const a = rim(p, q);
        const b = rim(q, p);
        // Bend perpendicular to the segment, to the left of the direction of travel.
        const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
        const cx = (a.x + b.x) / 2 + ((b.y - a.y) / len) * e.bend;
        const cy = (a.y + b.y) / 2 - ((b.x - a.x) / len) * e.bend;
        return (
          <g key={`${e.from}-${e.to}`} className="edge">
            <path d={`M${a.x},${a.y}Q${cx},${cy} ${b.x},${b.y}`} markerEnd="url(#arrow)" />
            <text x={e.lx} y={e.ly} textAnchor="middle">
              {e.label}
            </text>
          </g>
        );
      })}
      {(Object.keys(NODES) as State[]).map((st) => (
        <g key={st} transform={`translate(${NODES[st].x},${NODES[st].y})`} className={counts[st] ? 'node busy' : 'node'}>
          <ellipse rx={RX} ry={RY} style={{ stroke: STATE_COLORS[st] }} />
          <text y={-1} textAnchor="middle" className="node-name">
            {st}
          </text>
          <text y={11} textAnchor="middle" className="node-count" style={{ fill: STATE_COLORS[st] }} data-state={st}>
            {counts[st]}
          </text>
        </g>
      ))}
    </svg>
  );
}
