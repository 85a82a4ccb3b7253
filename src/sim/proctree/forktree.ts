/**
 * A process tree as OSTEP's fork.py models it: processes named by letters, a root that
 * never exits, forks that append the child to the parent's child list, and exits that
 * either hand the children to the exiting process's parent ("local reparenting") or
 * flatten the whole subtree under the root (what init does for orphans). Kept as plain
 * data: each node lists its children in order and knows its parent.
 */
export interface ForkTree {
  root: string;
  children: Record<string, string[]>;
  parent: Record<string, string | null>;
}

export interface TreeShape {
  name: string;
  children: TreeShape[];
}

export type ForkAction = { type: 'fork'; parent: string; child: string } | { type: 'exit'; process: string };

export interface ForkOptions {
  /** Only a process with no children may exit (fork.py -L). */
  leafOnly: boolean;
  /** Orphans go to the exiting process's parent, not the root (fork.py -R). */
  localReparent: boolean;
}

export function createForkTree(root = 'a'): ForkTree {
  return { root, children: { [root]: [] }, parent: { [root]: null } };
}

/** Parses "a+b" (a forks b) and "b-" (b exits); null if the text is neither. */
export function parseForkAction(text: string): ForkAction | null {
  const fork = /^\s*(\w+)\s*\+\s*(\w+)\s*$/.exec(text);
  if (fork) return { type: 'fork', parent: fork[1], child: fork[2] };
  const exit = /^\s*(\w+)\s*-\s*$/.exec(text);
  if (exit) return { type: 'exit', process: exit[1] };
  return null;
}

export type ApplyResult = { ok: true; failed: boolean } | { ok: false; error: string };

/** Applies one action. An exit refused by leafOnly is `failed` and changes nothing. */
export function applyForkAction(t: ForkTree, a: ForkAction, opts: ForkOptions): ApplyResult {
  if (a.type === 'fork') {
    if (!(a.parent in t.children)) return { ok: false, error: `${a.parent} cannot fork: no such process` };
    if (a.child in t.children) return { ok: false, error: `${a.child} already exists` };
    t.children[a.parent].push(a.child);
    t.children[a.child] = [];
    t.parent[a.child] = a.parent;
    return { ok: true, failed: false };
  }
  const x = a.process;
  if (!(x in t.children)) return { ok: false, error: `${x} cannot exit: no such process` };
  if (x === t.root) return { ok: false, error: `${x} is the root and never exits` };
  const kids = t.children[x];
  if (opts.leafOnly && kids.length > 0) return { ok: true, failed: true };
  const parent = t.parent[x]!;
  if (opts.localReparent) {
    for (const k of kids) {
      t.children[parent].push(k);
      t.parent[k] = parent;
    }
  } else {
    for (const d of descendants(t, x)) {
      t.children[t.root].push(d);
      t.children[d] = [];
      t.parent[d] = t.root;
    }
  }
  t.children[parent] = t.children[parent].filter((c) => c !== x);
  delete t.children[x];
  delete t.parent[x];
  return { ok: true, failed: false };
}

/** Every process below x, in pre-order (x itself excluded). */
function descendants(t: ForkTree, x: string): string[] {
  const out: string[] = [];
  const walk = (n: string) => {
    for (const c of t.children[n]) {
      out.push(c);
      walk(c);
    }
  };
  walk(x);
  return out;
}

export function treeShape(t: ForkTree, name = t.root): TreeShape {
  return { name, children: t.children[name].map((c) => treeShape(t, c)) };
}
