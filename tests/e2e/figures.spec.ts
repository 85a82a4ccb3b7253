import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { currentTick, openApp } from './helpers.ts';

/**
 * Every figure the heap, virtual memory, files and process views show at the end of an
 * example agrees with `glassbox run --json` on the same example at the same tick, and,
 * where the example mirrors one of the book's, with the book's arithmetic.
 */

const root = join(import.meta.dirname, '..', '..');
const dir = join(root, 'resources', 'scenarios');

interface Report {
  ticks: number;
  terminal: string;
  processes: { pid: number; command: string; status: string; finish: number | null; cpu: number; arrival: number; response: number | null; wait: number }[];
  heap: Record<string, number>;
  vm: Record<string, number> & { tlbHitRate: string | null };
  fs: { dataBlocks: number; dataBlocksUsed: number; inodes: number; inodesUsed: number; blockWrites: number; commits: number; checkpoints: number; journal: string };
}

function cli(file: string, until?: number): Report {
  const args = [join(root, 'bin', 'glassbox.cjs'), 'run', join(dir, file), '--json', ...(until === undefined ? [] : ['--until', String(until)])];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Report;
}

const examples = (re: RegExp) => readdirSync(dir).filter((f) => re.test(f));
const nameOf = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')).name as string;

/** Opens the example, runs it past `tick`, pauses and goes back to exactly `tick`. */
async function openAt(page: Page, file: string, tick: number): Promise<void> {
  await openApp(page);
  await page.getByTestId('examples').selectOption({ label: nameOf(file) });
  await expect(page.getByTestId('scenario-name')).toHaveText(nameOf(file));
  await page.getByLabel('Speed in ticks per second').selectOption('100000');
  await page.getByTestId('play').click();
  await expect.poll(() => currentTick(page), { timeout: 30_000 }).toBeGreaterThan(tick);
  await page.getByTestId('play').click();
  await page.getByLabel('Scrub through time').fill(String(tick));
  await expect.poll(() => currentTick(page)).toBe(tick);
}

const pct = (x: number) => `${(x * 100).toFixed(x > 0 && x < 0.1 ? 1 : 0)}%`;
const blocks = (n: number) => `${n} block${n === 1 ? '' : 's'}`;
const note = (page: Page, region: string) => page.getByRole('region', { name: region, exact: true }).locator('header .muted');

/** What the book says each heap example ends with (OSTEP chapters 14 and 17). */
const HEAP_BOOK: Record<string, { freeBlocks?: number; largestFree?: number; failed?: number; peak?: string; searched?: number }> = {
  // The three leaked blocks are reclaimed at exit: the heap is one free block again.
  '14-memory-leak.json': { freeBlocks: 1, largestFree: 4096, failed: 0 },
  // Every block merges with its buddy back into the 512-byte heap; 150 of 512 bytes was the peak.
  '17-buddy.json': { freeBlocks: 1, largestFree: 512, peak: '29%', searched: 8 },
  // Without coalescing four 64-byte pieces stay apart and malloc(200) fails.
  '17-no-coalescing.json': { freeBlocks: 4, largestFree: 64, failed: 1 },
  '17-placement-policies.json': { freeBlocks: 1, largestFree: 512, failed: 1 },
};

async function expectHeapFigures(page: Page, h: Report['heap']): Promise<void> {
  const field = (key: string) => page.getByTestId('heap-metrics').locator(`[data-metric="${key}"] dd`);
  await expect(field('inUse')).toHaveText(`${h.inUse} B of ${h.heapSize} B`);
  await expect(field('overhead')).toHaveText(`${h.payload} · ${h.headerBytes} · ${h.paddingBytes} B`);
  await expect(field('internalFragmentation')).toHaveText(pct(h.internalFragmentation));
  await expect(field('freeBytes')).toHaveText(`${h.freeBytes} B in ${blocks(h.freeBlocks)}`);
  await expect(field('largestFree')).toHaveText(`${h.largestFree} B`);
  await expect(field('externalFragmentation')).toHaveText(pct(h.externalFragmentation));
  await expect(field('lastSearched')).toHaveText(`${blocks(h.lastSearched)} (${h.totalSearched} in all)`);
  await expect(field('utilisation')).toHaveText(pct(h.utilisation));
  await expect(field('failed')).toHaveText(String(h.failed));
  await expect(page.getByTestId('heap-metrics').locator('.mem-calls')).toHaveText(`${h.allocs} malloc · ${h.frees} free · ${h.reallocs} realloc calls`);
}

