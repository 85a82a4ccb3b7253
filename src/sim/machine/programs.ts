import type { Program } from '../abi/program.ts';
import { alloc } from '../programs/alloc.ts';
import { cpu, falseProgram, trueProgram } from '../programs/basic.ts';
import { chmod } from '../programs/chmod.ts';
import { cp, ln, mv } from '../programs/copyutils.ts';
import { cut } from '../programs/cut.ts';
import { diff } from '../programs/diff.ts';
import { mkdir, rm, rmdir, touch } from '../programs/fileutils.ts';
import { grep } from '../programs/grep.ts';
import { head, tail } from '../programs/headtail.ts';
import { init } from '../programs/init.ts';
import { ipcrm, ipcs } from '../programs/ipctools.ts';
import { job } from '../programs/job.ts';
import { readlink } from '../programs/linkutils.ts';
import { ls, stat } from '../programs/ls.ts';
import { man } from '../programs/man.ts';
import { memtrace } from '../programs/memtrace.ts';
import { basename, dirname } from '../programs/nameutils.ts';
import { philosophers } from '../programs/philosophers.ts';
import { echo, printf, seq, yes } from '../programs/printutils.ts';
import { find } from '../programs/find.ts';
import { sed } from '../programs/sed.ts';
import { date, expr, nl, paste, rev, uname } from '../programs/textmore.ts';
import { xargs } from '../programs/xargs.ts';
import { cpus, env, kill, nice, ps, sleep, workset } from '../programs/procutils.ts';
import { consumer, producer } from '../programs/prodcons.ts';
import { sigcatch } from '../programs/sigcatch.ts';
import { sort, uniq } from '../programs/sort.ts';
import { clear, df, free, fsck, heapinfo, sync, uptime } from '../programs/sysutils.ts';
import { forkbomb, io } from '../programs/teach.ts';
import { forkgen } from '../programs/forkgen.ts';
import { stty, tput } from '../programs/termutils.ts';
import { cat, tee, wc } from '../programs/textutils.ts';
import { tr } from '../programs/tr.ts';
import { kswapd, memtouch, memtouchChild, pmap, segfault, vmstat } from '../programs/vmtools.ts';
import { sh } from '../shell/sh.ts';

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
  cpus,
  stty,
  tput,
  job,
  producer,
  consumer,
  philosophers,
  ipcs,
  ipcrm,
  sigcatch,
  memtrace,
  alloc,
  // Virtual memory: reference patterns, address spaces, the pager's counters, SIGSEGV, the swap daemon.
  memtouch,
  'memtouch-child': memtouchChild,
  pmap,
  vmstat,
  segfault,
  kswapd,
  // The coreutils, and three teaching programs (io, forkbomb, forkgen).
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
  readlink,
  chmod,
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
  workset,
  env,
  df,
  free,
  heapinfo,
  sync,
  fsck,
  basename,
  dirname,
  uptime,
  clear,
  man,
  // Tools scripts reach for.
  sed,
  find,
  xargs,
  expr,
  date,
  uname,
  rev,
  nl,
  diff,
  paste,
  io,
  forkbomb,
  forkgen,
};
