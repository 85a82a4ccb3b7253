import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Placement } from '../../../src/sim/abi/heap.ts';
import { compareHeapConfigs, type HeapLab, LAB_UNTRACKED, type LabRunOk, labMetricsAt } from '../../../src/sim/labs/memory.ts';
import { replayTrace } from '../../../src/sim/memory/replay.ts';
import { formatOstepOps, parseTrace, randomTrace } from '../../../src/sim/memory/trace.ts';
import type { HeapConfig } from '../../../src/sim/memory/types.ts';

const TRACES = join(import.meta.dirname, '..', '..', '..', 'resources', 'traces');
const trace = (name: string) => readFileSync(join(TRACES, name), 'utf8');
/** malloc.py's toy heap: 100 bytes at 0, no header, no alignment. */
const TOY: Partial<HeapConfig> = { base: 0, size: 100, headerSize: 0, align: 1, minSplit: 1 };
const POLICIES: Placement[] = ['first', 'next', 'best', 'worst'];

function lab(text: string, configs: Partial<HeapConfig>[], limits = {}): HeapLab {
  const r = compareHeapConfigs(text, configs, limits);
  if ('error' in r) throw new Error(r.error);
  return r;
}

function ok(r: HeapLab, i: number): LabRunOk {
  const run = r.runs[i];
  if (run.error !== null) throw new Error(run.error);
  return run;
}

/** A layout's blocks as [addr, size, tag] triples. */
function blocks(layout: number[]): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let i = 0; i < layout.length; i += 4) out.push([layout[i], layout[i + 1], layout[i + 3]]);
  return out;
}

