import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyForkAction, createForkTree, type ForkAction, treeShape } from '../../../src/sim/proctree/forktree.ts';

describe('the fork tree', () => {
  it('local reparenting hands the children to the grandparent, in order, at the end', () => {
    const t = createForkTree();
    for (const a of ['a+b', 'b+c', 'b+d', 'a+e']) {
      const [p, c] = a.split('+');
      applyForkAction(t, { type: 'fork', parent: p, child: c }, { leafOnly: false, localReparent: true });
    }
    applyForkAction(t, { type: 'exit', process: 'b' }, { leafOnly: false, localReparent: true });
    expect(treeShape(t)).toEqual({
      name: 'a',
      children: [
        { name: 'e', children: [] },
        { name: 'c', children: [] },
        { name: 'd', children: [] },
      ],
    });
  });

  it('without it, the whole subtree is flattened under the root', () => {
    const t = createForkTree();
    for (const [p, c] of [['a', 'b'], ['b', 'c'], ['c', 'd']]) applyForkAction(t, { type: 'fork', parent: p, child: c }, { leafOnly: false, localReparent: false });
    applyForkAction(t, { type: 'exit', process: 'b' }, { leafOnly: false, localReparent: false });
    expect(treeShape(t).children.map((c) => c.name)).toEqual(['c', 'd']);
    expect(treeShape(t).children.every((c) => c.children.length === 0)).toBe(true);
  });

  it('no process is ever lost or duplicated, and only exits remove one', () => {
    const names = 'bcdefghijk'.split('');
    const action = fc.oneof(
      fc.record({ type: fc.constant('fork' as const), parent: fc.constantFrom('a', ...names), child: fc.constantFrom(...names) }),
      fc.record({ type: fc.constant('exit' as const), process: fc.constantFrom(...names) }),
    );
    fc.assert(
      fc.property(fc.array(action, { maxLength: 40 }), fc.boolean(), fc.boolean(), (actions, leafOnly, localReparent) => {
        const t = createForkTree();
        const alive = new Set(['a']);
        for (const a of actions as ForkAction[]) {
          const r = applyForkAction(t, a, { leafOnly, localReparent });
          if (!r.ok || r.failed) continue;
          if (a.type === 'fork') alive.add(a.child);
          else alive.delete(a.process);
        }
        const seen: string[] = [];
        const walk = (n: { name: string; children: { name: string; children: unknown[] }[] }) => {
          seen.push(n.name);
          for (const c of n.children) walk(c as typeof n);
        };
        walk(treeShape(t));
        expect(seen.sort()).toEqual([...alive].sort());
      }),
    );
  });
});
