import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers of the code, checked on every import in src/. The picture, with the reasons,
 * is in docs/ARCHITECTURE.md ("Layers"); this file is its enforcement, and the two change
 * together.
 *
 * A folder is a directory under src/ (src/sim/fs, src/renderer/views/memory). Two rules:
 * no two folders import each other, directly or round a longer loop; and each folder
 * imports only the layers its group may (LAYERS below). A new folder in src/sim or
 * src/renderer must be given a place in LAYERS, or this test fails.
 */

const SRC = resolve(import.meta.dirname, '..', 'src');

/** The subsystems: each imports base and abi only, never the kernel nor another subsystem. */
const SUBSYSTEMS = ['sim/memory', 'sim/fs', 'sim/ipc', 'sim/tty', 'sim/sched', 'sim/vm', 'sim/proctree'];
const UNDER_KERNEL = ['sim/base', 'sim/abi', ...SUBSYSTEMS];
const KERNEL_AND_BELOW = [...UNDER_KERNEL, 'sim/kernel'];
const USER_SPACE = ['sim/libc', 'sim/programs', 'sim/shell'];
const SIM = [...KERNEL_AND_BELOW, ...USER_SPACE, 'sim/machine', 'sim/labs', 'sim/ostep'];

/** Each layer, and what it may import (besides itself). */
const LAYERS: Record<string, readonly string[]> = {
  'sim/base': [],
  'sim/abi': ['sim/base'],
  ...Object.fromEntries(SUBSYSTEMS.map((s) => [s, ['sim/base', 'sim/abi']])),
  'sim/kernel': UNDER_KERNEL,
  // User space reaches the kernel only through syscalls: it sees the ABI, never kernel state.
  'sim/libc': ['sim/base', 'sim/abi'],
  'sim/programs': ['sim/base', 'sim/abi', 'sim/libc'],
  // The shell runs some programs as builtins (echo, printf, true, false), as bash does.
  'sim/shell': ['sim/base', 'sim/abi', 'sim/libc', 'sim/programs'],
  'sim/machine': [...KERNEL_AND_BELOW, ...USER_SPACE],
  'sim/labs': [...KERNEL_AND_BELOW, ...USER_SPACE, 'sim/machine'],
  'sim/ostep': [...KERNEL_AND_BELOW, ...USER_SPACE, 'sim/machine'],
  shared: SIM,
  main: ['shared', ...SIM],
  preload: ['shared'],
  cli: ['main', 'shared', 'bench', ...SIM],
  bench: ['main', 'shared', ...SIM],
  renderer: ['renderer/model', 'renderer/views', 'renderer/terminal', 'renderer/timeline', 'renderer/theme', 'shared', ...SIM],
  'renderer/model': ['shared', ...SIM],
  'renderer/views': ['renderer/model', 'renderer/timeline', 'renderer/theme', 'shared', ...SIM],
  'renderer/terminal': ['renderer/model', 'renderer/theme', 'shared', ...SIM],
  'renderer/timeline': ['renderer/model', 'renderer/theme', 'shared', ...SIM],
  'renderer/theme': [],
};

/**
 * Single files a layer may use from a layer it otherwise may not. Each is a pure text
 * format with no state, which a program parses as a C program would link a library.
 */
const FILE_EXCEPTIONS: Record<string, readonly string[]> = {
  'sim/programs': ['sim/sched/workload.ts', 'sim/memory/trace.ts', 'sim/proctree/genprogram.ts'],
};

/**
 * What the renderer may run of the simulator: pure functions of data. It may take types
 * from anywhere in src/sim, but code only from the layers under the kernel, from selector
 * files, and from the allocator lab (which replays a trace on the allocator alone). Code
 * that runs a kernel (the kernel, the machine, user space, the other labs) stays out of
 * the page.
 */
const RENDERER_MAY_RUN = UNDER_KERNEL;
const RENDERER_MAY_RUN_FILES = ['sim/labs/memory.ts'];
const isSelectorFile = (file: string) => /(^|\/|-)selectors\.ts$/.test(file);

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const posix = (p: string) => p.split(sep).join('/');

/** Every relative import and re-export in the file, static or dynamic, with whether it brings only types. */
function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const out: Import[] = [];
  const from = posix(relative(SRC, file));
  const add = (spec: string, typeOnly: boolean) => {
    if (!spec.startsWith('.')) return;
    out.push({ from, to: posix(relative(SRC, resolve(dirname(file), spec))), typeOnly });
  };
  const statement = /^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(statement)) {
    const names = m[3].match(/\{([^}]*)\}/);
    const allTypes = names !== null && !/^[\w$]+\s*,/.test(m[3]) && names[1].split(',').every((n) => n.trim() === '' || /^type\s/.test(n.trim()));
    add(m[4], m[2] !== undefined || allTypes);
  }
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) add(m[1], false);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) add(m[1], false);
  return out;
}

/** The folder of a file relative to src/: its directory. */
const folderOf = (file: string) => posix(dirname(file));

