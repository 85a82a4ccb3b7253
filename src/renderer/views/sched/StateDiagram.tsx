import { useRef } from 'react';
import type { Proc } from '../../../sim/kernel/state.ts';
import { STATE_COLORS } from '../../theme/theme.ts';
import { useSize } from '../useSize.ts';

type State = Proc['state'];

/**
 * A transition: a short label (a newline breaks it) and where its first line sits (`anchor`
 * as SVG's text-anchor); `bend` curves two-way pairs apart.
 */
interface Edge {
  from: State;
  to: State;
  label: string;
  bend: number;
  lx: number;
  ly: number;
  anchor?: 'start' | 'middle' | 'end';
}

/**
 * One drawing of the diagram in its own units. It is drawn at least one pixel per unit
 * (never shrunk), so its 11-unit text is never smaller than 11px.
 */
interface Layout {
  w: number;
  h: number;
  /** The radii of each state's ellipse. */
  rx: number;
  ry: number;
  nodes: Record<State, { x: number; y: number }>;
  edges: Edge[];
}

/** In a row, as OSTEP's figure 4.2 draws it, for a panel at least this wide. */
const WIDE: Layout = {
  w: 440,
  h: 176,
  rx: 34,
  ry: 15,
  nodes: {
    new: { x: 44, y: 40 },
    ready: { x: 162, y: 40 },
    running: { x: 302, y: 40 },
    zombie: { x: 404, y: 40 },
    blocked: { x: 232, y: 142 },
    stopped: { x: 70, y: 142 },
  },
  edges: [
    { from: 'new', to: 'ready', label: 'admit', bend: 0, lx: 103, ly: 33 },
    { from: 'ready', to: 'running', label: 'dispatch', bend: -18, lx: 232, ly: 14 },
    { from: 'running', to: 'ready', label: 'preempt', bend: -18, lx: 232, ly: 72 },
    { from: 'running', to: 'zombie', label: 'exit', bend: 0, lx: 353, ly: 33 },
    { from: 'running', to: 'blocked', label: 'I/O · sleep · wait', bend: 0, lx: 318, ly: 100 },
    { from: 'blocked', to: 'ready', label: 'wake', bend: 0, lx: 180, ly: 100 },
    { from: 'ready', to: 'stopped', label: 'stop', bend: 12, lx: 96, ly: 96 },
    { from: 'stopped', to: 'ready', label: 'cont', bend: 12, lx: 138, ly: 112 },
  ],
};

/** Folded into three rows, for a narrow panel (a scheduler tab beside the metrics in a small window). */
const NARROW: Layout = {
  w: 252,
  h: 144,
  rx: 30,
  ry: 13,
  nodes: {
    new: { x: 36, y: 16 },
    stopped: { x: 126, y: 16 },
    zombie: { x: 216, y: 16 },
    ready: { x: 60, y: 72 },
    running: { x: 192, y: 72 },
    blocked: { x: 126, y: 128 },
  },
  edges: [
    { from: 'new', to: 'ready', label: 'admit', bend: 0, lx: 38, ly: 48, anchor: 'end' },
    { from: 'ready', to: 'running', label: 'dispatch', bend: -14, lx: 126, ly: 60 },
    { from: 'running', to: 'ready', label: 'preempt', bend: -14, lx: 126, ly: 92 },
    { from: 'running', to: 'zombie', label: 'exit', bend: 0, lx: 196, ly: 45, anchor: 'end' },
    { from: 'running', to: 'blocked', label: 'I/O · sleep\n· wait', bend: 0, lx: 170, ly: 104, anchor: 'start' },
    { from: 'blocked', to: 'ready', label: 'wake', bend: 0, lx: 84, ly: 104, anchor: 'end' },
    { from: 'ready', to: 'stopped', label: 'stop', bend: 10, lx: 80, ly: 39, anchor: 'end' },
    { from: 'stopped', to: 'ready', label: 'cont', bend: 10, lx: 104, ly: 43, anchor: 'start' },
  ],
};

/** Where the segment from p toward q leaves the ellipse (radii rx, ry) around p. */
function rim(p: { x: number; y: number }, q: { x: number; y: number }, { rx, ry }: Layout): { x: number; y: number } {
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const t = 1 / Math.sqrt((dx * dx) / (rx * rx) + (dy * dy) / (ry * ry));
  return { x: p.x + dx * t, y: p.y + dy * t };
}

/** The process states and the transitions between them, with how many processes are in each now. */
export function StateDiagram({ counts }: { counts: Record<State, number> }) {
  const box = useRef<HTMLDivElement>(null);
  const { width } = useSize(box);
  // Until the panel is measured, the narrow drawing (it fits anywhere the wide one does).
  const layout = width >= WIDE.w ? WIDE : NARROW;
  return (
    <div ref={box} className="state-diagram-box">
      <svg
        className="state-diagram"
        viewBox={`0 0 ${layout.w} ${layout.h}`}
        style={{ minWidth: layout.w, maxWidth: layout === WIDE ? WIDE.w : NARROW.w }}
        data-testid="state-diagram"
        data-layout={layout === WIDE ? 'wide' : 'narrow'}
      >
        <title>Process state diagram</title>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M0,0L10,5L0,10z" className="arrow-head" />
          </marker>
        </defs>
        {layout.edges.map((e) => {
          const p = layout.nodes[e.from];
          const q = layout.nodes[e.to];
          const a = rim(p, q, layout);
          const b = rim(q, p, layout);
          // Bend perpendicular to the segment, to the left of the direction of travel.
          const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
          const cx = (a.x + b.x) / 2 + ((b.y - a.y) / len) * e.bend;
          const cy = (a.y + b.y) / 2 - ((b.x - a.x) / len) * e.bend;
          return (
            <g key={`${e.from}-${e.to}`} className="edge">
              <path d={`M${a.x},${a.y}Q${cx},${cy} ${b.x},${b.y}`} markerEnd="url(#arrow)" />
              <text x={e.lx} y={e.ly} textAnchor={e.anchor ?? 'middle'}>
                {e.label.split('\n').map((line, i) => (
                  <tspan key={line} x={e.lx} dy={i === 0 ? 0 : 13}>
                    {line}
                  </tspan>
                ))}
              </text>
            </g>
          );
        })}
        {(Object.keys(layout.nodes) as State[]).map((st) => (
          <g key={st} transform={`translate(${layout.nodes[st].x},${layout.nodes[st].y})`} className={counts[st] ? 'node busy' : 'node'}>
            <ellipse rx={layout.rx} ry={layout.ry} style={{ stroke: STATE_COLORS[st] }} />
            <text y={-2} textAnchor="middle" className="node-name">
              {st}
            </text>
            <text y={10} textAnchor="middle" className="node-count" style={{ fill: STATE_COLORS[st] }} data-state={st}>
              {counts[st]}
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}
