import { EBADF, strerror } from '../abi/errno.ts';
import type { OpenSyscallFlags } from '../abi/fs.ts';
import type { FileAction } from '../abi/syscalls.ts';
import * as sys from '../libc/sys.ts';
import type { Redirect } from './ast.ts';
import { expandHereDoc, expandTarget, expandValue } from './globfs.ts';
import type { Shell } from './state.ts';

/**
 * Redirections, two ways. For a command the shell spawns, it opens the files itself and
 * hands the child posix_spawn file actions that put them in place (`planRedirects`); the
 * shell closes its copies right after the spawn, so nothing leaks into later children.
 * For a builtin, which runs inside the shell, it saves the descriptors it is about to
 * replace, redirects its own, and puts them back afterwards (`applyRedirects`).
 */

/** Descriptors from here up are the shell's own, out of the way of `3>file` and the like. */
const HIGH_FD = 10;
const HIGH_FD_END = 32;

export type Plan = { ok: true; actions: FileAction[]; opened: number[] } | { ok: false; message: string };

function openFlags(op: '<' | '>' | '>>' | '&>' | '&>>'): OpenSyscallFlags {
  if (op === '<') return { read: true };
  if (op === '>>' || op === '&>>') return { write: true, create: true, append: true };
  return { write: true, create: true, truncate: true };
}

/** `file: No such file or directory`, as bash words a failed redirection. */
function openError(path: string, errno: number): string {
  return `${path}: ${strerror(errno)}`;
}

/** The fds a redirection names, counting `n>&m`'s source: only numbers from 3 up risk meeting the shell's own. */
function namesHighFd(r: Redirect): boolean {
  if (r.kind === 'both') return false;
  return r.fd >= 3 || (r.kind === 'dup' && typeof r.target === 'number' && r.target >= 3);
}

/**
 * Opens a command's files and lists the file actions for its spawn: first `base` (the pipe
 * ends), then each redirection in source order, then a close of every descriptor the shell
 * opened for it (`temps`: the pipe fds; plus the files) that the command did not ask for.
 * On failure everything opened so far is closed again.
 */
export function* planRedirects(sh: Shell, redirects: Redirect[], base: FileAction[] = [], temps: number[] = []): sys.Sys<Plan> {
  const actions: FileAction[] = [...base];
  const opened: number[] = [];
  const relocate = redirects.some(namesHighFd);
  const fail = function* (message: string): sys.Sys<Plan> {
    for (const fd of opened) yield* release(sh, fd);
    return { ok: false, message };
  };
  for (const r of redirects) {
    if (r.kind === 'dup') {
      if (r.target === 'close') {
        actions.push({ op: 'close', fd: r.fd });
        continue;
      }
      if (!(yield* openInChild(actions, [...temps, ...opened], r.target))) return yield* fail(`${r.target}: ${strerror(EBADF)}`);
      if (r.target !== r.fd) actions.push({ op: 'dup2', fd: r.target, to: r.fd });
      continue;
    }
    let fd: number;
    if (r.kind === 'heredoc' || r.kind === 'herestring') {
      const here = yield* openHere(sh, r);
      if (typeof here === 'string') return yield* fail(here);
      fd = here;
    } else {
      const target = yield* expandTarget(sh, r.target);
      if (!target.ok) return yield* fail(target.message);
      fd = yield* sys.open(target.path, openFlags(r.op));
      if (fd < 0) return yield* fail(openError(target.path, fd));
    }
    if (relocate) fd = yield* hold(sh, fd);
    opened.push(fd);
    for (const to of r.kind === 'both' ? [1, 2] : [r.fd]) if (to !== fd) actions.push({ op: 'dup2', fd, to });
  }
  for (const fd of [...temps, ...opened]) {
    if (!actions.some((a) => a.op === 'dup2' && a.to === fd)) actions.push({ op: 'close', fd });
  }
  return { ok: true, actions, opened };
}

/**
 * The input of a here-document or here-string as an fd open for reading: the text goes to
 * a file in /tmp that is unlinked at once (as bash does), so it needs no reader to drain
 * it and vanishes when the last descriptor closes. Returns an error message on failure.
 */
