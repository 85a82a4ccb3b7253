import { nextInt, seedRng } from '../base/rng.ts';
import { runReferences } from '../vm/lab.ts';
import { REPLACEMENT_POLICIES, type ReplacementPolicy } from '../vm/replacement.ts';

/**
 * The paging lab: one reference string under 2 to 4 replacement policies side by side,
 * through the pager's own replacement code, so the compare mode can show each policy's
 * frames after every access and its hit rate. RAND draws from a generator seeded here,
 * the same for every run. It touches no kernel.
 */
export const PAGING_LAB_MAX_REFS = 100_000;
/** Steps kept with their frame contents (for the step table); counts cover the whole string. */
export const PAGING_LAB_STEPS = 500;

export interface PagingLabRun {
  policy: ReplacementPolicy;
  hits: number;
  misses: number;
  /** Misses after each access (index i: after access i), for the fault curve. */
  missCurve: number[];
  steps: Array<{ page: number; hit: boolean; victim: number | null; memory: number[] }>;
}

export interface PagingLab {
  refs: number[];
  frames: number;
  runs: PagingLabRun[];
}

/** Page numbers separated by commas or spaces: "1,2,3,1" or "1 2 3 1". */
export function parseReferences(text: string): number[] | { error: string } {
  const words = text.split(/[\s,]+/).filter((w) => w !== '');
  if (words.length === 0) return { error: 'the reference string is empty' };
  if (words.length > PAGING_LAB_MAX_REFS) return { error: `at most ${PAGING_LAB_MAX_REFS} references` };
  const refs: number[] = [];
  for (const w of words) {
    if (!/^\d{1,7}$/.test(w)) return { error: `"${w.slice(0, 20)}" is not a page number` };
    refs.push(Number(w));
  }
  return refs;
}

export function pagingLab(text: string, frames: number, policies: readonly ReplacementPolicy[], opts: { useBits?: number; seed?: number } = {}): PagingLab | { error: string } {
  const refs = parseReferences(text);
  if (!Array.isArray(refs)) return refs;
  if (!Number.isInteger(frames) || frames < 1 || frames > 1024) return { error: 'frames must be from 1 to 1024' };
  const bad = policies.find((p) => !REPLACEMENT_POLICIES.includes(p));
  if (bad) return { error: `unknown policy ${bad}` };
  const runs = policies.map((policy) => {
    const rng = seedRng(opts.seed ?? 1);
    let misses = 0;
    const missCurve: number[] = [];
    const full = runReferences(refs, { policy, frames, useBits: opts.useBits ?? 1, draw: (n) => nextInt(rng, n), record: true });
    const steps = full.steps.slice(0, PAGING_LAB_STEPS).map((s) => ({ page: s.page, hit: s.hit, victim: s.victim, memory: s.memory }));
    for (const s of full.steps) {
      if (!s.hit) misses++;
      missCurve.push(misses);
    }
    return { policy, hits: full.hits, misses: full.misses, missCurve, steps };
  });
  return { refs, frames, runs };
}