/** A tick in the middle of each heap example, while its blocks are allocated. */
const HEAP_MID: Record<string, number> = {
  '14-memory-leak.json': 12,
  '17-buddy.json': 4,
  '17-no-coalescing.json': 4,
  '17-placement-policies.json': 10,
};

test.describe('the heap view agrees with glassbox run and with the book', () => {
  for (const file of examples(/^(14|17)-.*\.json$/)) {
    test(file, async ({ page }, info) => {
      const r = cli(file);
      await openAt(page, file, r.ticks);
      await expect(page.getByTestId('memory-mode-kernel')).toHaveAttribute('aria-pressed', 'true');
      const h = r.heap;
      await expectHeapFigures(page, h);
      const book = HEAP_BOOK[file];
      if (book?.freeBlocks !== undefined) expect(h.freeBlocks).toBe(book.freeBlocks);
      if (book?.largestFree !== undefined) expect(h.largestFree).toBe(book.largestFree);
      if (book?.failed !== undefined) expect(h.failed).toBe(book.failed);
      if (book?.peak !== undefined) expect(pct(h.utilisation)).toBe(book.peak);
      if (book?.searched !== undefined) expect(h.totalSearched).toBe(book.searched);
      await page.screenshot({ path: info.outputPath(`${file}-heap.png`) });

      // Mid-run, with blocks allocated: the view, the report and the figures the program printed agree.
      const tick = HEAP_MID[file];
      expect(tick, 'a mid-run tick for this example').toBeDefined();
      const mid = cli(file, tick);
      const printed = [...mid.terminal.matchAll(/heap: (\d+) B in use \((\d+) asked for\), (\d+) B free in (\d+) free blocks?, largest (\d+)/g)].at(-1);
      if (printed) expect(printed.slice(1).map(Number)).toEqual([mid.heap.inUse, mid.heap.payload, mid.heap.freeBytes, mid.heap.freeBlocks, mid.heap.largestFree]);
      await page.getByLabel('Scrub through time').fill(String(tick));
      await expect.poll(() => currentTick(page)).toBe(tick);
      await expectHeapFigures(page, mid.heap);
      expect(mid.heap.allocatedBlocks).toBeGreaterThan(0);
      await page.screenshot({ path: info.outputPath(`${file}-heap-${tick}.png`) });
    });
  }
});

/** What the book (and each example's description) says memtouch's own faults come to, as it prints them. */
const VM_BOOK: Record<string, { minor: number; major: number }> = {
  // A loop over 6 pages in 4 frames: every first touch a minor fault, every later access a major one.
  '22-clock-few-frames.json': { minor: 6, major: 30 },
  // Three loops of 5 pages beside each other: every access faults.
  '22-thrashing.json': { minor: 5, major: 35 },
  // 4 heap pages written 40 times: 4 minor faults, nothing evicted in 64 frames.
  '20-multilevel-page-table.json': { minor: 4, major: 0 },
  // Whole images in contiguous frames: no page faults at all.
  '15-base-and-bounds.json': { minor: 0, major: 0 },
};

