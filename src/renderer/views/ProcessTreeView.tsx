import { hierarchy, tree } from 'd3';
import { useMemo, useRef } from 'react';
import { deadlockView, pipeViews } from '../../sim/kernel/ipc-selectors.ts';
import { processTree, type TreeNode } from '../../sim/kernel/proc-selectors.ts';
import { useSelection } from '../model/selection.ts';
import { type Store, useMirror } from '../model/store.ts';
import { STATE_COLORS } from '../theme/theme.ts';
import { useSize } from './useSize.ts';

const NODE_W = 112;
const NODE_H = 34;
const GAP_Y = 64;

interface Branch {
  node: TreeNode | null;
  children: Branch[];
}

/** Builds the parent/child hierarchy under a virtual root (the kernel, pid 0). */
function toBranches(nodes: TreeNode[]): Branch {
  const byPid = new Map<number, Branch>(nodes.map((n) => [n.pid, { node: n, children: [] }]));
  const root: Branch = { node: null, children: [] };
  for (const n of nodes) (byPid.get(n.ppid) ?? root).children.push(byPid.get(n.pid)!);
  return root;
}

/**
 * The process tree: who spawned whom, coloured by state, with each process group's id and
 * the terminal's foreground group marked. Pipes are drawn from writer to reader with their
 * fill level; a deadlock's wait-for cycle is drawn in red. Click a process to select it
 * everywhere.
 */
