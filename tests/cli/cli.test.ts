import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'glassbox.cjs');

function glassbox(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, input, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the glassbox command', () => {
  it('runs a scenario headless and prints per-process metrics', () => {
    const r = glassbox(['run', 'resources/scenarios/07-round-robin.json']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Ticks: 60 +CPU utilisation: 100.0%/);
    expect(r.stdout).toMatch(/\n\s+4\s+0\s+8\s+34\s+10\s+8\s+34\s+24\s+exit 0\s+cpu 10\n/);
  });

  it('prints JSON with --json and stops at --until', () => {
    const r = glassbox(['run', 'resources/scenarios/07-round-robin.json', '--json', '--until', '20']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.ticks).toBe(20);
    expect(report.processes.filter((p: { finish: number | null }) => p.finish === null)).toHaveLength(4);
  });

  it('reports the heap, the pager and the file system as the views and vmstat, df and pmap show them', () => {
    const r = glassbox(['run', 'resources/scenarios/17-no-coalescing.json', '--json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    // OSTEP 17: without coalescing the 256-byte heap ends as four 64-byte pieces, and malloc(200) failed.
    expect(report.heap).toMatchObject({ heapSize: 256, inUse: 0, freeBytes: 256, freeBlocks: 4, largestFree: 64, externalFragmentation: 0.75, failed: 1, totalSearched: 8 });
    const clock = JSON.parse(glassbox(['run', 'resources/scenarios/22-clock-few-frames.json', '--json']).stdout);
    // The figures vmstat printed at the end are the report's.
    const vmstat = clock.terminal.slice(clock.terminal.lastIndexOf('scheme '));
    expect(vmstat).toContain(`faults ${String(clock.vm.minorFaults).padStart(8)} minor ${String(clock.vm.majorFaults).padStart(6)} major`);
    // memtouch's 6 first touches and 30 swap-ins, and the entry pages of init's, the shell's, memtouch's and vmstat's code
    // (4 more minor faults and TLB misses; 3 of those code pages were evicted to make room, dropped rather than written).
    expect(clock.vm).toMatchObject({ minorFaults: 10, majorFaults: 30, evictions: 35, frames: 5, freeFrames: 5, tlbHits: 0, tlbMisses: 40, tlbHitRate: '0.0%', codeFrames: 0 });
    const files = JSON.parse(glassbox(['run', 'resources/scenarios/39-files-and-links.json', '--json']).stdout);
    // df -i at the end of the example: 10 of 32 inodes in use.
    expect(files.terminal).toMatch(/rootfs +32 +10 +22/);
    expect(files.fs).toMatchObject({ inodes: 32, inodesUsed: 10, journal: 'ordered' });
    const text = glassbox(['run', 'resources/scenarios/17-no-coalescing.json']).stdout;
    expect(text).toContain('Heap: 0 of 256 B in use (0 asked for), 256 B free in 4 blocks, largest 64 B; fragmentation internal 0.0%, external 75.0%; 8 free-list elements searched; 1 failed');
  });

  it("reports Jain's fairness under a proportional-share policy: stride gives exactly each job its share", () => {
    const report = JSON.parse(glassbox(['run', 'resources/scenarios/09-stride.json', '--json', '--until', '80']).stdout);
    expect(report.fairness).toBeCloseTo(1, 9);
    expect(JSON.parse(glassbox(['run', 'resources/scenarios/07-round-robin.json', '--json', '--until', '20']).stdout).fairness).toBeNull();
  });

  it('names the signal that killed a process as the kernel events and the shell do', () => {
    const report = JSON.parse(glassbox(['run', 'resources/scenarios/05-signals-and-job-control.json', '--json']).stdout);
    const status = Object.fromEntries(report.processes.map((p: { pid: number; status: string }) => [p.pid, p.status]));
    expect(status).toMatchObject({ 3: 'killed by SIGINT', 4: 'killed by SIGTERM', 7: 'exit 130' });
  });

  it('names the bad field of an invalid scenario and exits with status 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'glassbox-cli-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ glassbox: 1, kernel: { sched: { policy: 'rr', quantum: 0 } } }));
    const r = glassbox(['run', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('kernel.sched.quantum');
    expect(glassbox(['run', join(dir, 'missing.json')]).stderr).toContain('no such file');
  });

  it('prints its version and its help, and nothing else', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const v = glassbox(['--version']);
    expect(v.status).toBe(0);
    expect(v.stdout).toBe(`${pkg.version}\n`);
    const h = glassbox(['--help']);
    expect(h.status).toBe(0);
    for (const sub of ['run', 'shell', 'conform', 'bench', 'web']) expect(h.stdout).toContain(sub);
  });

  it('decides between scenario and script by content, not by the first character', () => {
    const dir = mkdtempSync(join(tmpdir(), 'glassbox-cli-'));
    const script = join(dir, 'group.sh');
    writeFileSync(script, '{ echo a; echo b; } | wc -l\necho ran as a script\n');
    const r = glassbox(['run', script]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('ran as a script');
    expect(r.stderr).not.toContain('scenario');
    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{ "glassbox": 1, ');
    const bad = glassbox(['run', notJson]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/broken\.json is not a scenario: not valid JSON/);
  });

  it('rejects unknown commands and bad options with status 2', () => {
    expect(glassbox(['frobnicate']).status).toBe(2);
    expect(glassbox(['run', 'resources/scenarios/07-round-robin.json', '--until', 'soon']).status).toBe(2);
  });

  it('answers conformance problems on stdin, and reports unknown simulators as errors', () => {
    const r = glassbox(['conform', 'no-such-sim'], '{}');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).error).toMatch(/not supported/);
    const bad = glassbox(['conform', 'no-such-sim', '--batch'], '{ nope');
    expect(JSON.parse(bad.stdout).error).toMatch(/not valid JSON/);
  });

  it('runs the simulated terminal with input from a pipe', () => {
    const r = glassbox(['shell', '--speed', '5000'], 'echo piped\nps\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('piped\r\n');
    expect(r.stdout).toMatch(/init sh/);
  });

  it('runs a shell script headless, printing what the terminal showed and exiting with its status', () => {
    const dir = mkdtempSync(join(tmpdir(), 'glassbox-cli-'));
    const file = join(dir, 'demo.sh');
    writeFileSync(file, 'echo one > /tmp/x\ncat /tmp/x | tr a-z A-Z\nls /nope\necho "status $?"\nexit 3\n');
    const r = glassbox(['run', file]);
    expect(r.stdout).toBe("ONE\nls: cannot access '/nope': No such file or directory\nstatus 2\n");
    expect(r.status).toBe(3);
  });

  it('gives a script HOME, and exits 128+n when a signal kills its shell', () => {
    const dir = mkdtempSync(join(tmpdir(), 'glassbox-cli-'));
    const home = join(dir, 'home.sh');
    writeFileSync(home, 'cd && pwd && echo "$HOME"\n');
    expect(glassbox(['run', home])).toMatchObject({ stdout: '/\n/\n', status: 0 });
    const killed = join(dir, 'killed.sh');
    writeFileSync(killed, 'echo before\nkill -TERM $$\necho after\n');
    const r = glassbox(['run', killed]);
    expect(r.stdout).toBe('before\n');
    expect(r.status).toBe(128 + 15);
  });
});
