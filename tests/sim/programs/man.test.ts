import { describe, expect, it } from 'vitest';
import { PROGRAMS } from '../../../src/sim/machine/programs.ts';
import { apropos, renderPage } from '../../../src/sim/programs/man.ts';
import { MANPAGES, OSTEP_CHAPTERS } from '../../../src/sim/programs/manpages/index.ts';
import { out, run } from './harness.ts';

const BUILTINS = ['cd', 'pwd', 'exit', 'export', 'unset', 'jobs', 'fg', 'bg', 'wait', 'kill', 'history', 'help', 'type', 'source'];

describe('the manual', () => {
  it('has a page for every program the kernel can spawn', () => {
    expect(Object.keys(PROGRAMS).filter((name) => !Object.hasOwn(MANPAGES, name))).toEqual([]);
  });

  it('has a page for every shell builtin', () => {
    expect(BUILTINS.filter((name) => !Object.hasOwn(MANPAGES, name))).toEqual([]);
    expect(MANPAGES.cd.builtin).toBe(true);
  });

  it('gives every page its sections, an OSTEP chapter, and see-also names that have pages', () => {
    for (const p of Object.values(MANPAGES)) {
      expect(p.summary, p.name).not.toBe('');
      expect(p.synopsis.length, p.name).toBeGreaterThan(0);
      expect(p.description.length, p.name).toBeGreaterThan(0);
      expect(p.examples.length, p.name).toBeGreaterThan(0);
      expect(p.ostep.length, p.name).toBeGreaterThan(0);
      for (const ch of p.ostep) expect(OSTEP_CHAPTERS[ch], `${p.name}: chapter ${ch}`).toBeDefined();
      for (const other of p.seeAlso) expect(Object.hasOwn(MANPAGES, other), `${p.name} -> ${other}`).toBe(true);
    }
  });

  it('relates each command to the chapter that explains it', () => {
    expect(MANPAGES.ps.ostep).toEqual([4, 5]);
    for (const name of ['cat', 'ls', 'ln']) expect(MANPAGES[name].ostep).toContain(39);
    expect(MANPAGES.fsck.ostep).toContain(42);
    expect(MANPAGES.cpu.ostep).toEqual([7, 8, 9]);
    expect(MANPAGES.alloc.ostep).toContain(17);
  });

  it('lays a page out as man does, within the width', () => {
    const text = renderPage(MANPAGES.ls);
    expect(text.split('\n')[0]).toMatch(/^LS\(1\) +Glassbox Manual +LS\(1\)$/);
    const headings = text.split('\n').filter((l) => /^[A-Z]/.test(l));
    expect(headings.slice(1)).toEqual(['NAME', 'SYNOPSIS', 'DESCRIPTION', 'OPTIONS', 'EXAMPLES', 'IN GLASSBOX', 'OSTEP', 'SEE ALSO']);
    expect(text).toContain('\nNAME\n       ls - list directory contents\n');
    expect(text).toContain('\n       -1     one name per line, even on a terminal\n');
    expect(text).toContain('\nOSTEP\n       Chapter 39, "Interlude: Files and Directories"\n');
    for (const page of Object.values(MANPAGES)) {
      for (const line of renderPage(page).split('\n')) expect(line.length, `${page.name}: ${line}`).toBeLessThanOrEqual(80);
    }
  });

  it('searches names and descriptions with -k', () => {
    const hits = apropos('inode');
    expect(hits).toContain('ls (1)               - list directory contents');
    expect(hits).toContain('stat (1)             - display file status');
    expect(apropos('CHDIR').map((l) => l.split(' ')[0])).toContain('cd');
  });
});

describe('man', () => {
  it('prints the pages asked for', () => {
    expect(out(['man', 'cat'])).toBe(renderPage(MANPAGES.cat));
    expect(out(['man', 'true', 'false'])).toBe(`${renderPage(MANPAGES.true)}\n${renderPage(MANPAGES.false)}`);
  });

  it('says so when there is no page, and exits 1', () => {
    expect(run(['man', 'nosuch'])).toEqual({ out: '', err: 'No manual entry for nosuch\n', status: 1 });
    expect(run(['man'])).toEqual({ out: '', err: "What manual page do you want?\nFor example, try 'man man'.\n", status: 1 });
    expect(run(['man', '-k', 'zzzz'])).toEqual({ out: '', err: 'zzzz: nothing appropriate.\n', status: 1 });
  });

  it('lists matching pages with -k', () => {
    const found = out(['man', '-k', 'link']);
    expect(found).toContain('ln (1)               - make links between files\n');
    expect(found).toContain('readlink (1)         - print what a symbolic link holds, or a canonical path\n');
  });
});