describe('compareHeapConfigs', () => {
  it('first-vs-best under the four policies: first and worst fit fail the last request, next and best fit place it', () => {
    const r = lab(
      trace('first-vs-best.ops'),
      POLICIES.map((policy) => ({ ...TOY, policy })),
    );
    expect(r.ops).toEqual([
      'ptr[0] = malloc(40)',
      'ptr[1] = malloc(10)',
      'ptr[2] = malloc(20)',
      'ptr[3] = malloc(10)',
      'free(ptr[0])',
      'free(ptr[2])',
      'ptr[4] = malloc(15)',
      'ptr[5] = malloc(35)',
    ]);
    expect(r.runs.map((run) => run.name)).toEqual([
      'first fit · address-ordered · immediate coalescing',
      'next fit · address-ordered · immediate coalescing',
      'best fit · address-ordered · immediate coalescing',
      'worst fit · address-ordered · immediate coalescing',
    ]);
    // The 15-byte request: first and worst fit carve the 40-byte hole, best fit takes the 20-byte one.
    expect(r.runs.map((_, i) => ok(r, i).outcomes[6].text)).toEqual([
      'returned 0, searched 1',
      'returned 80, searched 1',
      'returned 50, searched 3',
      'returned 0, searched 3',
    ]);
    expect(r.runs.map((_, i) => ok(r, i).outcomes[7])).toEqual([
      { text: 'failed: ENOMEM, searched 3', ok: false },
      { text: 'returned 0, searched 2', ok: true },
      { text: 'returned 0, searched 3', ok: true },
      { text: 'failed: ENOMEM, searched 3', ok: false },
    ]);
    const end = r.ops.length;
    const at = (i: number) => labMetricsAt(ok(r, i), end);
    expect(at(0)).toMatchObject({ inUse: 35, freeBytes: 65, largestFree: 25, failed: 1, totalSearched: 8 });
    expect(at(2)).toMatchObject({ inUse: 70, freeBytes: 30, largestFree: 20, failed: 0, totalSearched: 10 });
    expect(at(0).externalFragmentation).toBeCloseTo(1 - 25 / 65);
    expect(at(2).externalFragmentation).toBeCloseTo(1 - 20 / 30);
  });

  it('keeps a metric series per configuration, from the empty heap to the last step, equal to a plain replay', () => {
    const text = trace('coalesce.ops');
    const configs: Partial<HeapConfig>[] = [
      { ...TOY, size: 300, coalesce: 'none' },
      { ...TOY, size: 300, coalesce: 'immediate' },
    ];
    const r = lab(text, configs);
    const ops = parseTrace(text);
    if ('error' in ops) throw new Error(ops.error);
    configs.forEach((config, i) => {
      const plain = replayTrace(config, ops.ops);
      if ('error' in plain) throw new Error(plain.error);
      const run = ok(r, i);
      expect(run.metrics.freeBytes).toEqual([300, ...plain.steps.map((s) => s.metrics.freeBytes)]);
      expect(run.metrics.externalFragmentation).toEqual([0, ...plain.steps.map((s) => s.metrics.externalFragmentation)]);
      expect(run.metrics.lastSearched).toEqual([0, ...plain.steps.map((s) => s.metrics.lastSearched)]);
    });
    expect(ok(r, 0).outcomes.at(-1)?.ok).toBe(false);
    expect(ok(r, 1).outcomes.at(-1)?.ok).toBe(true);
    // Without coalescing, three 100-byte holes (listed by address); with it, one 300-byte block.
    expect(blocks(ok(r, 0).layouts[6])).toEqual([
      [0, 100, -1],
      [100, 100, -2],
      [200, 100, -3],
    ]);
    expect(blocks(ok(r, 1).layouts[6])).toEqual([[0, 300, -1]]);
  });

  it('tags each allocated block with its pointer id, following reallocs that move', () => {
    const r = lab('a 0 16\nr 0 32\na 1 8\nr 0 64\nf 1\n', [{ base: 0, size: 256, headerSize: 8, align: 8, minSplit: 16 }, { base: 0, size: 256, headerSize: 8, align: 8, policy: 'best' }]);
    const run = ok(r, 0);
    expect(run.outcomes.map((o) => o.text)).toEqual([
      'returned 0, searched 1',
      'returned 0 (in place), searched 0',
      'returned 40, searched 1',
      'returned 56 (moved), searched 1',
      'returned 0',
    ]);
    expect(blocks(run.layouts[4])).toEqual([
      [0, 40, -1],
      [40, 16, 1],
      [56, 72, 0],
      [128, 128, -2],
    ]);
    // Each block: [addr, size, request, tag], so payload and padding can be drawn.
    expect(run.layouts[4].slice(8, 12)).toEqual([56, 72, 64, 0]);
  });

  it('marks a block whose pointer id the trace reused as untracked', () => {
    const r = lab('a 0 8\na 0 8\n', [TOY, TOY]);
    expect(blocks(ok(r, 0).layouts[2])).toEqual([
      [0, 8, LAB_UNTRACKED],
      [8, 8, 0],
      [16, 84, -1],
    ]);
  });

  it('gives an invalid configuration its own error and runs the others', () => {
    const r = lab('+10,-0', [{ ...TOY, design: 'buddy' }, TOY, { ...TOY, design: 'segregated', classes: [8, 32] }]);
    expect(r.runs[0]).toMatchObject({ config: null, error: 'heap.size: must be a multiple of minBlock (16) for the buddy design' });
    expect(ok(r, 1).outcomes).toHaveLength(2);
    expect(ok(r, 2).name).toBe('segregated fits · 3 classes · immediate coalescing');
  });

  it('describes the buddy design and replays it', () => {
    const r = lab('+10,+30,-0', [
      { base: 0, size: 128, headerSize: 0, design: 'buddy', minBlock: 16 },
      { base: 0, size: 128, headerSize: 0 },
    ]);
    expect(ok(r, 0).name).toBe('buddy · min block 16 B · immediate coalescing');
    // The buddy system rounds 10 up to 16 and 30 up to 32: padding inside the blocks.
    expect(labMetricsAt(ok(r, 0), 2)).toMatchObject({ inUse: 48, payload: 40, paddingBytes: 8 });
  });

  it('rejects a trace that does not parse, an empty one, and one that is too long', () => {
    expect(compareHeapConfigs('+10,x', [TOY, TOY])).toEqual({ error: expect.stringContaining('op 2 ("x")') });
    expect(compareHeapConfigs('# nothing\n', [TOY, TOY])).toEqual({ error: 'the trace has no operations' });
    expect(compareHeapConfigs('+1,+1,+1', [TOY, TOY], { maxOps: 2 })).toEqual({ error: expect.stringContaining('at most 2') });
  });

  it('caps the block layouts at a number of steps, and at a number of blocks, and says so', () => {
    const ops = randomTrace({ seed: 7, ops: 300, maxSize: 40, maxLive: 40 });
    const text = formatOstepOps(ops) as string;
    const configs = POLICIES.map((policy) => ({ base: 0, size: 4096, headerSize: 8, align: 8, policy }));
    const bySteps = lab(text, configs, { layoutSteps: 50 });
    expect(bySteps.layoutSteps).toBe(50);
    expect(ok(bySteps, 0).layouts).toHaveLength(51);
    expect(ok(bySteps, 0).metrics.inUse).toHaveLength(301);
    expect(bySteps.note).toBe('Block layouts are kept for the first 50 of 300 steps; metrics cover every step.');

    const byBlocks = lab(text, configs, { layoutBlocks: 2000 });
    expect(byBlocks.layoutSteps).toBeLessThan(300);
    const kept = byBlocks.runs.reduce((n, run) => n + (run.error === null ? run.layouts.flat().length / 4 : 0), 0);
    expect(kept).toBeLessThanOrEqual(2000);
    expect(ok(byBlocks, 3).layouts).toHaveLength(byBlocks.layoutSteps + 1);
    expect(byBlocks.note).toMatch(/at most 2,000 blocks in all/);

    expect(lab(text, configs).note).toBeNull();
  });

  it('is deterministic and plain data', () => {
    const text = formatOstepOps(randomTrace({ seed: 3, ops: 200, maxSize: 64 })) as string;
    const configs = POLICIES.map((policy) => ({ base: 0, size: 2048, policy }));
    const a = lab(text, configs);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(lab(text, configs)).toEqual(a);
  });
});
