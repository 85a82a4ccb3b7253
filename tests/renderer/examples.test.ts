import { describe, expect, it } from 'vitest';
import { EXAMPLES, viewFor } from '../../src/renderer/examples.ts';

describe('each example opens on the view it is about', () => {
  it('by its chapter: scheduling, memory, the heap or paging, files, processes and IPC', () => {
    expect(viewFor('07-fifo-convoy')).toEqual({ tab: 'scheduler' });
    expect(viewFor('17-buddy')).toEqual({ tab: 'memory', mode: 'kernel' });
    expect(viewFor('14-memory-leak')).toEqual({ tab: 'memory', mode: 'kernel' });
    expect(viewFor('22-thrashing')).toEqual({ tab: 'memory', mode: 'vm' });
    expect(viewFor('42-journal-crash')).toEqual({ tab: 'files' });
    expect(viewFor('30-producer-consumer-pipe')).toEqual({ tab: 'processes', lower: 'ipc', ipc: 'pipes' });
    expect(viewFor('05-signals-and-job-control')).toEqual({ tab: 'processes', lower: 'ipc', ipc: 'signals' });
    expect(viewFor('31-semaphores-and-queues')).toEqual({ tab: 'processes', lower: 'ipc', ipc: 'sysv' });
    expect(viewFor('05-terminal-tour')).toEqual({ tab: 'processes', lower: 'table' });
  });

  it('every bundled example has a view, and not all of them the scheduler', () => {
    expect(EXAMPLES.length).toBeGreaterThan(10);
    const tabs = new Set(EXAMPLES.map((e) => e.view.tab));
    expect([...tabs].sort()).toEqual(['files', 'memory', 'processes', 'scheduler']);
  });
});
