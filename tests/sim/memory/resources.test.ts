import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ReplayStep, replayTrace } from '../../../src/sim/memory/replay.ts';
import { parseTrace, type TraceOp } from '../../../src/sim/memory/trace.ts';
import type { HeapConfig } from '../../../src/sim/memory/types.ts';

const DIR = join(import.meta.dirname, '..', '..', '..', 'resources', 'traces');

function load(name: string): TraceOp[] {
  const parsed = parseTrace(readFileSync(join(DIR, name), 'utf8'));
  if ('error' in parsed) throw new Error(`${name}: ${parsed.error}`);
  return parsed.ops;
}

function replay(name: string, config: Partial<HeapConfig>): ReplayStep[] {
  const r = replayTrace({ base: 0, headerSize: 0, align: 1, minSplit: 1, historyCap: 0, ...config }, load(name));
  if ('error' in r) throw new Error(r.error);
  return r.steps;
}

const last = (steps: ReplayStep[]) => steps[steps.length - 1];

describe('the example traces in resources/traces', () => {
  it('all parse', () => {
    for (const name of readdirSync(DIR).filter((f) => /\.(ops|rep)$/.test(f))) expect(load(name).length).toBeGreaterThan(0);
  });

  it('first-vs-best: best fit keeps the big hole for the last request; first fit has carved it', () => {
    expect(last(replay('first-vs-best.ops', { size: 100, policy: 'first' })).result).toBeLessThan(0);
    expect(last(replay('first-vs-best.ops', { size: 100, policy: 'best' })).result).toBe(0);
  });

  it('coalesce: the final request fits only when freed neighbours are merged', () => {
    expect(last(replay('coalesce.ops', { size: 300, coalesce: 'none' })).result).toBeLessThan(0);
    expect(last(replay('coalesce.ops', { size: 300, coalesce: 'immediate' })).result).toBe(0);
    expect(last(replay('coalesce.ops', { size: 300, coalesce: 'list' })).result).toBe(0);
  });

  it('fragment: half the heap is free, in holes too small for the request', () => {
    const steps = replay('fragment.ops', { size: 256, coalesce: 'immediate' });
    expect(last(steps).result).toBeLessThan(0);
    expect(last(steps).metrics).toMatchObject({ freeBytes: 128, largestFree: 16, freeBlocks: 8 });
  });

  it('next-fit: first fit packs the small requests into the first hole, next fit into the top one', () => {
    const addrs = (policy: 'first' | 'next') =>
      replay('next-fit.ops', { size: 100, policy })
        .slice(-4)
        .map((s) => s.result);
    expect(addrs('first')).toEqual([0, 5, 10, 15]);
    expect(addrs('next')).toEqual([80, 85, 90, 95]);
  });

  it('realloc: the buffer grows in place until a block sits above it, then moves', () => {
    const texts = replay('realloc.rep', { base: 0x1000, size: 4096, headerSize: 8, align: 8, minSplit: 16 }).map((s) => s.text);
    expect(texts.filter((t) => t.includes('(in place)')).length).toBeGreaterThan(0);
    expect(texts.some((t) => t.includes('(moved)'))).toBe(true);
  });
});
