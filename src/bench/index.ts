import { fsBench } from './fs.ts';
import { kernelBench } from './kernel.ts';
import { mallocBench } from './malloc.ts';
import { schedBench } from './sched.ts';
import type { Benchmark } from './types.ts';

/** Every benchmark, in the order `npm run bench` runs them. */
export const BENCHMARKS: Benchmark[] = [kernelBench, fsBench, schedBench, mallocBench];