function* openHere(sh: Shell, r: Extract<Redirect, { kind: 'heredoc' | 'herestring' }>): sys.Sys<number | string> {
  let text: string;
  if (r.kind === 'herestring') {
    const value = yield* expandValue(sh, r.target);
    if (!value.ok) return value.message;
    text = `${value.value}\n`;
  } else if (r.quoted) {
    text = r.body.map((p) => ('text' in p ? p.text : '')).join('');
  } else {
    const value = yield* expandHereDoc(sh, r.body);
    if (!value.ok) return value.message;
    text = value.value;
  }
  const path = `/tmp/sh-thd-${sh.pid}-${sh.hereDocs++ % 1000}`;
  const w = yield* sys.open(path, { write: true, create: true, truncate: true });
  if (w < 0) return `cannot create temp file for here-document: ${strerror(w)}`;
  const written = yield* sys.write(w, text);
  yield* sys.close(w);
  const fd = yield* sys.open(path);
  yield* sys.unlink(path);
  if (written < 0) return `cannot write temp file for here-document: ${strerror(written)}`;
  if (fd < 0) return `cannot open temp file for here-document: ${strerror(fd)}`;
  return fd;
}

/** Whether fd `m` is open in the child once `actions` have run (the shell's temporaries are not). */
function* openInChild(actions: FileAction[], temps: number[], m: number): sys.Sys<boolean> {
  for (let i = actions.length - 1; i >= 0; i--) {
    const a = actions[i];
    if (a.op === 'dup2' && a.to === m) return true;
    if (a.op === 'close' && a.fd === m) return false;
  }
  if (temps.includes(m)) return false;
  return (yield* sys.fstat(m)) !== -EBADF;
}

/** What `applyRedirects` replaced: each fd and the saved copy to put back (null: it was closed before). */
export interface Saved {
  fd: number;
  copy: number | null;
}

/**
 * Redirects the shell's own descriptors for a builtin. Returns what to restore, and an
 * error message when a redirection failed (what was applied before it is still listed).
 */
export function* applyRedirects(sh: Shell, redirects: Redirect[]): sys.Sys<{ saved: Saved[]; error: string | null }> {
  const saved: Saved[] = [];
  const save = function* (fd: number): sys.Sys<void> {
    if (saved.some((s) => s.fd === fd)) return;
    const slot = freeHighFd(sh);
    let copy = slot < 0 ? -EBADF : yield* sys.dup2(fd, slot);
    // A kernel with fewer descriptors than 10 refuses the high slot: any free one will do.
    if (copy < 0) copy = yield* sys.dup(fd);
    if (copy >= 0) sh.held[copy] = true;
    saved.push({ fd, copy: copy >= 0 ? copy : null });
  };
  for (const r of redirects) {
    const targets = r.kind === 'both' ? [1, 2] : [r.fd];
    for (const fd of targets) yield* save(fd);
    if (r.kind === 'dup') {
      if (r.target === 'close') {
        yield* sys.close(r.fd);
      } else if (r.target !== r.fd && (yield* sys.dup2(r.target, r.fd)) < 0) {
        return { saved, error: `${r.target}: ${strerror(EBADF)}` };
      }
      continue;
    }
    let fd: number;
    if (r.kind === 'heredoc' || r.kind === 'herestring') {
      const here = yield* openHere(sh, r);
      if (typeof here === 'string') return { saved, error: here };
      fd = here;
    } else {
      const target = yield* expandTarget(sh, r.target);
      if (!target.ok) return { saved, error: target.message };
      fd = yield* sys.open(target.path, openFlags(r.op));
      if (fd < 0) return { saved, error: openError(target.path, fd) };
    }
    for (const to of targets) if (to !== fd) yield* sys.dup2(fd, to);
    if (!targets.includes(fd)) yield* sys.close(fd);
  }
  return { saved, error: null };
}

/** Puts back what `applyRedirects` replaced, last first. */
export function* restoreRedirects(sh: Shell, saved: Saved[]): sys.Sys<void> {
  for (const s of [...saved].reverse()) {
    if (s.copy === null) {
      yield* sys.close(s.fd);
    } else {
      yield* sys.dup2(s.copy, s.fd);
      yield* release(sh, s.copy);
    }
  }
}

/** Moves a descriptor the shell opened up to 10 or above, where a command's own fd numbers will not meet it. */
export function* hold(sh: Shell, fd: number): sys.Sys<number> {
  const slot = freeHighFd(sh);
  if (slot < 0 || fd >= HIGH_FD) return fd;
  if ((yield* sys.dup2(fd, slot)) < 0) return fd;
  yield* sys.close(fd);
  sh.held[slot] = true;
  return slot;
}

/** Closes a descriptor the shell opened for itself. */
export function* release(sh: Shell, fd: number): sys.Sys<void> {
  yield* sys.close(fd);
  delete sh.held[fd];
}

function freeHighFd(sh: Shell): number {
  for (let fd = HIGH_FD; fd < HIGH_FD_END; fd++) if (!sh.held[fd]) return fd;
  return -1;
}