export function ProcessTreeView({ store }: { store: Store }) {
  const state = useMirror(store, (m) => m.state);
  const procs = useMirror(store, (m) => m.state?.procs);
  const fg = useMirror(store, (m) => m.state?.tty.fgPgid ?? null);
  const ipc = useMirror(store, (m) => m.state?.ipc);
  const [selected, select] = useSelection();
  const box = useRef<HTMLDivElement>(null);
  const { width } = useSize(box);
  const layout = useMemo(() => {
    if (!procs) return null;
    const nodes = processTree(procs, fg);
    const root = hierarchy(toBranches(nodes), (b) => b.children);
    tree<Branch>().nodeSize([NODE_W + 18, GAP_Y])(root);
    const all = root.descendants().filter((d) => d.data.node);
    const at = new Map(all.map((d) => [d.data.node!.pid, { x: d.x!, y: d.y! }]));
    const xs = all.map((d) => d.x!);
    return { all, at, links: root.links().filter((l) => l.source.data.node), minX: Math.min(...xs, 0), maxX: Math.max(...xs, 0), depth: root.height };
  }, [procs, fg]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: pipes and deadlocks change only with the IPC state and the processes.
  const extra = useMemo(() => (state ? { pipes: pipeViews(state), deadlock: deadlockView(state) } : null), [ipc, procs]);

  if (!layout || !extra) return null;
  const contentW = layout.maxX - layout.minX + NODE_W + 20;
  const svgW = Math.max(width - 4, contentW);
  const offsetX = (svgW - contentW) / 2 - layout.minX + NODE_W / 2 + 10;
  const svgH = layout.depth * GAP_Y + NODE_H + 6 + (extra.pipes.length ? 34 : 0);
  const inCycle = new Set(extra.deadlock.cycles.flatMap((c) => c.pids));
  const pipeEdges = extra.pipes.flatMap((p) =>
    p.writers.flatMap((w) => p.readers.filter((r) => r !== w && layout.at.has(r) && layout.at.has(w)).map((r) => ({ pipe: p, from: w, to: r }))),
  );

  return (
    <div className="tree-box" ref={box}>
      <svg width={svgW} height={svgH} className="process-tree" data-testid="process-tree">
        <title>Process tree</title>
        <defs>
          <marker id="pipe-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0L10,5L0,10z" className="pipe-head" />
          </marker>
          <marker id="wait-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0L10,5L0,10z" className="wait-head" />
          </marker>
        </defs>
        <g transform={`translate(${offsetX},${-GAP_Y + NODE_H / 2 + 4})`}>
          {layout.links.map((l) => (
            <path
              key={`${l.source.data.node!.pid}-${l.target.data.node!.pid}`}
              className="tree-link"
              d={`M${l.source.x},${l.source.y! + NODE_H / 2}V${(l.source.y! + l.target.y!) / 2}H${l.target.x}V${l.target.y! - NODE_H / 2}`}
            />
          ))}
          {pipeEdges.map(({ pipe, from, to }) => {
            const a = layout.at.get(from)!;
            const b = layout.at.get(to)!;
            // A U under the two processes: out of the writer's foot, into the reader's.
            const y1 = a.y + NODE_H / 2;
            const y2 = b.y + NODE_H / 2;
            const low = Math.max(y1, y2) + 30;
            const mx = (a.x + b.x) / 2;
            const blocked = pipe.blockedReaders.includes(to) || pipe.blockedWriters.some((w) => w.pid === from);
            return (
              <g key={`pipe-${pipe.id}-${from}-${to}`} className={`pipe-edge${blocked ? ' blocked' : ''}`} data-pipe={pipe.id}>
                <path d={`M${a.x + 10},${y1}C${a.x + 10},${low} ${b.x - 10},${low} ${b.x - 10},${y2 + 1}`} markerEnd="url(#pipe-arrow)" />
                <g transform={`translate(${mx - 28},${low - 12})`}>
                  <title>{`pipe ${pipe.id}: ${pipe.used} of ${pipe.capacity} bytes buffered${pipe.blockedReaders.length ? `; blocked reader ${pipe.blockedReaders.join(', ')}` : ''}${pipe.blockedWriters.length ? `; blocked writer ${pipe.blockedWriters.map((w) => w.pid).join(', ')}` : ''}`}</title>
                  <rect className="pipe-box" width={56} height={10} rx={2} />
                  <rect className="pipe-fill" width={56 * pipe.fill} height={10} rx={2} />
                  <text x={28} y={21} textAnchor="middle" className="pipe-label">
                    {pipe.used}/{pipe.capacity}
                    {blocked ? ' blocked' : ''}
                  </text>
                </g>
              </g>
            );
          })}
          {extra.deadlock.cycles.flatMap((c) =>
            c.edges.map((e) => {
              const a = layout.at.get(e.from);
              const b = layout.at.get(e.to);
              if (!a || !b) return null;
              return (
                <path
                  key={`wait-${e.from}-${e.to}-${e.sem}`}
                  className="wait-edge"
                  d={`M${a.x},${a.y - NODE_H / 2}Q${(a.x + b.x) / 2},${Math.min(a.y, b.y) - 40} ${b.x},${b.y - NODE_H / 2}`}
                  markerEnd="url(#wait-arrow)"
                >
                  <title>{`pid ${e.from} waits for semaphore ${e.sem}, held by pid ${e.to}`}</title>
                </path>
              );
            }),
          )}
          {layout.all.map((d) => {
            const n = d.data.node!;
            return (
              // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>; it is keyboard-operable below.
              <g
                key={n.pid}
                transform={`translate(${d.x! - NODE_W / 2},${d.y! - NODE_H / 2})`}
                className={`tree-node${selected === n.pid ? ' selected' : ''}${inCycle.has(n.pid) ? ' deadlocked' : ''}`}
                data-pid={n.pid}
                role="button"
                tabIndex={0}
                onClick={() => select(n.pid)}
                onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && select(n.pid)}
              >
                <title>{`pid ${n.pid}, parent ${n.ppid}, group ${n.pgid}${n.foreground ? ' (foreground)' : ''}\n${n.command}\n${n.state}`}</title>
                <rect width={NODE_W} height={NODE_H} rx={6} style={{ stroke: inCycle.has(n.pid) ? undefined : STATE_COLORS[n.state] }} />
                <text x={8} y={14} className="tree-name">
                  {n.pid} {n.name.length > 10 ? `${n.name.slice(0, 9)}…` : n.name}
                </text>
                <text x={8} y={27} className="tree-state" style={{ fill: STATE_COLORS[n.state] }}>
                  {n.state}
                </text>
                <text x={NODE_W - 8} y={27} textAnchor="end" className="tree-pgid">
                  {n.foreground ? '★ ' : ''}pg {n.pgid}
                </text>
              </g>
            );
          })}
        </g>
      </svg>
      {extra.deadlock.cycles.length > 0 ? (
        <p className="problem" data-testid="deadlock">
          Deadlock:{' '}
          {extra.deadlock.cycles
            .map((c) => c.edges.map((e) => `pid ${e.from} waits for semaphore ${e.sem} held by pid ${e.to}`).join(', '))
            .join('; ')}
          .
        </p>
      ) : null}
    </div>
  );
}
