import { applyForkAction, createForkTree, type ForkAction, type ForkTree, parseForkAction, treeShape } from '../proctree/forktree.ts';
import { textSequence } from './answer.ts';

/**
 * OSTEP fork.py: the process tree after every fork and exit. The steps are lazy
 * (answer.ts): each holds the whole tree, so the answer grows with actions times tree
 * size. A first pass applies the actions without drawing trees, so that a bad one is
 * still the whole answer.
 */
export function solveFork(input: unknown): unknown {
  if (typeof input !== 'object' || input === null) return { error: 'input must be an object' };
  const { actions, leafOnly, localReparent } = input as Record<string, unknown>;
  if (!Array.isArray(actions) || actions.some((a) => typeof a !== 'string')) return { error: 'actions must be an array of strings like "a+b" or "b-"' };
  if (typeof leafOnly !== 'boolean' || typeof localReparent !== 'boolean') return { error: 'leafOnly and localReparent must be booleans' };
  const opts = { leafOnly, localReparent };
  const parsed: ForkAction[] = [];
  const check = createForkTree('a');
  for (const [i, text] of (actions as string[]).entries()) {
    const action = parseForkAction(text);
    if (!action) return { error: `actions[${i}]: "${text}" is neither "x+y" (x forks y) nor "x-" (x exits)` };
    const r = applyForkAction(check, action, opts);
    if (!r.ok) return { error: `actions[${i}]: ${r.error}` };
    parsed.push(action);
  }
  const tree = createForkTree('a');
  // The tree is read when the step is (answer.ts): as a shape for a reader that wants the
  // value, or straight to text by the step's writer.
  const shape = () => treeShape(tree);
  function* steps() {
    for (const action of parsed) {
      const r = applyForkAction(tree, action, opts);
      yield { action: actionRecord(action, r.ok && r.failed), tree: shape };
    }
  }
  const stepJson = (s: { action: ReturnType<typeof actionRecord> }): string => `{"action":${JSON.stringify(s.action)},"tree":${treeJson(tree, tree.root)}}`;
  return { initial: treeShape(tree), steps: textSequence(steps(), stepJson) };
}

/** The tree below `name` as JSON.stringify writes its shape (names are word characters, parseForkAction's rule). */
function treeJson(t: ForkTree, name: string): string {
  const kids = t.children[name];
  let out = `{"name":"${name}","children":[`;
  for (let i = 0; i < kids.length; i++) out += i === 0 ? treeJson(t, kids[i]) : `,${treeJson(t, kids[i])}`;
  return `${out}]}`;
}

function actionRecord(a: ForkAction, failed: boolean) {
  return a.type === 'fork' ? { type: 'fork', parent: a.parent, child: a.child } : { type: 'exit', process: a.process, failed };
}
