import { forkgenBench } from './forkgen.ts';
import { fsBench } from './fs.ts';
import { kernelBench } from './kernel.ts';
import { mallocBench } from './malloc.ts';
import { ostepBench } from './ostep.ts';
import { pipelineBench } from './pipeline.ts';
import { schedBench } from './sched.ts';
import { shellBench } from './shell.ts';
import type { Benchmark } from './types.ts';
import { vmBench } from './vm.ts';

/** Every benchmark, in the order `npm run bench` runs them. */
export const BENCHMARKS: Benchmark[] = [kernelBench, schedBench, mallocBench, fsBench, pipelineBench, shellBench, vmBench, forkgenBench, ostepBench];
