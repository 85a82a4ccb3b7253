import { applyForkAction, createForkTree, type ForkAction, parseForkAction, treeShape } from '../proctree/forktree.ts';

/** OSTEP fork.py: the process tree after every fork and exit. */
export function solveFork(input: unknown): unknown {
  if (typeof input !== 'object' || input === null) return { error: 'input must be an object' };
  const { actions, leafOnly, localReparent } = input as Record<string, unknown>;
  if (!Array.isArray(actions) || actions.some((a) => typeof a !== 'string')) return { error: 'actions must be an array of strings like "a+b" or "b-"' };
  if (typeof leafOnly !== 'boolean' || typeof localReparent !== 'boolean') return { error: 'leafOnly and localReparent must be booleans' };
  const tree = createForkTree('a');
  const initial = treeShape(tree);
  const steps: unknown[] = [];
  for (const [i, text] of (actions as string[]).entries()) {
    const action = parseForkAction(text);
    if (!action) return { error: `actions[${i}]: "${text}" is neither "x+y" (x forks y) nor "x-" (x exits)` };
    const r = applyForkAction(tree, action, { leafOnly, localReparent });
    if (!r.ok) return { error: `actions[${i}]: ${r.error}` };
    steps.push({ action: actionRecord(action, r.failed), tree: treeShape(tree) });
  }
  return { initial, steps };
}

function actionRecord(a: ForkAction, failed: boolean) {
  return a.type === 'fork' ? { type: 'fork', parent: a.parent, child: a.child } : { type: 'exit', process: a.process, failed };
}
