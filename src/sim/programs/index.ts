import type { Program } from '../kernel/runtime.ts';
import { alloc } from './alloc.ts';
import { cpu, echo, falseProgram, ps, sleep, trueProgram } from './basic.ts';
import { init } from './init.ts';
import { ipcrm, ipcs } from './ipctools.ts';
import { job } from './job.ts';
import { memtrace } from './memtrace.ts';
import { minish } from './minish.ts';
import { philosophers } from './philosophers.ts';
import { consumer, producer } from './prodcons.ts';
import { sigcatch } from './sigcatch.ts';

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
  producer,
  consumer,
  philosophers,
  ipcs,
  ipcrm,
  sigcatch,
  memtrace,
  alloc,
};
