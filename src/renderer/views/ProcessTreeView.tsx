import { hierarchy, tree } from 'd3';
import { useMemo, useRef } from 'react';
import { processTree, type TreeNode } from '../../sim/kernel/views.ts';
import { useSelection } from '../model/selection.ts';
import { type Store, useMirror } from '../model/store.ts';
import { STATE_COLORS } from '../theme.ts';
import { useSize } from './useSize.ts';

const NODE_W = 112;
const NODE_H = 34;
const GAP_Y = 58;

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
 * the terminal's foreground group marked. Click a process to select it everywhere.
 */
export function ProcessTreeView({ store }: { store: Store }) {
  const procs = useMirror(store, (m) => m.state?.procs);
  const fg = useMirror(store, (m) => m.state?.tty.fgPgid ?? null);
  const [selected, select] = useSelection();
  const box = useRef<HTMLDivElement>(null);
  const { width } = useSize(box);
  const layout = useMemo(() => {
    if (!procs) return null;
    const nodes = processTree(procs, fg);
    const root = hierarchy(toBranches(nodes), (b) => b.children);
    tree<Branch>().nodeSize([NODE_W + 16, GAP_Y])(root);
    const all = root.descendants().filter((d) => d.data.node);
    const xs = all.map((d) => d.x!);
    const minX = Math.min(...xs, 0);
    const maxX = Math.max(...xs, 0);
    return { all, links: root.links().filter((l) => l.source.data.node), minX, maxX, depth: root.height };
  }, [procs, fg]);

  if (!layout) return null;
  const contentW = layout.maxX - layout.minX + NODE_W + 20;
  const svgW = Math.max(width - 4, contentW);
  const offsetX = (svgW - contentW) / 2 - layout.minX + NODE_W / 2 + 10;
  const svgH = layout.depth * GAP_Y + NODE_H;
  return (
    <div className="tree-box" ref={box}>
      <svg width={svgW} height={svgH} className="process-tree" data-testid="process-tree">
        <title>Process tree</title>
        <g transform={`translate(${offsetX},${-GAP_Y + NODE_H / 2 + 4})`}>
          {layout.links.map((l) => (
            <path
              key={`${l.source.data.node!.pid}-${l.target.data.node!.pid}`}
              className="tree-link"
              d={`M${l.source.x},${l.source.y! + NODE_H / 2}V${(l.source.y! + l.target.y!) / 2}H${l.target.x}V${l.target.y! - NODE_H / 2}`}
            />
          ))}
          {layout.all.map((d) => {
            const n = d.data.node!;
            return (
              // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>; it is keyboard-operable below.
              <g
                key={n.pid}
                transform={`translate(${d.x! - NODE_W / 2},${d.y! - NODE_H / 2})`}
                className={`tree-node${selected === n.pid ? ' selected' : ''}`}
                data-pid={n.pid}
                role="button"
                tabIndex={0}
                onClick={() => select(n.pid)}
                onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && select(n.pid)}
              >
                <title>{`pid ${n.pid}, parent ${n.ppid}, group ${n.pgid}${n.foreground ? ' (foreground)' : ''}\n${n.command}\n${n.state}`}</title>
                <rect width={NODE_W} height={NODE_H} rx={6} style={{ stroke: STATE_COLORS[n.state] }} />
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
    </div>
  );
}
