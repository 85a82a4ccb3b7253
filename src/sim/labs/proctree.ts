import {
  applyForkAction,
  createForkTree,
  type ForkAction,
  type ForkOptions,
  parseForkAction,
  type TreeShape,
  treeShape,
} from '../proctree/forktree.ts';

/** The fork.py lab: the tree after each action, with the action in words. */
export interface ForkLabStep {
  action: string;
  /** What happened, e.g. "a forks b", "c exits: its children go to the root", "d cannot exit: it has children". */
  text: string;
  failed: boolean;
  tree: TreeShape;
}

export type ForkLabResult = { ok: true; initial: TreeShape; steps: ForkLabStep[] } | { ok: false; error: string };

export function forkLab(actions: readonly string[], opts: ForkOptions): ForkLabResult {
  const tree = createForkTree('a');
  const initial = treeShape(tree);
  const steps: ForkLabStep[] = [];
  for (const [i, text] of actions.entries()) {
    const action = parseForkAction(text);
    if (!action) return { ok: false, error: `action ${i + 1}: "${text}" is neither "x+y" (x forks y) nor "x-" (x exits)` };
    const orphans = action.type === 'exit' ? (tree.children[action.process] ?? []).length : 0;
    const r = applyForkAction(tree, action, opts);
    if (!r.ok) return { ok: false, error: `action ${i + 1} (${text}): ${r.error}` };
    steps.push({ action: text, text: narrate(action, r.failed, orphans, opts), failed: r.failed, tree: treeShape(tree) });
  }
  return { ok: true, initial, steps };
}

function narrate(a: ForkAction, failed: boolean, orphans: number, opts: ForkOptions): string {
  if (a.type === 'fork') return `${a.parent} forks ${a.child}`;
  if (failed) return `${a.process} cannot exit: it still has children (only leaves may exit)`;
  if (orphans === 0) return `${a.process} exits`;
  if (opts.localReparent) return `${a.process} exits: its ${orphans === 1 ? 'child goes' : `${orphans} children go`} to its parent`;
  return `${a.process} exits: the root adopts all its descendants (the subtree is flattened)`;
}
