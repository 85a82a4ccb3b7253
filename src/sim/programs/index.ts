import type { Program } from '../kernel/runtime.ts';
import { alloc } from './alloc.ts';
import { cpu, echo, falseProgram, ps, sleep, trueProgram } from './basic.ts';
import { init } from './init.ts';
import { job } from './job.ts';
import { memtrace } from './memtrace.ts';
import { minish } from './minish.ts';

/** Every program the kernel can spawn, by name. */
export const PROGRAMS: Record<string, Program> = {
  init,
  sh: minish,
  echo,
  cpu,
  sleep,
  true: trueProgram,
  false: falseProgram,
  ps,
  job,
  memtrace,
  alloc,
};