async function expectVmFigures(page: Page, r: Report): Promise<void> {
  const v = r.vm;
  await expect(page.getByTestId('vm-counters')).toHaveText(`faults ${v.minorFaults} minor, ${v.majorFaults} major · ${v.evictions} evictions · ${v.cowBreaks} COW · ${v.segvs} SIGSEGV`);
  await expect(page.getByTestId('vm-view').locator('.vm-summary')).toContainText(`${v.frames} frames, ${v.swapSlots} swap slots`);
  if (v.tlbEntries > 0) {
    await expect(note(page, 'TLB')).toHaveText(`${v.tlbHits} hits, ${v.tlbMisses} misses${v.tlbHitRate === null ? '' : ` (hit rate ${v.tlbHitRate})`}, ${v.tlbFlushes} flushes`);
  }
  await expect(note(page, 'Physical frames')).toHaveText(new RegExp(`^${v.freeFrames} free\\b`));
  await expect(page.getByTestId('vm-frames-legend')).toContainText(`(${v.tableFrames} here;`);
  await expect(note(page, 'Swap area')).toHaveText(`${v.swapUsed}/${v.swapSlots} slots used, ${v.swapReads} in, ${v.swapWrites} out`);
}

test.describe('the virtual memory view agrees with glassbox run and with the book', () => {
  for (const file of examples(/^(15|20|22)-.*\.json$/)) {
    test(file, async ({ page }, info) => {
      const r = cli(file);
      await openAt(page, file, r.ticks);
      await expect(page.getByTestId('vm-view')).toBeVisible();
      await expectVmFigures(page, r);
      // Every process is gone: no frame is outlined as a victim just evicted.
      if (r.vm.freeFrames === r.vm.frames) await expect(page.locator('.vm-frame.victim')).toHaveCount(0);
      const book = VM_BOOK[file];
      if (book) {
        const lines = [...r.terminal.matchAll(/over \d+ pages: (\d+) minor faults, (\d+) major faults/g)];
        expect(lines.length).toBeGreaterThan(0);
        for (const l of lines) expect([Number(l[1]), Number(l[2])]).toEqual([book.minor, book.major]);
      }
      await page.screenshot({ path: info.outputPath(`${file}-vm.png`) });
    });
  }

  test('the multi-level page table mid-run: its tree takes 2 frames, as pmap says', async ({ page }) => {
    const file = '20-multilevel-page-table.json';
    const r = cli(file, 20);
    // pmap 3, typed at tick 20: its tree takes 2 frames.
    expect(cli(file).terminal).toMatch(/page tables 2 frames/);
    await openAt(page, file, 20);
    await expectVmFigures(page, r);
    // OSTEP 20: the directory has 2 of its 32 entries valid (the table under the code and heap, and the stack's), 30 tables absent.
    await page.getByTestId('vm-pid').selectOption('3');
    await expect(page.getByRole('region', { name: /^Page table/ })).toContainText('page directory · 2/32 valid');
    await expect(page.getByRole('region', { name: /^Page table/ })).toContainText('30 entries invalid');
  });
});

/** What df and the book say each file-system example ends with. */
const FS_BOOK: Record<string, { inodesUsed?: number }> = {
  // df -i at the end: 10 of 32 inodes.
  '39-files-and-links.json': { inodesUsed: 10 },
};

test.describe('the files view agrees with glassbox run and with df', () => {
  for (const file of examples(/^(39|42)-.*\.json$/)) {
    test(file, async ({ page }, info) => {
      const r = cli(file);
      await openAt(page, file, r.ticks);
      const f = r.fs;
      await expect(note(page, 'Disk · block map')).toContainText(`in use: ${f.dataBlocksUsed} of ${f.dataBlocks} data blocks, ${f.inodesUsed} of ${f.inodes} inodes`);
      await expect(page.getByTestId('device-writes')).toHaveText(String(f.blockWrites));
      if (f.journal !== 'none') await expect(page.getByTestId('crash-panel')).toContainText(`${f.commits} commits, ${f.checkpoints} checkpoints`);
      // The inode table lists as many inodes in use as the bitmap counts (the disk is consistent at the end).
      await page.getByRole('tab', { name: 'Inodes', exact: true }).click();
      await expect(page.getByTestId('inode-table').locator('tbody tr:not(.muted)')).toHaveCount(f.inodesUsed);
      const book = FS_BOOK[file];
      if (book?.inodesUsed !== undefined) expect(f.inodesUsed).toBe(book.inodesUsed);
      await page.screenshot({ path: info.outputPath(`${file}-files.png`) });
      // In a narrow window the note may be cut short, and is whole on hover.
      await page.setViewportSize({ width: 1024, height: 700 });
      await expect(note(page, 'Disk · block map')).toHaveAttribute('title', new RegExp(`in use: ${f.dataBlocksUsed} of ${f.dataBlocks} data blocks`));
      await page.screenshot({ path: info.outputPath(`${file}-files-1024.png`) });
    });
  }
});