/** The layer a folder belongs to: the longest name in LAYERS that contains it. */
function layerOf(folder: string): string | null {
  let best: string | null = null;
  for (const name of Object.keys(LAYERS)) {
    if ((folder === name || folder.startsWith(`${name}/`)) && (best === null || name.length > best.length)) best = name;
  }
  return best;
}

const files = sources(SRC);
const imports = files.flatMap(importsOf);

describe('the layers point one way', () => {
  it('every folder in src/ belongs to a layer', () => {
    const folders = [...new Set(files.map((f) => folderOf(posix(relative(SRC, f)))))];
    expect(folders.filter((f) => layerOf(f) === null)).toEqual([]);
  });

  it('every relative import names a file that exists', () => {
    const missing = imports.filter((i) => !existsSync(join(SRC, i.to)));
    expect(missing.map((i) => `${i.from} -> ${i.to}`)).toEqual([]);
  });

  it('no folder is in an import cycle with another', () => {
    const edges = new Map<string, Set<string>>();
    const example = new Map<string, string>();
    for (const i of imports) {
      const a = folderOf(i.from);
      const b = folderOf(i.to);
      if (a === b) continue;
      if (!edges.has(a)) edges.set(a, new Set());
      edges.get(a)!.add(b);
      example.set(`${a} -> ${b}`, `${i.from} -> ${i.to}`);
    }
    const cycles = stronglyConnected(edges).filter((c) => c.length > 1);
    const explained = cycles.map((c) => {
      const inside = new Set(c);
      return [...example.entries()].filter(([k]) => k.split(' -> ').every((f) => inside.has(f))).map(([, v]) => v);
    });
    expect(explained).toEqual([]);
  });

  it('no file is in a runtime import cycle with another file of its folder', () => {
    // Type-only imports vanish at run time, so only imports that load code count here.
    const edges = new Map<string, Set<string>>();
    for (const i of imports) {
      if (i.typeOnly || folderOf(i.from) !== folderOf(i.to)) continue;
      if (!edges.has(i.from)) edges.set(i.from, new Set());
      edges.get(i.from)!.add(i.to);
    }
    const cycles = stronglyConnected(edges).filter((c) => c.length > 1);
    expect(cycles.map((c) => c.join(' '))).toEqual([]);
  });

  it('each folder imports only the layers below it', () => {
    const wrong: string[] = [];
    for (const i of imports) {
      const a = layerOf(folderOf(i.from));
      const b = layerOf(folderOf(i.to));
      if (a === null || b === null || a === b) continue;
      if (LAYERS[a].includes(b)) continue;
      if (FILE_EXCEPTIONS[a]?.includes(i.to)) continue;
      wrong.push(`${i.from} -> ${i.to} (${a} may import ${LAYERS[a].join(', ') || 'nothing'})`);
    }
    expect(wrong).toEqual([]);
  });

  it('the renderer runs only pure simulator code: selectors, base, abi and the subsystems', () => {
    const wrong = imports
      .filter((i) => i.from.startsWith('renderer/') && i.to.startsWith('sim/') && !i.typeOnly)
      .filter((i) => !isSelectorFile(i.to) && !RENDERER_MAY_RUN_FILES.includes(i.to) && !RENDERER_MAY_RUN.includes(layerOf(folderOf(i.to)) ?? ''))
      .map((i) => `${i.from} -> ${i.to}`);
    expect(wrong).toEqual([]);
  });

  it('a file the exceptions name stays as pure as the exception assumes', () => {
    const allowed = Object.values(FILE_EXCEPTIONS).flat();
    const formats = imports
      .filter((i) => allowed.includes(i.from) && folderOf(i.to) !== folderOf(i.from))
      .filter((i) => !['sim/base', 'sim/abi'].includes(layerOf(folderOf(i.to)) ?? ''));
    const labs = imports
      .filter((i) => RENDERER_MAY_RUN_FILES.includes(i.from) && !i.typeOnly && folderOf(i.to) !== folderOf(i.from))
      .filter((i) => !UNDER_KERNEL.includes(layerOf(folderOf(i.to)) ?? ''));
    expect([...formats, ...labs].map((i) => `${i.from} -> ${i.to}`)).toEqual([]);
  });

  it('the checker sees what it checks: type-only imports, re-exports and cycles', () => {
    // Guards against a parser that silently finds nothing.
    expect(imports.length).toBeGreaterThan(1000);
    expect(imports.some((i) => i.typeOnly)).toBe(true);
    expect(imports.some((i) => i.from === 'sim/fs/index.ts' && i.to === 'sim/fs/types.ts')).toBe(true);
    const loop = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(stronglyConnected(loop).filter((c) => c.length > 1)).toEqual([['a', 'b', 'c']]);
  });
});

/** Tarjan's algorithm: the strongly connected components of a directed graph, each sorted. */
function stronglyConnected(edges: Map<string, Set<string>>): string[][] {
  const nodes = new Set<string>([...edges.keys(), ...[...edges.values()].flatMap((s) => [...s])]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      out.push(comp.sort());
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return out;
}
