import { describe, expect, it } from 'vitest';
import { runShellScript } from '../../../src/sim/machine/run-script.ts';

describe('heapinfo', () => {
  it('reports the heap and its allocator as free -v does, counting the calls a program made', () => {
    const r = runShellScript('alloc fragment > /dev/null; heapinfo; echo --; free -v', { winsize: { cols: 200, rows: 24 } });
    const [info, free] = r.output.split('--\n');
    expect(info).toMatch(/^heap: +4096 bytes, 0 used, 4096 free in 1 block \(largest 4096\), 0 allocated\n/);
    // fragment mallocs until one fails (56 blocks and the failure), frees every other block,
    // asks for one larger than any hole (the second failure), then frees the rest.
    expect(info).toContain('operations:  58 malloc, 56 free, 0 realloc, 2 failed;');
    // The allocator's report is the same text free -v prints after its rows.
    const report = info.slice(info.indexOf('allocator:'));
    expect(free.endsWith(report)).toBe(true);
    expect(r.status).toBe(0);
  });

  it('takes no operands and says so', () => {
    const r = runShellScript('heapinfo 12; echo "status $?"');
    expect(r.output).toContain("heapinfo: extra operand '12'\n");
    expect(r.output).toContain('status 1\n');
  });
});