test.describe('the process views agree with glassbox run', () => {
  for (const file of examples(/^(04|05)-.*\.json$/)) {
    test(file, async ({ page }) => {
      const r = cli(file);
      await openAt(page, file, r.ticks);
      await page.getByRole('tab', { name: 'Processes', exact: true }).click();
      // The live processes: state, command and times, as the process table shows them.
      await page.getByRole('tab', { name: 'Process table', exact: true }).click();
      const live = r.processes.filter((p) => p.finish === null);
      await expect(page.getByTestId('process-table').locator('tbody tr')).toHaveCount(live.length);
      for (const p of live) {
        const cells = page.getByTestId('process-table').locator(`tr[data-pid="${p.pid}"] td`);
        await expect(cells.nth(3)).toContainText(p.status);
        await expect(cells.nth(4)).toHaveText(p.command);
        await expect(cells.nth(5)).toHaveText(String(p.cpu));
        await expect(cells.nth(6)).toHaveText(String(p.arrival));
        await expect(cells.nth(7)).toHaveText(p.response === null ? '–' : String(p.response));
        await expect(cells.nth(8)).toHaveText(String(p.wait));
      }
      // Each ended process's end, as the kernel's event log has it.
      await page.getByRole('tab', { name: 'Kernel events', exact: true }).click();
      for (const p of r.processes.filter((p) => p.finish !== null)) {
        const code = /^exit (\d+)$/.exec(p.status);
        await expect(page.getByTestId('event-log')).toContainText(code ? `pid ${p.pid} exited with status ${code[1]}` : `pid ${p.pid} ${p.status}`);
      }
    });
  }
});

interface IpcReport {
  ipc: {
    pipes: { id: number; capacity: number; used: number; bytesWritten: number; bytesRead: number; readers: number[]; writers: number[] }[];
    queues: { id: number; key: number; count: number; capacity: number }[];
    semaphores: { id: number; key: number; value: number; initial: number; holders: { pid: number; count: number }[]; waiters: number[] }[];
    deadlocks: number[][];
  };
}

/** The IPC examples at ticks where their pipe, queue or semaphores are alive (at the end they are gone). */
const IPC_AT: [string, number][] = [
  ['05-pipes-and-redirection.json', 10],
  ['30-producer-consumer-pipe.json', 40],
  ['31-semaphores-and-queues.json', 30],
  ['31-semaphores-and-queues.json', 80],
  ['32-dining-philosophers.json', 30],
  ['32-dining-philosophers.json', 80],
];

const pids = (xs: number[]) => (xs.length ? xs.join(', ') : 'none');

