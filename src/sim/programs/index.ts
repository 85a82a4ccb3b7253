import type { Program } from '../abi/program.ts';
import { sh } from '../shell/sh.ts';
import { alloc } from './alloc.ts';
import { cpu, falseProgram, trueProgram } from './basic.ts';
import { cp, ln, mv } from './copyutils.ts';
import { cut } from './cut.ts';
import { mkdir, rm, rmdir, touch } from './fileutils.ts';
import { grep } from './grep.ts';
import { head, tail } from './headtail.ts';
import { init } from './init.ts';
import { ipcrm, ipcs } from './ipctools.ts';
import { job } from './job.ts';
import { ls, stat } from './ls.ts';
import { man } from './man.ts';
import { memtrace } from './memtrace.ts';
import { basename, dirname } from './nameutils.ts';
import { philosophers } from './philosophers.ts';
import { echo, printf, seq, yes } from './printutils.ts';
import { env, kill, nice, ps, sleep } from './procutils.ts';
import { consumer, producer } from './prodcons.ts';
import { sigcatch } from './sigcatch.ts';
import { sort, uniq } from './sort.ts';
import { clear, df, free, fsck, sync, uptime } from './sysutils.ts';
import { forkbomb, io } from './teach.ts';
import { cat, tee, wc } from './textutils.ts';
import { tr } from './tr.ts';

/** Every program the kernel can spawn, by name. */
export const PROGRAMS: Record<string, Program> = {
  init,
  sh,
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
  // The coreutils, and two teaching programs (io, forkbomb).
  ls,
  cat,
  printf,
  mkdir,
  rmdir,
  rm,
  touch,
  cp,
  mv,
  ln,
  stat,
  wc,
  head,
  tail,
  grep,
  sort,
  uniq,
  tr,
  cut,
  seq,
  yes,
  tee,
  kill,
  nice,
  env,
  df,
  free,
  sync,
  fsck,
  basename,
  dirname,
  uptime,
  clear,
  man,
  io,
  forkbomb,
};
