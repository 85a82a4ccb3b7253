import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readText } from '../../src/cli/io.ts';
import { escapeForTerminal } from '../../src/cli/terminal-text.ts';
import { describeErrors, parseScenario } from '../../src/shared/scenario.ts';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'glassbox.cjs');
const dir = mkdtempSync(join(tmpdir(), 'glassbox-cli-'));

function glassbox(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function scenario(name: string, body: object): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ glassbox: 1, ...body }));
  return path;
}

describe('glassbox run refuses what it cannot sensibly read', () => {
  it('/dev/zero: a clear message and exit status 2, before reading a byte', () => {
    const r = glassbox(['run', '/dev/zero']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not a regular file/);
  });

  it.each([
    [dir, /is a directory/],
    [join(dir, 'missing.json'), /no such file/],
    ['/dev/null', /not a regular file/],
  ])('%s is refused with %s', (path, message) => {
    const r = readText(path);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it('a scenario naming a program that does not exist is an error, not skipped', () => {
    expect(parseScenario(JSON.stringify({ glassbox: 1, processes: [{ program: 'nosuch' }] }))).toMatchObject({
      ok: false,
      errors: [{ field: 'processes[0].program' }],
    });
  });

  it('an unknown key anywhere under kernel is an error that names it', () => {
    const r = parseScenario(JSON.stringify({ glassbox: 1, kernel: { limits: { maxProcs: 64 }, deep: [[[]]], heap: { sise: 1 } } }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(describeErrors(r.errors)).toMatch(/kernel.*deep[\s\S]*sise|kernel.*sise[\s\S]*deep/);
  });
});

describe('glassbox run says what its figures leave out', () => {
  it('processes over the limit: the report says how many were not started and why', () => {
    const processes = Array.from({ length: 200 }, () => ({ program: 'cpu', argv: ['cpu', '2'] }));
    const r = glassbox(['run', scenario('over-limit.json', { kernel: { limits: { maxProcs: 64 } }, processes }), '--json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.notices.join('\n')).toMatch(/\d+ of the scenario's processes not started: the process limit \(kernel.limits.maxProcs\) is 64/);
    expect(r.stderr).toMatch(/not started/);
  });

  it('a run that hits the tick cap says so, and counts the ticks it ran', () => {
    const r = glassbox(['run', scenario('cap.json', { processes: [{ program: 'cpu', argv: ['cpu', '999999999999999'] }] }), '--json']);
    const report = JSON.parse(r.stdout);
    expect(report.ticks).toBe(1_000_000);
    expect(report.cpuUtilisation).toBeLessThanOrEqual(1);
    expect(report.cpuUtilisation).toBeGreaterThan(0.99);
    expect(report.notices.join('\n')).toMatch(/stopped at the cap of 1,000,000 ticks/);
  });

  it('a scenario name with escape sequences reaches the report inert', () => {
    const r = glassbox(['run', scenario('osc.json', { name: 'clip\u001b]52;c;aGk=\u0007board', processes: [{ program: 'true' }] })]);
    expect(r.stdout).toContain('Scenario: clip^[]52;c;aGk=^Gboard');
    expect(r.stdout).not.toContain('\u001b');
  });
});

describe('glassbox run gives all of a long output, and stops when its reader does', () => {
  const script = join(dir, 'seq.sh');
  writeFileSync(script, 'seq 1 60000\n');

  it('prints every line, though the terminal keeps only its last few hundred kilobytes', () => {
    const r = glassbox(['run', script]);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual(['1', '2']);
    expect(lines.length).toBe(60001);
    expect(lines[59999]).toBe('60000');
  });

  it('as JSON, says that the terminal field holds only the end', () => {
    const r = glassbox(['run', '--json', script]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).notices).toEqual([expect.stringMatching(/holds the end of the output/)]);
  });

  it('a reader that goes away ends it quietly, with the status SIGPIPE gives', () => {
    const pipeline = `set -o pipefail; "${process.execPath}" "${bin}" run "${script}" | head -n 1`;
    const r = spawnSync('bash', ['-c', pipeline], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout).toBe('1\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(141);
  });
});

describe('text on its way to the host terminal', () => {
  it('plain text, line ends, tabs and colour pass unchanged', () => {
    const plain = 'total 3\n\tname\r\n\u001b[1;31mred\u001b[0m ünïcode ✓';
    expect(escapeForTerminal(plain)).toBe(plain);
  });

  it.each([
    ['OSC 52 (the clipboard)', '\u001b]52;c;aGk=\u0007', '^[]52;c;aGk=^G'],
    ['a window title', '\u001b]0;pwned\u001b\\', '^[]0;pwned^[\\'],
    ['a cursor move in a report', '\u001b[2J', '^[[2J'],
    ['a C1 CSI', '\u009b31m', '\\x9b31m'],
    ['NUL and DEL', '\u0000\u007f', '^@^?'],
  ])('%s is shown in caret notation', (_what, raw, shown) => {
    expect(escapeForTerminal(raw)).toBe(shown);
  });

  it('interactive mode keeps the cursor movement a line editor needs, and still stops OSC', () => {
    expect(escapeForTerminal('\u001b[2K\u001b[5D\u0007', 'interactive')).toBe('\u001b[2K\u001b[5D\u0007');
    expect(escapeForTerminal('\u001b]52;c;aGk=\u0007', 'interactive')).toBe('^[]52;c;aGk=\u0007');
  });
});
