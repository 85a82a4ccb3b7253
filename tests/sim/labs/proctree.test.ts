import { describe, expect, it } from 'vitest';
import { forkLab } from '../../../src/sim/labs/proctree.ts';

describe('the fork.py lab', () => {
  it('narrates each action and keeps the tree after it', () => {
    const r = forkLab(['a+b', 'b+c', 'c+d', 'b-'], { leafOnly: false, localReparent: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.steps.map((s) => s.text)).toEqual(['a forks b', 'b forks c', 'c forks d', 'b exits: its child goes to its parent']);
    expect(r.steps[3].tree).toEqual({ name: 'a', children: [{ name: 'c', children: [{ name: 'd', children: [] }] }] });
    const flat = forkLab(['a+b', 'b+c', 'c+d', 'b-'], { leafOnly: false, localReparent: false });
    if (flat.ok) expect(flat.steps[3].text).toBe('b exits: the root adopts all its descendants (the subtree is flattened)');
    const leaf = forkLab(['a+b', 'b+c', 'b-'], { leafOnly: true, localReparent: false });
    if (leaf.ok) expect(leaf.steps[2]).toMatchObject({ failed: true, text: 'b cannot exit: it still has children (only leaves may exit)' });
  });

  it('names the action it cannot read', () => {
    expect(forkLab(['a+b', 'oops'], { leafOnly: false, localReparent: false })).toEqual({
      ok: false,
      error: 'action 2: "oops" is neither "x+y" (x forks y) nor "x-" (x exits)',
    });
  });
});