test.describe('the IPC views agree with glassbox run', () => {
  for (const [file, tick] of IPC_AT) {
    test(`${file} at tick ${tick}`, async ({ page }, info) => {
      const r = cli(file, tick) as unknown as Report & IpcReport;
      const { pipes, queues, semaphores, deadlocks } = r.ipc;
      expect(pipes.length + queues.length + semaphores.length, 'something to compare at this tick').toBeGreaterThan(0);
      await openAt(page, file, tick);
      await page.getByRole('tab', { name: 'Processes', exact: true }).click();
      await page.getByRole('tab', { name: 'Pipes, signals, IPC', exact: true }).click();
      await page.getByRole('tab', { name: 'Pipes', exact: true }).click();
      await expect(page.getByTestId('pipes').locator('.pipe-card')).toHaveCount(pipes.length);
      for (const p of pipes) {
        // A pipe's unread bytes are what was written and not yet read, within its capacity.
        expect(p.used).toBe(p.bytesWritten - p.bytesRead);
        expect(p.used).toBeLessThanOrEqual(p.capacity);
        await expect(page.getByTestId('pipes').locator(`[data-pipe="${p.id}"] p`).first()).toContainText(
          `pipe ${p.id} · writers ${pids(p.writers)} → readers ${pids(p.readers)} · ${p.used} of ${p.capacity} bytes buffered · ${p.bytesWritten} written, ${p.bytesRead} read`,
        );
      }
      await page.getByRole('tab', { name: 'Queues & semaphores', exact: true }).click();
      const sysv = page.getByTestId('sysv');
      for (const q of queues) {
        expect(q.count).toBeLessThanOrEqual(q.capacity);
        await expect(sysv).toContainText(`message queue ${q.id} (key ${q.key}) · ${q.count} of ${q.capacity} messages`);
      }
      for (const s of semaphores) {
        // A lock (created with 1) is held by whoever took it; a counting semaphore is told by its value alone.
        const held = s.holders.length ? s.holders.map((h) => `${h.pid}${h.count > 1 ? ` ×${h.count}` : ''}`).join(', ') : 'nobody';
        const use = s.initial === 1 ? ` · held by ${held}` : ` (initially ${s.initial})`;
        await expect(sysv).toContainText(`semaphore ${s.id} (key ${s.key}) · value ${s.value}${use}`);
        if (s.initial !== 1) await expect(sysv.locator('.pipe-card', { hasText: `semaphore ${s.id} ` })).not.toContainText('held by');
      }
      if (file.startsWith('31-') && tick === 80) {
        // The producer/consumer example's empty (2 slots), full (0) and mutex (1): only the mutex is held.
        expect(semaphores.map((s) => s.initial).sort()).toEqual([0, 1, 2]);
      }
      if (file.startsWith('32-') && tick === 30) {
        // OSTEP 31.6: each philosopher holds its left fork and waits for its right, all five in one cycle.
        expect(deadlocks).toEqual([[4, 5, 6, 7, 8]]);
        expect(semaphores.every((s) => s.value === 0 && s.holders.length === 1 && s.waiters.length === 1)).toBe(true);
        await expect(page.getByTestId('deadlock')).toContainText('4');
      } else {
        expect(deadlocks).toEqual([]);
      }
      await page.screenshot({ path: info.outputPath(`${file}-${tick}-ipc.png`) });
    });
  }
});

test.describe('proportional share: the fairness the metrics show agrees with glassbox run and with the book', () => {
  for (const file of ['09-lottery.json', '09-stride.json', '09-cfs-nice.json']) {
    test(`${file} at tick 80`, async ({ page }) => {
      const r = cli(file, 80) as Report & { fairness: number | null };
      expect(r.fairness).not.toBeNull();
      await openAt(page, file, 80);
      await page.getByRole('tab', { name: 'Scheduler', exact: true }).click();
      await expect(page.getByTestId('metrics-summary')).toContainText(`Jain's fairness ${r.fairness!.toFixed(3)}`);
      const cpu = Object.fromEntries(r.processes.map((p) => [p.pid, p.cpu]));
      // OSTEP 9.6: with strides 100, 200 and 40, every 80 ticks give the jobs exactly 20, 10 and 50.
      if (file === '09-stride.json') {
        expect(cpu).toMatchObject({ 2: 20, 3: 10, 4: 50 });
        await expect(page.getByTestId('metrics-summary')).toContainText("Jain's fairness 1.000");
      }
      // OSTEP 9.7: weights 1024 and 335 over a 48-tick period: slices of 36 and 12, pid 3 first runs at tick 36.
      if (file === '09-cfs-nice.json') expect(r.processes.find((p) => p.pid === 3)?.response).toBe(36);
    });
  }
});
